import { randomUUID } from 'node:crypto';
import type { Actor } from '@brygga/common';
import { PlanModule, PlanService } from '@brygga/plan';
import { SipPlanModule, SipPlanService } from '@brygga/sip-plan';
import { MessagesService, ThreadsModule, ThreadsService } from '@brygga/threads';
import { newThreadBody } from '../../support/bodies';
import { ServiceWorld } from '../support/service-world';

/**
 * The SIP plan's parts for the person (goals in their words, insatser, the next meeting) reach
 * Min hemgång: the published plans the citizen routes read (PlanService.publishedPlansForPatient).
 */
describe('the SIP plan in Min hemgång', () => {
  let world: ServiceWorld;

  beforeAll(async () => {
    world = await ServiceWorld.start([ThreadsModule, SipPlanModule, PlanModule]);
  });
  afterAll(() => world.close());

  it("shows the current version's goals, insatser and next meeting on the published page", async () => {
    const ward = await world.unit('slutenvard', 'Medicinavdelning 4');
    const sof = await world.unit('sof', 'SOF mottagningsteam');
    const hemtjanst = await world.unit('hemtjanst', 'Hemtjänst Norr');
    const coordinator: Actor = await world.actor(ward, 'koordinator', 'Karin');
    const officer: Actor = await world.actor(sof, 'handlaggare', 'Maria');
    const { thread } = await world.get(ThreadsService).create(coordinator, newThreadBody([sof, hemtjanst]));
    await world.get(MessagesService).post(coordinator, thread.id, {
      kind: 'sip_kallelse',
      payload: { motesTid: new Date(Date.now() + 86_400_000).toISOString(), plats: 'Hemma', inbjudnaEnheter: [sof, hemtjanst] },
      idempotencyKey: randomUUID(),
    } as never);
    const sip = world.get(SipPlanService);
    const plan = {
      situation: 'Bor ensam.',
      mal: ['Klara morgonrutinen själv'],
      insatser: [{ vad: 'Hjälp med dusch', enhetId: hemtjanst, fran: '2026-12-10', hurOfta: 'tisdag och fredag' }],
      sipAnsvarigEnhet: sof,
      deltagare: { enheter: [sof, hemtjanst], patientenDeltog: true, narstaendeDeltog: true },
      plats: 'i_hemmet' as const,
      typ: 'vid_utskrivning' as const,
      motesdatum: '2026-12-09',
      uppfoljningsdatum: '2027-01-15',
    };
    await sip.saveVersion(officer, thread.id, plan);
    // A second version changes the goals: the page shows the current one.
    await sip.saveVersion(officer, thread.id, { ...plan, mal: ['Klara morgonrutinen själv', 'Gå till affären'], grundversion: 1 });
    const plans = world.get(PlanService);
    expect(await plans.publishedPlansForPatient(thread.patient.id)).toEqual([]); // nothing before it is published
    await plans.publish(coordinator, thread.id, {});
    const [page] = await plans.publishedPlansForPatient(thread.patient.id);
    const section = page.sections.find((s) => s.key === 'sip')!;
    const entries = Object.fromEntries(section.entries.map((e) => [e.label, e.text]));
    expect(entries['Dina mål']).toBe('Klara morgonrutinen själv; Gå till affären');
    expect(entries['Hjälp med dusch']).toMatch(/^Hemtjänst Norr, från .*december 2026, tisdag och fredag$/);
    expect(entries['Nästa möte (uppföljning)']).toMatch(/15 januari 2027/);
    // No staff-only part of the plan reaches the person: not the situation, not who took part.
    expect(JSON.stringify(page)).not.toContain('Bor ensam.');
  });
});
