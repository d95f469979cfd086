import { randomUUID } from 'node:crypto';
import { DomainError, type Actor } from '@brygga/common';
import { MessagesService, ThreadsModule, type PostMessageDto } from '@brygga/threads';
import { refusalOf as refusal, ServiceWorld } from '../support/service-world';

/**
 * Answers (MessagesService.post, libs/threads message-answers.ts): a SIP summons is answered by the
 * units it summons, a structured message is acknowledged by another unit, and a pot of hours needs
 * an end date. Moved from test/thread-life.e2e-spec.ts: the HTTP status of each refusal is the
 * filter's (test/validation.e2e-spec.ts), not this rule's.
 */
describe('answers to messages', () => {
  let world: ServiceWorld;
  let messages: MessagesService;
  let coordinator: Actor;
  let officer: Actor;
  let nurse: Actor;
  let carer: Actor;
  let sof: string;
  let hemsjukvard: string;
  let hemtjanst: string;

  beforeAll(async () => {
    world = await ServiceWorld.start([ThreadsModule]);
    messages = world.get(MessagesService);
    const ward = await world.unit('slutenvard', 'Medicinavdelning 4');
    sof = await world.unit('sof', 'SOF mottagningsteam');
    hemsjukvard = await world.unit('hemsjukvard', 'Hemsjukvården Visby');
    hemtjanst = await world.unit('hemtjanst', 'Hemtjänst Norr');
    coordinator = await world.actor(ward, 'koordinator', 'Karin');
    officer = await world.actor(sof, 'handlaggare', 'Maria');
    nurse = await world.actor(hemsjukvard, 'sjukskoterska', 'Anna');
    carer = await world.actor(hemtjanst, 'utforare', 'Eva');
  });
  afterAll(() => world.close());

  const open = (participants: string[]) => world.thread(coordinator, participants);
  const post = async (actor: Actor, threadId: string, kind: PostMessageDto['kind'], payload?: Record<string, unknown>, body?: string) =>
    (await messages.post(actor, threadId, { kind, payload, body, idempotencyKey: randomUUID() })).message;
  /** The fields a refusal names (one entry per broken constraint, so once each here). */
  const fieldsOf = (error: DomainError) => [...new Set(error.fields.map((f) => f.field))];

  it('lets the summoned units answer a SIP summons, each answer as its payload asks, and no other unit', async () => {
    const threadId = await open([sof, hemsjukvard, hemtjanst]);
    const summons = await post(coordinator, threadId, 'sip_kallelse', {
      motesTid: '2026-11-30T13:00:00+01:00',
      plats: 'Avdelning 4',
      inbjudnaEnheter: [sof, hemsjukvard],
    });
    const kallelseId = summons.id;
    await post(officer, threadId, 'sip_svar', { kallelseId, svar: 'accepterar' });
    // Declining needs a reason; proposing needs the other time.
    const declined = await refusal(post(nurse, threadId, 'sip_svar', { kallelseId, svar: 'avbojer' }));
    expect({ code: declined.code, fields: fieldsOf(declined) }).toEqual({ code: 'validation', fields: ['payload.orsak'] });
    const noTime = await refusal(post(nurse, threadId, 'sip_svar', { kallelseId, svar: 'foreslar_annan_tid' }));
    expect(fieldsOf(noTime)).toEqual(['payload.foreslagenTid']);
    await post(nurse, threadId, 'sip_svar', { kallelseId, svar: 'foreslar_annan_tid', foreslagenTid: '2026-12-01T09:00:00+01:00' });
    const uninvited = await refusal(post(carer, threadId, 'sip_svar', { kallelseId, svar: 'accepterar' }));
    expect({ code: uninvited.code, message: uninvited.message }).toEqual({
      code: 'forbidden',
      message: 'Din enhet är inte kallad till detta SIP-möte.',
    });
    const answers = (await messages.list(coordinator, threadId, 0)).filter((m) => m.kind === 'sip_svar');
    expect(answers.map((a) => a.payload?.svar)).toEqual(['accepterar', 'foreslar_annan_tid']);
  });

  it('lets another unit acknowledge a structured message, not its own unit, not free text, not a message that is not there', async () => {
    const threadId = await open([sof, hemtjanst]);
    const notice = await post(coordinator, threadId, 'planerad_utskrivning', { planeradUtskrivning: '2026-11-28' });
    const ack = await post(carer, threadId, 'kvittens', { meddelandeId: notice.id, kommentar: 'Vi planerar för fredag.' });
    expect(ack.payload).toEqual({ meddelandeId: notice.id, kommentar: 'Vi planerar för fredag.' });
    expect((await refusal(post(coordinator, threadId, 'kvittens', { meddelandeId: notice.id }))).code).toBe('conflict');
    const text = await post(coordinator, threadId, 'fritext', undefined, 'Hej');
    expect((await refusal(post(carer, threadId, 'kvittens', { meddelandeId: text.id }))).code).toBe('validation');
    expect((await refusal(post(carer, threadId, 'kvittens', { meddelandeId: randomUUID() }))).code).toBe('validation');
  });

  it('takes a pot of hours for a period only with an end date', async () => {
    const threadId = await open([sof]);
    const pot = { beviljadeTimmar: 40, per: 'period', giltigtFran: '2026-12-01', insatser: ['Dusch', 'Inköp'] };
    const refused = await refusal(post(officer, threadId, 'hemgangsbeslut', pot));
    expect({ code: refused.code, fields: fieldsOf(refused) }).toEqual({
      code: 'validation',
      fields: ['payload.giltigtTill'],
    });
    expect((await post(officer, threadId, 'hemgangsbeslut', { ...pot, giltigtTill: '2026-12-31' })).payload).toMatchObject({
      per: 'period',
      giltigtTill: '2026-12-31',
    });
  });
});
