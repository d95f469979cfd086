import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { roleGrants, type AccessRule, type Capability, type OrgKind, type Role } from '@brygga/common';
import { CSRF_HEADER, hashSystemSecret, registerSystemClient, SystemClient } from '@brygga/auth';
import { DEMO_SEED } from '@brygga/directory';
import { identitiesFromSeed } from '../apps/idp/src';
import { CookieJar, driveIdpLogin } from '../apps/idp/src/testing/drive-login';
import { connectSocket, connected } from './support/api-process';
import { PNG_1x1 } from './support/files';
import { TestApi, type TestSession } from './support/harness';
import { routeInventory } from './support/route-inventory';
import { upload } from './support/uploads';

/**
 * The access matrix: every REST route and socket event × every user of the demo seed, whose
 * units take part in the thread, sit beside it in the same organisation, or belong to another
 * organisation. The expected answer comes from the route's declaration and the capability table;
 * a refusal must write nothing but its access-log row. A route without a row here fails.
 */

interface Who {
  key: string;
  memberships: { unitId: string; unitKey: string; orgKind: OrgKind; role: Role }[];
}

type Outcome = 'allowed' | 403 | 404;

interface Fixture {
  threadId: string;
  ownerUnitId: string;
  participantUnitIds: string[];
  messageId: string;
  /** A file sent with messageId. */
  attachmentId: string;
  itemId: string;
  /** The checklist that holds itemId (the Läkemedelslista). */
  checklistId: string;
  unitIds: Map<string, string>;
  /** Units nobody in the seed works in: added, removed and handed to without touching anyone's access. */
  spareClinic: string;
  spareWard: string;
  /** Opens a thread like the fixture's (for actions that end a thread). */
  freshThread: () => Promise<string>;
  /** A närstående consent (citizen rows). */
  consentId?: string;
  /** A Bevakning alert on the thread, concerning every participant (alert rows). */
  alertId?: string;
}

interface Call {
  /** Narrows who is allowed beyond the capability (organisation-kind and owner rules). */
  allowedIf?: (who: Who, f: Fixture) => boolean;
  /** Set-up that may write, done before the refusal check counts rows. */
  prepare?: (api: TestApi, f: Fixture) => Promise<Fixture>;
  run: (api: TestApi, session: TestSession | null, who: Who, f: Fixture) => Promise<number>;
}

const DATA_TABLES = [
  'attachment',
  'attachment_chunk',
  'citizen',
  'narstaende_consent',
  'thread',
  'thread_participant',
  'patient',
  'message',
  'read_receipt',
  'checklist',
  'checklist_item_change',
  'checklist_template',
  'membership',
  'membership_request',
  'patient_identity_correction',
  'thread_fact',
  'plan_version',
  'thread_alert',
];

/** A browser's P-256 key and auth secret, as PushSubscription.toJSON() gives them. */
const MATRIX_PUSH_KEYS = {
  p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
  auth: 'tBHItJI5svbpez7KI4CCXg',
};

const ownerOnly = (capability: Capability) => (who: Who, f: Fixture) =>
  participating(who, f, capability).some((m) => m.unitId === f.ownerUnitId);
/** Put the spare clinic back in (or out of) the thread, so every caller meets the same state. */
const spareIn = (inside: boolean) => async (api: TestApi, f: Fixture) => {
  await api.dataSource.query('DELETE FROM thread_participant WHERE thread_id = $1 AND unit_id = $2', [f.threadId, f.spareClinic]);
  if (inside)
    await api.dataSource.query('INSERT INTO thread_participant (thread_id, unit_id) VALUES ($1, $2)', [f.threadId, f.spareClinic]);
  return f;
};
const onFreshThread = async (_api: TestApi, f: Fixture): Promise<Fixture> => ({ ...f, threadId: await f.freshThread() });

const participating = (who: Who, f: Fixture, capability: Capability) =>
  who.memberships.filter((m) => f.participantUnitIds.includes(m.unitId) && roleGrants(m.role, capability));

const rest =
  (method: string, path: (f: Fixture, who: Who) => string, body?: (f: Fixture, who: Who, api: TestApi) => Promise<unknown> | unknown) =>
  async (api: TestApi, session: TestSession | null, who: Who, f: Fixture): Promise<number> =>
    (await api.request(session, method, path(f, who), body ? await body(f, who, api) : undefined)).status;

/** A pending grant in the caller's unit, asked for by someone else; decided, then cleaned up. */
const decideRequest =
  (decision: 'approve' | 'reject') =>
  async (api: TestApi, session: TestSession | null, who: Who): Promise<number> => {
    const [oskar] = await api.dataSource.query(`SELECT id FROM app_user WHERE key = 'oskar.lund'`);
    const [fatima] = await api.dataSource.query(`SELECT id FROM app_user WHERE key = 'fatima.ali'`);
    const [request] = await api.dataSource.query(
      `INSERT INTO membership_request (user_id, unit_id, role, reason, requested_by_user_id) VALUES ($1, $2, 'logggranskare', 'elevated_role', $3) RETURNING id`,
      [oskar.id, who.memberships[0].unitId, fatima.id],
    );
    const status = (await api.request(session, 'POST', `/api/admin/membership-requests/${request.id}/${decision}`)).status;
    await api.dataSource.query(`DELETE FROM membership WHERE user_id = $1 AND unit_id = $2 AND role = 'logggranskare'`, [
      oskar.id,
      who.memberships[0].unitId,
    ]);
    await api.dataSource.query('DELETE FROM membership_request WHERE id = $1', [request.id]);
    return status;
  };

/** A system client in the caller's first unit (so its administrator may change it), then the call on it. */
const onSystemClient =
  (method: string, action: string, body?: unknown) =>
  async (api: TestApi, session: TestSession | null, who: Who): Promise<number> => {
    const client = await registerSystemClient(api.dataSource.manager, {
      clientId: `matris-${randomUUID()}`,
      name: 'Matrisens system',
      unitId: who.memberships[0].unitId,
    });
    return (await api.request(session, method, `/api/admin/system-clients/${client.id}/${action}`, body)).status;
  };

/** The public token endpoint, with a registered system's id and secret (client credentials). */
const systemToken = async (api: TestApi): Promise<number> => {
  const [unit] = await api.dataSource.query('SELECT id FROM unit LIMIT 1');
  const clientId = `matris-token-${randomUUID()}`;
  const client = await registerSystemClient(api.dataSource.manager, { clientId, name: 'Matrisens system', unitId: unit.id });
  await api.dataSource.getRepository(SystemClient).update({ id: client.id }, { secretHash: await hashSystemSecret('hemlig') });
  const res = await fetch(`${api.baseUrl}/auth/system-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'hemlig' }),
  });
  return res.status;
};

/** The citizens of the matrix: the fixture thread's patient, her närstående, and the patient of another thread. */
type CitizenKey = 'tekla.testsson' | 'nils.okand' | 'greta.gotlanning';
const CITIZENS: CitizenKey[] = ['tekla.testsson', 'nils.okand', 'greta.gotlanning'];

interface CitizenCall {
  prepare?: Call['prepare'];
  run: Call['run'];
  /** What each citizen gets (staff always get 403). */
  expect: Record<CitizenKey, Outcome>;
}

const inAYear = (): string => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
const all = (outcome: Outcome): Record<CitizenKey, Outcome> => ({
  'tekla.testsson': outcome,
  'nils.okand': outcome,
  'greta.gotlanning': outcome,
});

const CITIZEN_ROWS: Record<string, CitizenCall> = {
  'GET /api/medborgare/jag': { run: rest('GET', () => '/api/medborgare/jag'), expect: all('allowed') },
  'GET /api/medborgare/planer': { run: rest('GET', () => '/api/medborgare/planer'), expect: all('allowed') },
  'GET /api/medborgare/planer/:threadId': {
    run: rest('GET', (f) => `/api/medborgare/planer/${f.threadId}`),
    expect: { 'tekla.testsson': 'allowed', 'nils.okand': 'allowed', 'greta.gotlanning': 404 },
  },
  'POST /api/medborgare/planer/:threadId/tagit-del': {
    run: rest('POST', (f) => `/api/medborgare/planer/${f.threadId}/tagit-del`),
    expect: { 'tekla.testsson': 'allowed', 'nils.okand': 403, 'greta.gotlanning': 404 },
  },
  'POST /api/medborgare/planer/:threadId/bli-uppringd': {
    run: rest(
      'POST',
      (f) => `/api/medborgare/planer/${f.threadId}/bli-uppringd`,
      () => ({ telefon: '070-123 45 67', tidPaDagen: 'formiddag' }),
    ),
    expect: { 'tekla.testsson': 'allowed', 'nils.okand': 403, 'greta.gotlanning': 404 },
  },
  'POST /api/medborgare/planer/:threadId/trygghet': {
    // A Trygg hemgång period running on the fixture thread (started once by SOF): Tekla rates its start.
    prepare: async (api, f) => {
      const running: unknown[] = await api.dataSource.query('SELECT 1 FROM home_period WHERE thread_id = $1', [f.threadId]);
      if (running.length) return f;
      const maria = await api.login('maria.nilsson');
      const started = await api.request(maria, 'POST', `/api/threads/${f.threadId}/messages`, {
        kind: 'trygg_hemgang_start',
        payload: {
          startdatum: new Date().toISOString().slice(0, 10),
          planeratSlut: inAYear(),
          barandeEnhet: f.unitIds.get('sof-mottagning'),
        },
        idempotencyKey: randomUUID(),
      });
      expect(started.status).toBe(201);
      return f;
    },
    run: rest(
      'POST',
      (f) => `/api/medborgare/planer/${f.threadId}/trygghet`,
      () => ({ moment: 'start', varde: 7 }),
    ),
    expect: { 'tekla.testsson': 'allowed', 'nils.okand': 403, 'greta.gotlanning': 404 },
  },
  // A närstående is no patient: an empty list, nothing to give, no consent of theirs to withdraw.
  'GET /api/medborgare/narstaende': { run: rest('GET', () => '/api/medborgare/narstaende'), expect: all('allowed') },
  'POST /api/medborgare/narstaende': {
    run: rest(
      'POST',
      () => '/api/medborgare/narstaende',
      () => ({ personnummer: '191212121212', namn: 'Per', slutdatum: inAYear(), omfattning: 'plan' }),
    ),
    expect: { 'tekla.testsson': 'allowed', 'nils.okand': 403, 'greta.gotlanning': 'allowed' },
  },
  'POST /api/medborgare/narstaende/:consentId/aterkalla': {
    // A consent of Tekla's for someone else (made before the count): hers to withdraw, nobody else's.
    prepare: async (api, f) => {
      const [consent] = await api.dataSource.query(
        `INSERT INTO narstaende_consent (patient_id, given_by_citizen_id, relative_citizen_id, relative_name, ends_on)
         SELECT t.patient_id, (SELECT id FROM citizen WHERE personnummer = '190006129803'), (SELECT id FROM citizen WHERE personnummer = '191212121212'), 'Per', '2099-12-31'
           FROM thread t WHERE t.id = $1 RETURNING id`,
        [f.threadId],
      );
      return { ...f, consentId: consent.id };
    },
    run: rest('POST', (f) => `/api/medborgare/narstaende/${f.consentId}/aterkalla`),
    expect: { 'tekla.testsson': 'allowed', 'nils.okand': 404, 'greta.gotlanning': 404 },
  },
  'GET /api/medborgare/atkomst': { run: rest('GET', () => '/api/medborgare/atkomst'), expect: all('allowed') },
  'GET /api/medborgare/atkomst/export': { run: rest('GET', () => '/api/medborgare/atkomst/export?format=csv'), expect: all('allowed') },
  'POST /auth/medborgare/logout': { run: rest('POST', () => '/auth/medborgare/logout'), expect: all('allowed') },
};

/** A FHIR route for systems, called with a person's session. */
function fhirPost(path: string): Call['run'] {
  return async (api, session) =>
    (
      await session!.jar.fetch(`${api.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json', [CSRF_HEADER]: session!.csrfToken },
        body: JSON.stringify({ resourceType: 'Bundle', type: 'message', entry: [] }),
      })
    ).status;
}

const ROWS: Record<string, Call> = {
  'GET /api/health': { run: rest('GET', () => '/api/health') },
  'GET /api/health/live': { run: rest('GET', () => '/api/health/live') },
  'GET /api/health/ready': { run: rest('GET', () => '/api/health/ready') },
  'GET /auth/login': { run: async (api) => (await fetch(`${api.baseUrl}/auth/login?idp=siths`, { redirect: 'manual' })).status },
  'GET /auth/callback': { run: async (api) => (await fetch(`${api.baseUrl}/auth/callback`, { redirect: 'manual' })).status },
  'GET /api/me': { run: rest('GET', () => '/api/me') },
  'GET /api/units': { run: rest('GET', () => '/api/units') },
  'GET /api/threads': { run: rest('GET', () => '/api/threads') },
  'GET /api/checklist-templates': { run: rest('GET', () => '/api/checklist-templates') },
  'GET /api/bevakning': { run: rest('GET', () => '/api/bevakning') },
  'GET /api/tasks': { run: rest('GET', () => '/api/tasks') },
  'GET /api/offline/key': { run: rest('GET', () => '/api/offline/key') },
  // The route answers per read; a thread the caller cannot see is reported as nekad (and logged), not as a status.
  'POST /api/offline/reads': {
    run: rest(
      'POST',
      () => '/api/offline/reads',
      (f) => ({ reads: [{ readKey: `matris-${randomUUID()}`, threadId: f.threadId, observedAt: new Date().toISOString() }] }),
    ),
  },
  'GET /api/statistics': { run: rest('GET', () => '/api/statistics') },
  'GET /api/push/public-key': { run: rest('GET', () => '/api/push/public-key') },
  'POST /api/push/subscriptions': {
    // A device at a real push service's address; removed again at once, so nothing is ever sent to it.
    run: async (api, session, who) => {
      const endpoint = `https://fcm.googleapis.com/fcm/send/matrix-${who.key}`;
      const status = (await api.request(session, 'POST', '/api/push/subscriptions', { endpoint, keys: MATRIX_PUSH_KEYS })).status;
      await api.dataSource.query('DELETE FROM push_subscription WHERE endpoint = $1', [endpoint]);
      return status;
    },
  },
  'DELETE /api/push/subscriptions': {
    run: rest(
      'DELETE',
      () => '/api/push/subscriptions',
      (_f, who) => ({ endpoint: `https://fcm.googleapis.com/fcm/send/matrix-${who.key}` }),
    ),
  },
  'GET /api/notifications/settings': { run: rest('GET', () => '/api/notifications/settings') },
  'PUT /api/notifications/settings': {
    run: rest(
      'PUT',
      () => '/api/notifications/settings',
      () => ({ message: true, deadline: true, hemgangsklar: true, emailEnabled: false }),
    ),
  },
  'GET /api/statistics/export': { run: rest('GET', () => '/api/statistics/export') },
  'POST /api/threads': {
    allowedIf: (who) => who.memberships.some((m) => m.orgKind === 'slutenvard' && roleGrants(m.role, 'thread.open')),
    run: rest(
      'POST',
      () => '/api/threads',
      (f) => ({
        patient: { personnummer: '190108219817', givenName: 'Matris', familyName: 'Testsson' },
        participantUnitIds: [f.unitIds.get('sof-mottagning')],
        triage: 'gron',
        idempotencyKey: randomUUID(),
      }),
    ),
  },
  'GET /api/threads/:id': { run: rest('GET', (f) => `/api/threads/${f.threadId}`) },
  'GET /api/threads/:id/messages': { run: rest('GET', (f) => `/api/threads/${f.threadId}/messages?after=0`) },
  'POST /api/threads/:id/messages': {
    run: rest(
      'POST',
      (f) => `/api/threads/${f.threadId}/messages`,
      () => ({ kind: 'fritext', body: 'Hej', idempotencyKey: randomUUID() }),
    ),
  },
  'POST /api/threads/:id/attachments': {
    run: async (api, session, _who, f) => (await upload(api, session!, f.threadId, [{ name: 'foto.png', data: PNG_1x1 }])).status,
  },
  'GET /api/threads/:id/attachments/:attachmentId': { run: rest('GET', (f) => `/api/threads/${f.threadId}/attachments/${f.attachmentId}`) },
  'POST /api/threads/:id/read': {
    run: rest(
      'POST',
      (f) => `/api/threads/${f.threadId}/read`,
      () => ({ upToSeq: 1 }),
    ),
  },
  'GET /api/threads/:id/receipts': { run: rest('GET', (f) => `/api/threads/${f.threadId}/receipts`) },
  'GET /api/threads/:id/messages/:messageId/receipts': {
    run: rest('GET', (f) => `/api/threads/${f.threadId}/messages/${f.messageId}/receipts`),
  },
  'GET /api/threads/:id/checklists': { run: rest('GET', (f) => `/api/threads/${f.threadId}/checklists`) },
  'GET /api/threads/:id/discharge-check': {
    run: rest('GET', (f) => `/api/threads/${f.threadId}/discharge-check?at=${encodeURIComponent('2027-12-06T15:08:00+01:00')}`),
  },
  'GET /api/threads/:id/alerts': { run: rest('GET', (f) => `/api/threads/${f.threadId}/alerts`) },
  'PATCH /api/threads/:id/alerts/:alertId': {
    // A new alert (before the count) that concerns every unit in the thread: any participant with the capability may mark it.
    prepare: async (api, f) => {
      const [alert] = await api.dataSource.query(
        `INSERT INTO thread_alert (thread_id, kind, level, due_at, text, unit_ids, warning_id, raised_at)
         SELECT t.id, 'betalningsansvar', 'passerad', now(), 'Bevakning: matris.', ARRAY(SELECT unit_id FROM thread_participant WHERE thread_id = t.id), gen_random_uuid(), now()
           FROM thread t WHERE t.id = $1
         ON CONFLICT ON CONSTRAINT thread_alert_once DO UPDATE SET state = 'ny', seen_by_user_id = NULL, seen_at = NULL, handled_by_user_id = NULL, handled_at = NULL,
                unit_ids = EXCLUDED.unit_ids
         RETURNING id`,
        [f.threadId],
      );
      return { ...f, alertId: alert.id };
    },
    run: rest(
      'PATCH',
      (f) => `/api/threads/${f.threadId}/alerts/${f.alertId}`,
      () => ({ state: 'hanterad' }),
    ),
  },
  'GET /api/threads/:id/home-phase': { run: rest('GET', (f) => `/api/threads/${f.threadId}/home-phase`) },
  'GET /api/threads/:id/sip-plan': { run: rest('GET', (f) => `/api/threads/${f.threadId}/sip-plan`) },
  // No summons and no plan on the fixture's thread: a caller with the capability gets 409, others 403/404.
  'POST /api/threads/:id/sip-plan': {
    run: rest(
      'POST',
      (f) => `/api/threads/${f.threadId}/sip-plan`,
      (f) => ({
        situation: 'Matris',
        mal: ['Mål'],
        insatser: [],
        sipAnsvarigEnhet: f.ownerUnitId,
        deltagare: { enheter: [], patientenDeltog: true, narstaendeDeltog: false },
        plats: 'digitalt',
        typ: 'forebyggande',
        motesdatum: '2026-12-09',
        uppfoljningsdatum: '2027-01-15',
      }),
    ),
  },
  'POST /api/threads/:id/sip-plan/accept': {
    run: rest(
      'POST',
      (f) => `/api/threads/${f.threadId}/sip-plan/accept`,
      () => ({ version: 1 }),
    ),
  },
  'POST /api/threads/:id/sip-plan/entries': {
    run: rest(
      'POST',
      (f) => `/api/threads/${f.threadId}/sip-plan/entries`,
      () => ({ typ: 'uppfoljning', datum: '2027-01-15', text: 'Matris' }),
    ),
  },
  'POST /api/threads/:id/checklists': {
    allowedIf: (who, f) => participating(who, f, 'checklist.apply').some((m) => m.unitId === f.ownerUnitId),
    run: rest(
      'POST',
      (f) => `/api/threads/${f.threadId}/checklists`,
      () => ({ templateKey: 'fardtjanst' }),
    ),
  },
  'PATCH /api/threads/:id/checklists/items/:itemId': {
    // lista_granskad is hemsjukvården's item; the owning ward may change every item.
    allowedIf: (who, f) => participating(who, f, 'checklist.change').some((m) => m.orgKind === 'hemsjukvard' || m.unitId === f.ownerUnitId),
    run: rest(
      'PATCH',
      (f) => `/api/threads/${f.threadId}/checklists/items/${f.itemId}`,
      async (f, _who, api) => {
        const [{ version }] = await api.dataSource.query('SELECT version FROM checklist_item WHERE id = $1', [f.itemId]);
        return { state: 'pagar', expectedVersion: version };
      },
    ),
  },
  'POST /api/threads/:id/checklists/:checklistId/not-needed': {
    // The whole Läkemedelslista holds the ward's and hemsjukvården's items: only the owning ward may wave it all away.
    allowedIf: ownerOnly('checklist.change'),
    run: rest(
      'POST',
      (f) => `/api/threads/${f.threadId}/checklists/${f.checklistId}/not-needed`,
      () => ({}),
    ),
  },
  'GET /api/threads/:id/checklists/items/:itemId/history': {
    run: rest('GET', (f) => `/api/threads/${f.threadId}/checklists/items/${f.itemId}/history`),
  },
  'POST /api/threads/:id/readiness': {
    allowedIf: (who, f) => participating(who, f, 'readiness.declare').some((m) => m.orgKind === 'hemtjanst' || m.orgKind === 'hemsjukvard'),
    run: rest(
      'POST',
      (f) => `/api/threads/${f.threadId}/readiness`,
      () => ({ redoFran: new Date(Date.now() + 86_400_000).toISOString() }),
    ),
  },
  'POST /api/threads/:id/readiness/withdraw': {
    allowedIf: (who, f) => participating(who, f, 'readiness.declare').some((m) => m.orgKind === 'hemtjanst' || m.orgKind === 'hemsjukvard'),
    run: rest(
      'POST',
      (f) => `/api/threads/${f.threadId}/readiness/withdraw`,
      () => ({ orsak: 'Ändrad plan' }),
    ),
  },
  'POST /api/threads/:id/participants': {
    allowedIf: ownerOnly('participants.manage'),
    prepare: spareIn(false),
    run: rest(
      'POST',
      (f) => `/api/threads/${f.threadId}/participants`,
      (f) => ({ unitId: f.spareClinic }),
    ),
  },
  'DELETE /api/threads/:id/participants/:unitId': {
    allowedIf: ownerOnly('participants.manage'),
    prepare: spareIn(true),
    run: rest('DELETE', (f) => `/api/threads/${f.threadId}/participants/${f.spareClinic}`),
  },
  'POST /api/threads/:id/transfer': {
    allowedIf: ownerOnly('participants.manage'),
    prepare: onFreshThread,
    run: rest(
      'POST',
      (f) => `/api/threads/${f.threadId}/transfer`,
      (f) => ({ unitId: f.spareWard }),
    ),
  },
  'POST /api/threads/:id/close': {
    allowedIf: ownerOnly('discharge.notify'),
    prepare: onFreshThread,
    run: rest(
      'POST',
      (f) => `/api/threads/${f.threadId}/close`,
      () => ({ orsak: 'Inget behov av kommunala insatser' }),
    ),
  },
  'POST /api/threads/:id/cancel': {
    allowedIf: ownerOnly('discharge.notify'),
    prepare: onFreshThread,
    run: rest(
      'POST',
      (f) => `/api/threads/${f.threadId}/cancel`,
      () => ({ orsak: 'Fel patient' }),
    ),
  },
  'PUT /api/threads/:id/facts/:key': {
    // The ward's phone number is the ward's to state.
    allowedIf: (who, f) => participating(who, f, 'facts.write').some((m) => m.orgKind === 'slutenvard'),
    run: rest(
      'PUT',
      (f) => `/api/threads/${f.threadId}/facts/avdelningens_telefon`,
      async (f, _who, api) => {
        const [{ v }] = await api.dataSource.query(
          `SELECT coalesce(max(version), 0)::int AS v FROM thread_fact WHERE thread_id = $1 AND key = 'avdelningens_telefon'`,
          [f.threadId],
        );
        return { value: { telefon: '0498-26 80 00' }, expectedVersion: v };
      },
    ),
  },
  'GET /api/threads/:id/facts/:key/history': { run: rest('GET', (f) => `/api/threads/${f.threadId}/facts/avdelningens_telefon/history`) },
  'GET /api/threads/:id/plan': { run: rest('GET', (f) => `/api/threads/${f.threadId}/plan`) },
  'POST /api/threads/:id/plan/publish': {
    // "Min hemgång" is published by the ward or SOF, never by hemtjänst or hemsjukvård.
    allowedIf: (who, f) => participating(who, f, 'plan.publish').some((m) => m.orgKind === 'slutenvard' || m.orgKind === 'sof'),
    run: rest(
      'POST',
      (f) => `/api/threads/${f.threadId}/plan/publish`,
      () => ({}),
    ),
  },
  'GET /api/audit': { run: rest('GET', () => '/api/audit') },
  'GET /api/audit/verify': { run: rest('GET', () => '/api/audit/verify') },
  'POST /api/audit/search': {
    run: rest(
      'POST',
      () => '/api/audit/search',
      () => ({ identityNumber: '19000612-9803' }),
    ),
  },
  'POST /api/audit/extract': {
    run: rest(
      'POST',
      () => '/api/audit/extract',
      () => ({ identityNumber: '19000612-9803', format: 'csv' }),
    ),
  },
  'POST /api/checklist-templates': {
    run: rest(
      'POST',
      () => '/api/checklist-templates',
      async (_f, _who, api) => {
        const [t] = await api.dataSource.query(
          `SELECT key, name, items FROM checklist_template WHERE key = 'fardtjanst' ORDER BY version DESC LIMIT 1`,
        );
        return { key: t.key, name: t.name, items: t.items };
      },
    ),
  },
  'GET /api/admin/memberships': { run: rest('GET', () => '/api/admin/memberships') },
  'POST /api/admin/memberships': {
    run: rest(
      'POST',
      () => '/api/admin/memberships',
      async (_f, who, api) => {
        const [user] = await api.dataSource.query(`SELECT id FROM app_user WHERE key = 'oskar.lund'`);
        return { userId: user.id, unitId: who.memberships[0].unitId, role: 'sjukskoterska' };
      },
    ),
  },
  'DELETE /api/admin/memberships/:membershipId': {
    run: async (api, session, who) => {
      const [user] = await api.dataSource.query(`SELECT id FROM app_user WHERE key = 'fatima.ali'`);
      // A membership in the caller's own unit, so an administrator's delete succeeds.
      const [m] = await api.dataSource.query(
        `INSERT INTO membership (user_id, unit_id, role) VALUES ($1, $2, 'utforare') ON CONFLICT ON CONSTRAINT membership_user_unit_role DO UPDATE SET role = EXCLUDED.role RETURNING id`,
        [user.id, who.memberships[0].unitId],
      );
      const status = (await api.request(session, 'DELETE', `/api/admin/memberships/${m.id}`)).status;
      await api.dataSource.query('DELETE FROM membership WHERE id = $1', [m.id]);
      return status;
    },
  },
  'GET /api/admin/membership-requests': { run: rest('GET', () => '/api/admin/membership-requests') },
  // Four eyes: a request another person made (fatima.ali stands in for the first administrator), for oskar.lund in the caller's unit.
  'POST /api/admin/membership-requests/:requestId/approve': { run: decideRequest('approve') },
  'POST /api/admin/membership-requests/:requestId/reject': { run: decideRequest('reject') },
  'GET /api/admin/system-clients': { run: rest('GET', () => '/api/admin/system-clients') },
  'POST /api/admin/system-clients': {
    run: rest(
      'POST',
      () => '/api/admin/system-clients',
      (_f, who) => ({ name: 'Matrisens system', unitId: who.memberships[0].unitId }),
    ),
  },
  'POST /api/admin/system-clients/:systemClientId/secret': { run: onSystemClient('POST', 'secret') },
  'PUT /api/admin/system-clients/:systemClientId/endpoint': {
    run: onSystemClient('PUT', 'endpoint', { endpointUrl: 'https://system.example/fhir/$process-message' }),
  },
  'POST /api/admin/system-clients/:systemClientId/disable': { run: onSystemClient('POST', 'disable') },
  'POST /api/admin/system-clients/:systemClientId/enable': { run: onSystemClient('POST', 'enable') },
  // A system's own token endpoint (client credentials, test/system-clients.e2e-spec.ts): public, the secret is the check.
  'POST /auth/system-token': { run: systemToken },
  'POST /api/threads/:id/patient-identity': {
    allowedIf: ownerOnly('thread.open'),
    prepare: onFreshThread,
    run: rest(
      'POST',
      (f) => `/api/threads/${f.threadId}/patient-identity`,
      () => ({ personnummer: '189103179801', orsak: 'Rättat' }),
    ),
  },
  'GET /api/threads/:id/narstaende-atkomst': { run: rest('GET', (f) => `/api/threads/${f.threadId}/narstaende-atkomst`) },
  // "Min hemgång": for citizens only, never for staff (the citizens' own matrix is below).
  ...Object.fromEntries(Object.entries(CITIZEN_ROWS).map(([route, row]) => [route, { run: row.run }])),
  'POST /api/medborgare/narstaende/:consentId/aterkalla': {
    run: rest('POST', () => `/api/medborgare/narstaende/${randomUUID()}/aterkalla`),
  },
  'POST /auth/logout': { run: rest('POST', () => '/auth/logout') },
  'POST /auth/logout/everywhere': { run: rest('POST', () => '/auth/logout/everywhere') },
  // For hospital and municipal systems only (an access token, test/fhir-import.e2e-spec.ts): a person's session gets 403.
  'POST /fhir/$process-message': { run: fhirPost('/fhir/$process-message') },
  'POST /fhir/$validate': { run: fhirPost('/fhir/$validate') },
  'POST /fhir/Bundle/$validate': { run: fhirPost('/fhir/Bundle/$validate') },
  // FHIR's capability statement is public (test/fhir-transport.e2e-spec.ts).
  'GET /fhir/metadata': { run: async (api) => (await fetch(`${api.baseUrl}/fhir/metadata`)).status },
};

/** Socket events: the acknowledgement's status (200 for ok). */
const SOCKET_ROWS: Record<string, (f: Fixture) => [string, Record<string, unknown>]> = {
  'SOCKET thread:join': (f) => ['thread:join', { threadId: f.threadId, lastSeq: 0 }],
  'SOCKET message:post': (f) => [
    'message:post',
    { threadId: f.threadId, kind: 'fritext', body: 'Via socket', idempotencyKey: randomUUID() },
  ],
  'SOCKET thread:read': (f) => ['thread:read', { threadId: f.threadId, upToSeq: 1 }],
  'SOCKET thread:leave': (f) => ['thread:leave', { threadId: f.threadId }],
  'SOCKET inbox:watch': () => ['inbox:watch', { on: false }],
};

function expected(rule: AccessRule | undefined, call: Call | undefined, who: Who, f: Fixture): Outcome {
  if (!rule || rule.public) return 'allowed';
  // Staff never reach a citizen route.
  if (rule.citizen) return 403;
  if (rule.capability && !who.memberships.some((m) => roleGrants(m.role, rule.capability!))) return 403;
  if (rule.thread) {
    if (!participating(who, f, 'thread.read').length) return 404;
    if (!participating(who, f, rule.thread).length) return 403;
  }
  if (call?.allowedIf && !call.allowedIf(who, f)) return 403;
  return 'allowed';
}

/** Passing the access rule: a success, or a conflict with the thread's state (applied twice, nothing to withdraw). */
const outcomeOf = (status: number): Outcome | number => ((status >= 200 && status < 400) || status === 409 ? 'allowed' : status);

describe('access matrix', () => {
  let api: TestApi;
  let counting: Client;
  let fixture: Fixture;
  let inventory: Map<string, AccessRule | undefined>;
  const users: Who[] = [];

  beforeAll(async () => {
    api = await TestApi.start({ BRYGGA_SEED_DEMO: '1' });
    for (const identity of identitiesFromSeed(DEMO_SEED)) api.identity(identity);
    inventory = routeInventory(api.app);
    const units: { key: string; id: string; kind: OrgKind }[] = await api.dataSource.query(
      'SELECT u.key, u.id, o.kind FROM unit u JOIN organisation o ON o.id = u.organisation_id',
    );
    const unitIds = new Map(units.map((u) => [u.key, u.id]));
    for (const user of DEMO_SEED.users.filter((u) => u.loa !== 'loa2')) {
      users.push({
        key: user.key,
        memberships: user.memberships.map((m) => ({
          unitId: unitIds.get(m.unit)!,
          unitKey: m.unit,
          orgKind: units.find((u) => u.key === m.unit)!.kind,
          role: m.role as Role,
        })),
      });
    }
    // The thread: Medicinavdelning 4's, with SOF, hemsjukvården and Hemtjänst Norr taking part.
    // Beside it: Kirurgavdelning 3 (same organisation); outside: Hemtjänst Visby innerstad, the vårdcentral.
    const karin = await api.login('karin.lindqvist');
    const participantUnitIds = ['visby-med4', 'sof-mottagning', 'hemsjukvard-visby', 'hemtjanst-norr'].map((k) => unitIds.get(k)!);
    const thread = await api.request(karin, 'POST', '/api/threads', {
      patient: { personnummer: '190006129803', givenName: 'Tekla', familyName: 'Testsson' },
      participantUnitIds: participantUnitIds.slice(1),
      triage: 'gul',
    });
    expect(thread.status).toBe(201);
    const file = await upload(api, karin, thread.body.id, [{ name: 'foto.png', data: PNG_1x1 }]);
    const attachmentId = file.body.attachments[0].id;
    const message = await api.request(karin, 'POST', `/api/threads/${thread.body.id}/messages`, {
      kind: 'fritext',
      body: 'Start',
      idempotencyKey: 'start',
      attachmentIds: [attachmentId],
    });
    const checklist = await api.request(karin, 'POST', `/api/threads/${thread.body.id}/checklists`, { templateKey: 'lakemedelslista' });
    expect(checklist.status).toBe(201);
    const item = checklist.body.items.find((i: { key: string }) => i.key === 'lista_granskad');
    const spare = async (kind: OrgKind, name: string): Promise<string> => {
      const [org] = await api.dataSource.query(`SELECT id FROM organisation WHERE kind = $1 LIMIT 1`, [kind]);
      const [unit] = await api.dataSource.query(`INSERT INTO unit (key, name, organisation_id) VALUES ($1, $2, $3) RETURNING id`, [
        name,
        name,
        org.id,
      ]);
      return unit.id;
    };
    let opener = karin;
    const freshThread = async (): Promise<string> => {
      const open = () =>
        api.request(opener, 'POST', '/api/threads', {
          patient: { personnummer: '190704019801', givenName: 'Tillfällig', familyName: 'Testsson' },
          participantUnitIds: participantUnitIds.slice(1),
          triage: 'gron',
        });
      let res = await open();
      // karin's own turn in the matrix ends with "Logga ut överallt", which ends this session too.
      if (res.status === 401) {
        opener = await api.login('karin.lindqvist');
        res = await open();
      }
      return res.body.id;
    };
    fixture = {
      threadId: thread.body.id,
      ownerUnitId: unitIds.get('visby-med4')!,
      participantUnitIds,
      messageId: message.body.id,
      attachmentId,
      itemId: item.id,
      checklistId: checklist.body.id,
      unitIds,
      spareClinic: await spare('primarvard', 'Extra vårdcentral'),
      spareWard: await spare('slutenvard', 'Extra avdelning'),
      freshThread,
    };
    counting = new Client({ connectionString: api.databaseUrl });
    await counting.connect();
  });
  afterAll(async () => {
    await counting?.end();
    await api.close();
  });

  it('has a row for every route and socket event', () => {
    const missing = [...inventory.keys()].filter((k) => !ROWS[k] && !SOCKET_ROWS[k]);
    expect(missing).toEqual([]);
  });

  it('covers participants, their organisation beside the thread, and other organisations', () => {
    const where = (who: Who) =>
      who.memberships.some((m) => fixture.participantUnitIds.includes(m.unitId))
        ? 'participant'
        : who.memberships.some((m) => m.unitKey === 'visby-kir3')
          ? 'same-organisation'
          : 'other';
    expect(new Set(users.map(where))).toEqual(new Set(['participant', 'same-organisation', 'other']));
    expect(new Set(users.flatMap((u) => u.memberships.map((m) => m.role)))).toEqual(
      new Set(['koordinator', 'lakare', 'handlaggare', 'sjukskoterska', 'utforare', 'logggranskare', 'admin', 'enhetschef']),
    );
  });

  /**
   * The data tables' row counts and the access log's refusals, before and after each refusal (some
   * thousand of them): one prepared statement on a connection of its own, planned once.
   */
  const state = async (): Promise<{ counts: Record<string, number>; denied: number }> => {
    const { rows } = await counting.query<Record<string, number>>({
      name: 'matrix-state',
      text: `SELECT ${DATA_TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')},
        (SELECT count(*)::int FROM audit_log WHERE outcome = 'denied') AS denied`,
    });
    const { denied, ...counts } = rows[0];
    return { counts, denied };
  };

  it('answers every user on every route as the capability table says, and a refusal writes only its log row', async () => {
    const table: string[] = [];
    const wrong: string[] = [];
    const check = async (route: string, who: Who | null, want: Outcome, run: () => Promise<number>) => {
      const before = want === 'allowed' ? undefined : await state();
      const status = await run();
      const got = outcomeOf(status);
      table.push(`${route} × ${who?.key ?? 'anonym'} → ${got}`);
      if (got !== want) wrong.push(`${route} × ${who?.key ?? 'anonym'}: expected ${want}, got ${status}`);
      if (before) {
        const after = await state();
        expect({ route, who: who?.key, counts: after.counts }).toEqual({ route, who: who?.key, counts: before.counts });
        expect({ route, who: who?.key, denied: after.denied > before.denied }).toEqual({ route, who: who?.key, denied: true });
      }
    };
    for (const [route, rule] of inventory) {
      if (rule?.public) await check(route, null, 'allowed', () => ROWS[route].run(api, null, users[0], fixture));
    }
    for (const who of users) {
      const session = await api.login(who.key, DEMO_SEED.users.find((u) => u.key === who.key)!.personnummer ? 'bankid' : 'siths');
      for (const [route, rule] of inventory) {
        if (rule?.public || route.startsWith('SOCKET') || route.startsWith('POST /auth/logout')) continue;
        const f = ROWS[route].prepare ? await ROWS[route].prepare!(api, fixture) : fixture;
        await check(route, who, expected(rule, ROWS[route], who, f), () => ROWS[route].run(api, session, who, f));
      }
      const socket: Socket = connectSocket(api.baseUrl, session, api.baseUrl);
      await connected(socket);
      for (const [route, rule] of inventory) {
        if (!route.startsWith('SOCKET')) continue;
        const [event, body] = SOCKET_ROWS[route](fixture);
        await check(route, who, expected(rule, undefined, who, fixture), async () => {
          const reply = (await socket.timeout(10_000).emitWithAck(event, body)) as { ok: boolean; error?: { statusCode: number } };
          return reply.ok ? 200 : reply.error!.statusCode;
        });
      }
      socket.disconnect();
      await check('POST /auth/logout', who, 'allowed', () => ROWS['POST /auth/logout'].run(api, session, who, fixture));
      const again = await api.login(who.key, DEMO_SEED.users.find((u) => u.key === who.key)!.personnummer ? 'bankid' : 'siths');
      await check('POST /auth/logout/everywhere', who, 'allowed', () => ROWS['POST /auth/logout/everywhere'].run(api, again, who, fixture));
    }
    expect(wrong).toEqual([]);
    expect(table.length).toBeGreaterThan(users.length * 20);
    // Every route × every demo user: longer than the default on a loaded machine.
  }, 600_000);

  it('keeps citizens to their own routes: every staff route refuses them, and each citizen route answers by role', async () => {
    const wrong: string[] = [];
    const login = async (key: string): Promise<TestSession> => {
      const jar = new CookieJar();
      const start = await jar.fetch(`${api.baseUrl}/auth/login?idp=bankid&som=medborgare`);
      const { callbackUrl } = await driveIdpLogin(start.headers.get('location')!, key, jar);
      expect((await jar.fetch(callbackUrl)).status).toBe(303);
      const me = await jar.fetch(`${api.baseUrl}/api/medborgare/jag`);
      return { jar, csrfToken: ((await me.json()) as { csrfToken: string }).csrfToken };
    };
    // The fixture thread's plan, published by its ward: what the citizens read.
    const karin = await api.login('karin.lindqvist');
    expect((await api.request(karin, 'POST', `/api/threads/${fixture.threadId}/plan/publish`, {})).status).toBe(201);
    const sessions = new Map<CitizenKey, TestSession>();
    for (const key of CITIZENS) sessions.set(key, await login(key));
    // Tekla names Nils her närstående.
    const given = await api.request(sessions.get('tekla.testsson')!, 'POST', '/api/medborgare/narstaende', {
      personnummer: '189002099811',
      namn: 'Nils',
      slutdatum: inAYear(),
      omfattning: 'plan',
    });
    expect(given.status).toBe(201);
    expect((await api.request(sessions.get('nils.okand')!, 'GET', '/api/medborgare/jag')).body.narstaendeTill).toEqual(['Tekla']);
    for (const key of CITIZENS) {
      const session = sessions.get(key)!;
      // Run functions of staff rows use a unit; a citizen has none, so they get the fixture's ward (only as a value).
      const who: Who = {
        key,
        memberships: [{ unitId: fixture.ownerUnitId, unitKey: 'visby-med4', orgKind: 'slutenvard', role: 'koordinator' }],
      };
      for (const [route, rule] of inventory) {
        if (rule?.public || route.startsWith('SOCKET') || route.startsWith('POST /auth/logout') || route === 'POST /auth/medborgare/logout')
          continue;
        const row = CITIZEN_ROWS[route];
        const prepare = row ? row.prepare : ROWS[route].prepare;
        const f = prepare ? await prepare(api, fixture) : fixture;
        const want: Outcome = row ? row.expect[key] : 403;
        const before = want === 'allowed' ? undefined : await state();
        const status = await (row ?? ROWS[route]).run(api, session, who, f);
        if (outcomeOf(status) !== want) wrong.push(`${route} × ${key}: expected ${want}, got ${status}`);
        if (before) {
          const after = await state();
          expect({ route, key, counts: after.counts }).toEqual({ route, key, counts: before.counts });
          expect({ route, key, denied: after.denied > before.denied }).toEqual({ route, key, denied: true });
        }
      }
      // No socket for a citizen: the handshake wants a staff session.
      const socket: Socket = connectSocket(api.baseUrl, session, api.baseUrl);
      await expect(connected(socket)).rejects.toThrow(/unauthenticated/);
      socket.disconnect();
      expect(outcomeOf(await CITIZEN_ROWS['POST /auth/medborgare/logout'].run(api, session, who, fixture))).toBe('allowed');
      expect((await api.request(session, 'GET', '/api/medborgare/jag')).status).toBe(401);
    }
    expect(wrong).toEqual([]);
  });
});
