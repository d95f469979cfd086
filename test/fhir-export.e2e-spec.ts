import { randomUUID } from 'node:crypto';
import { FhirRefusal, validateMessage } from '@brygga/fhir';
import { ApiProcess } from './support/api-process';
import { TestApi, type TestUser } from './support/harness';
import { ackOf, processMessage, systemFor, SystemIdp } from './support/fhir';
import { Receiver } from './support/fhir-receiver';

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const hsa = () => `SE2321000198-F${randomUUID().slice(0, 8).toUpperCase()}`;

async function wardAndMunicipality(api: TestApi, ids: { ward: string; sof: string }): Promise<{ ward: string; sof: string }> {
  const ward = await api.unit('slutenvard', 'Medicinavdelning FHIR');
  const sof = await api.unit('sof', 'SOF FHIR');
  await api.dataSource.query('UPDATE unit SET hsa_id = $2 WHERE id = $1', [ward, ids.ward]);
  await api.dataSource.query('UPDATE unit SET hsa_id = $2 WHERE id = $1', [sof, ids.sof]);
  return { ward, sof };
}

describe('FHIR export through the outbox', () => {
  it('sends each structured message after its commit, the receiver validates it, and re-importing the messages into another Brygga gives the same thread', async () => {
    const receiver = await new Receiver().start();
    const systems = await SystemIdp.start(['avdelningens-system']);
    const a = await TestApi.start(systems.env('se'));
    const b = await TestApi.start(systems.env('se'));
    try {
      const ids = { ward: hsa(), sof: hsa() };
      const inA = await wardAndMunicipality(a, ids);
      await systemFor(a, inA.sof, 'kommunens-system', { endpointUrl: receiver.url });
      const coordinator = await a.user(inA.ward, 'koordinator');
      const opened = await a.request(coordinator, 'POST', '/api/threads', {
        patient: { personnummer: '19000612-9803', givenName: 'Tekla', familyName: 'Testsson' },
        participantUnitIds: [inA.sof],
        triage: 'gul',
      });
      const threadId = opened.body.id as string;
      const post = async (body: Record<string, unknown>) => {
        const res = await a.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, { idempotencyKey: randomUUID(), ...body });
        expect(res.status).toBe(201);
        return res.body;
      };
      const admission = await post({
        kind: 'inskrivningsmeddelande',
        payload: {
          inskrivenAt: '2026-11-20T08:00:00+01:00',
          forvantatUtskrivningsdatum: '2026-11-27',
          bedomtBehov: 'Hemtjänst morgon och kväll',
        },
      });
      await post({ kind: 'fritext', body: 'Patienten har rullator.\nNyckel finns hos grannen.' });
      await post({
        kind: 'inskrivningsmeddelande',
        correctsMessageId: admission.id,
        payload: { inskrivenAt: '2026-11-20T07:30:00+01:00', bedomtBehov: 'Hemtjänst morgon, middag och kväll' },
      });
      await post({ kind: 'utskrivningsklar', payload: { utskrivningsklarAt: '2026-11-24T10:00:00+01:00' } });
      await post({ kind: 'utskrivningsmeddelande', payload: { utskrivenAt: '2026-11-25T11:00:00+01:00', lakemedelslistaBifogad: true } });

      // Status per message in the thread: väntar på kvittens → kvitterat.
      const listed = await until('every message acknowledged', async () => {
        const res = await a.request(coordinator, 'GET', `/api/threads/${threadId}/messages`);
        return res.body.messages.every((m: any) => m.deliveries?.[0]?.label === 'kvitterat') && res.body.messages;
      });
      expect(listed[0].deliveries).toEqual([{ unitId: inA.sof, status: 'kvitterat', label: 'kvitterat' }]);
      expect(receiver.received).toHaveLength(5);
      for (const bundle of receiver.received) expect(() => validateMessage(bundle)).not.toThrow(FhirRefusal);
      expect(receiver.received.map((m) => m.entry[0].resource.eventCoding.code)).toEqual([
        'hospital-notification-message',
        'care-communication-message',
        'hospital-notification-message',
        'care-communication-message',
        'hospital-notification-message',
      ]);
      const activities = receiver.received.map(
        (m) => m.entry.find((e: any) => e.resource.resourceType === 'Provenance').resource.activity.coding[0].code,
      );
      expect(activities).toEqual([
        'admit-inpatient',
        'new-message',
        'revise-admit-inpatient',
        'utskrivningsklar',
        'discharge-inpatient-home',
      ]);
      const [{ count }] = await a.dataSource.query(
        `SELECT count(*)::int AS count FROM audit_log WHERE action = 'fhir.export' AND thread_id = $1`,
        [threadId],
      );
      expect(count).toBe(5);

      // The other Brygga: the same units (by HSA-id), the ward's own system sends what was received.
      const inB = await wardAndMunicipality(b, ids);
      await systemFor(b, inB.ward, 'avdelningens-system');
      const token = await systems.token('avdelningens-system');
      for (const bundle of receiver.received) expect(ackOf(await processMessage(b, token, bundle)).code).toBe('ok');

      const state = async (api: TestApi, reader: TestUser) => {
        const [listed] = (await api.request(reader, 'GET', '/api/threads')).body.threads;
        const thread = (await api.request(reader, 'GET', `/api/threads/${listed.id}`)).body;
        const messages = (await api.request(reader, 'GET', `/api/threads/${thread.id}/messages`)).body.messages;
        const seqOf = new Map<string, number>(messages.map((m: any) => [m.id, m.seq]));
        return {
          status: thread.status,
          triage: thread.triage,
          patient: thread.patient.identityNumber,
          dates: thread.dates,
          messages: messages.map((m: any) => ({
            seq: m.seq,
            kind: m.kind,
            body: m.body,
            payload: m.payload,
            corrects: m.correctsMessageId ? seqOf.get(m.correctsMessageId) : null,
          })),
        };
      };
      const inAState = await state(a, await a.user(inA.sof, 'handlaggare'));
      const inBState = await state(b, await b.user(inB.sof, 'handlaggare'));
      expect(inBState).toEqual(inAState);
      expect(inAState).toMatchObject({
        status: 'utskriven',
        dates: { plannedDischargeDate: '2026-11-27', dischargedAt: '2026-11-25T10:00:00.000Z' },
      });
    } finally {
      await a.close();
      await b.close();
      await systems.close();
      await receiver.stop();
    }
  }, 120_000);

  it('a system registered while the api runs gets the very next message (the node had read that no unit of the thread has one)', async () => {
    const receiver = await new Receiver().start();
    const api = await TestApi.start();
    try {
      const ids = { ward: hsa(), sof: hsa() };
      const units = await wardAndMunicipality(api, ids);
      const coordinator = await api.user(units.ward, 'koordinator');
      const opened = await api.request(coordinator, 'POST', '/api/threads', {
        patient: { personnummer: '19000612-9803', givenName: 'Tekla', familyName: 'Testsson' },
        participantUnitIds: [units.sof],
        triage: 'gul',
      });
      const threadId = opened.body.id as string;
      const post = (body: string) =>
        api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, { idempotencyKey: randomUUID(), kind: 'fritext', body });
      const outboxRows = async (messageId: string) =>
        (await api.dataSource.query('SELECT count(*)::int AS n FROM fhir_outbox WHERE message_id = $1', [messageId]))[0].n as number;

      const before = await post('Innan kommunens system fanns.');
      expect(await outboxRows(before.body.id)).toBe(0);
      await systemFor(api, units.sof, 'kommunens-nya-system', { endpointUrl: receiver.url });
      const after = await post('Efter att kommunens system registrerats.');
      expect(after.status).toBe(201);
      expect(await outboxRows(after.body.id)).toBe(1);
      await until('the message delivered', async () => receiver.received.length === 1);
    } finally {
      await api.close();
      await receiver.stop();
    }
  }, 60_000);

  it("keeps each receiver's order, also across a failed attempt, while a hanging receiver holds up no other receiver", async () => {
    const prompt = await new Receiver().start();
    const hanging = await new Receiver().start();
    // Its first request never gets an answer (the attempt times out); later ones are acknowledged.
    hanging.answer = (bundle, res) => {
      if (hanging.received.length > 1) hanging.ok(bundle, res);
    };
    const api = await TestApi.start({
      // Long enough that the other receiver's three messages beat it even on a loaded machine.
      FHIR_SEND_TIMEOUT_SECONDS: '10',
      FHIR_RETRY_SECONDS: '2',
      FHIR_MAX_RETRIES: '3',
      FHIR_OUTBOX_POLL_SECONDS: '1',
    });
    try {
      const ward = await api.unit('slutenvard', 'Avdelning ordning');
      const municipal = await api.unit('sof', 'SOF ordning');
      const provider = await api.unit('hemtjanst', 'Hemtjänst ordning');
      await api.dataSource.query('UPDATE unit SET hsa_id = $2 WHERE id = $1', [ward, hsa()]);
      await systemFor(api, municipal, 'kommun-ordning', { endpointUrl: prompt.url });
      await systemFor(api, provider, 'utforare-ordning', { endpointUrl: hanging.url });
      const coordinator = await api.user(ward, 'koordinator');
      const threadId = (
        await api.request(coordinator, 'POST', '/api/threads', {
          patient: { personnummer: '19000612-9803', givenName: 'Tekla', familyName: 'Testsson' },
          participantUnitIds: [municipal, provider],
          triage: 'gron',
        })
      ).body.id as string;
      const started = Date.now();
      const ids: string[] = [];
      for (const body of ['Första', 'Andra', 'Tredje']) {
        const res = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
          kind: 'fritext',
          body,
          idempotencyKey: randomUUID(),
        });
        expect(res.status).toBe(201);
        ids.push(res.body.id);
      }
      const headerOf = async (messageId: string, unitId: string) =>
        (
          await api.dataSource.query('SELECT message_header_id FROM fhir_outbox WHERE message_id = $1 AND receiver_unit_id = $2', [
            messageId,
            unitId,
          ])
        )[0].message_header_id as string;
      const headerIdsAt = (receiver: Receiver) => receiver.received.map((b) => b.entry[0].resource.id as string);

      // The prompt receiver has all three, in order, while the hanging one still waits on its first request.
      await until('the prompt receiver has all three', async () => prompt.received.length === 3, 30_000);
      const promptMs = Date.now() - started;
      expect(hanging.received).toHaveLength(1);
      expect(headerIdsAt(prompt)).toEqual([
        await headerOf(ids[0], municipal),
        await headerOf(ids[1], municipal),
        await headerOf(ids[2], municipal),
      ]);

      // The hanging receiver: the first message times out, is sent again, and only then come the others.
      await until('the hanging receiver has acknowledged all three', async () => {
        const rows = await api.dataSource.query(`SELECT status FROM fhir_outbox WHERE receiver_unit_id = $1`, [provider]);
        return rows.length === 3 && rows.every((r: { status: string }) => r.status === 'kvitterat');
      });
      const first = await headerOf(ids[0], provider);
      expect(headerIdsAt(hanging)).toEqual([first, first, await headerOf(ids[1], provider), await headerOf(ids[2], provider)]);
      // The resend is a new Bundle (id and timestamp) of the same message.
      expect(hanging.received[1].id).not.toBe(hanging.received[0].id);
      expect(Date.parse(hanging.received[1].timestamp)).toBeGreaterThan(Date.parse(hanging.received[0].timestamp));
      console.warn(
        `fhir ordering: prompt receiver had 3 messages ${promptMs} ms after the first post; hanging receiver all 3 after ${Date.now() - started} ms`,
      );
    } finally {
      await api.close();
      await prompt.stop();
      await hanging.stop();
    }
  }, 120_000);

  it('survives an api killed mid-send: the message is sent again with a new Bundle id and the same MessageHeader id, and at most twice more', async () => {
    const receiver = await new Receiver().start();
    const failing = await new Receiver().start();
    failing.answer = (_bundle, res) => {
      res.writeHead(503);
      res.end();
    };
    // The in-process api only prepares the database; the api processes send.
    const api = await TestApi.start({ FHIR_OUTBOX_SEND: 'false' });
    const env = { FHIR_RETRY_SECONDS: '2', FHIR_MAX_RETRIES: '2', FHIR_OUTBOX_POLL_SECONDS: '1' };
    let node: ApiProcess | undefined;
    try {
      const ward = await api.unit('slutenvard', 'Avdelning omstart');
      const municipal = await api.unit('sof', 'SOF omstart');
      const provider = await api.unit('hemtjanst', 'Hemtjänst omstart');
      await api.dataSource.query('UPDATE unit SET hsa_id = $2 WHERE id = $1', [ward, hsa()]);
      await systemFor(api, municipal, 'kommun-omstart', { endpointUrl: receiver.url });
      await systemFor(api, provider, 'utforare-omstart', { endpointUrl: failing.url });
      const coordinator = await api.user(ward, 'koordinator');
      const threadId = (
        await api.request(coordinator, 'POST', '/api/threads', {
          patient: { personnummer: '19000612-9803', givenName: 'Tekla', familyName: 'Testsson' },
          participantUnitIds: [municipal, provider],
          triage: 'gron',
        })
      ).body.id as string;

      // The first attempt hangs at the receiver; the node dies while it waits for the answer.
      let hung = 0;
      receiver.answer = () => void hung++;
      node = await ApiProcess.start(api, env);
      const posted = await api.request(coordinator, 'POST', `/api/threads/${threadId}/messages`, {
        kind: 'fritext',
        body: 'Kan ni ta emot på fredag?',
        idempotencyKey: randomUUID(),
      });
      expect(posted.status).toBe(201);
      // Both receivers' first attempts have arrived (they go out in parallel; under load the failing
      // one's can trail): a kill before it arrived would cost an attempt that was claimed, never sent.
      await until('the first attempt at each receiver', async () => hung === 1 && failing.received.length === 1);
      await node.kill('SIGKILL');
      const row = async (unitId: string) =>
        (
          await api.dataSource.query(
            'SELECT status, attempts, message_header_id FROM fhir_outbox WHERE message_id = $1 AND receiver_unit_id = $2',
            [posted.body.id, unitId],
          )
        )[0];
      expect(await row(municipal)).toMatchObject({ status: 'vantar_pa_kvittens', attempts: 1 });

      receiver.answer = receiver.ok;
      node = await ApiProcess.start(api, env);
      await until('the acknowledgement after the restart', async () => (await row(municipal)).status === 'kvitterat');
      expect(receiver.received).toHaveLength(2);
      const [first, second] = receiver.received;
      expect(second.entry[0].resource.id).toBe(first.entry[0].resource.id);
      expect(second.id).not.toBe(first.id);
      expect((await row(municipal)).attempts).toBe(2);

      // A receiver that never acknowledges: the first attempt and two retries, then fel.
      await until('the failing receiver given up', async () => (await row(provider)).status === 'fel');
      expect(failing.received).toHaveLength(3);
      expect(new Set(failing.received.map((b) => b.id)).size).toBe(3);
      // Every send renews the Bundle's timestamp too (MedCom: a resend is a new Bundle).
      const stamps = failing.received.map((b) => Date.parse(b.timestamp));
      expect(stamps[1]).toBeGreaterThan(stamps[0]);
      expect(stamps[2]).toBeGreaterThan(stamps[1]);
      const messages = (await api.request(coordinator, 'GET', `/api/threads/${threadId}/messages`)).body.messages;
      expect(messages[0].deliveries).toEqual(
        expect.arrayContaining([
          { unitId: municipal, status: 'kvitterat', label: 'kvitterat' },
          { unitId: provider, status: 'fel', label: 'fel' },
        ]),
      );
    } finally {
      await node?.kill('SIGKILL');
      await api.close();
      await receiver.stop();
      await failing.stop();
    }
  }, 150_000);
});
