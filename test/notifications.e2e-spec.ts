import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { PushReceiver, type TestDevice } from './support/push-receiver';
import { TestApi, newThreadBody, type TestUser } from './support/harness';
import { swedishProblem } from './support/swedish';

/**
 * Web Push and the e-mail nudge, for real (docs/notifications.md): the api sends through a local
 * RFC 8030 push service over HTTPS that decrypts each message with the device's own keys, and
 * through a local SMTP server. Neither may carry anything about the patient.
 */

const PATIENT = newThreadBody([]).patient;
const SECRET_TEXT = 'Patienten behöver syrgas hemma';

/** Nothing that names the patient or repeats what was written. */
function expectNoPatientData(text: string): void {
  for (const word of [PATIENT.givenName, PATIENT.familyName, PATIENT.personnummer, PATIENT.personnummer.replace('-', ''), SECRET_TEXT]) {
    expect(text).not.toContain(word);
  }
  // No identity number of any patient either; a thread's id (a UUID) may hold ten digits in a row.
  const withoutIds = text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>');
  expect(withoutIds).not.toMatch(/\d{6,8}[-+]?\d{4}/);
}

/** The mail's text as a reader sees it (nodemailer sends it quoted-printable). */
function quotedPrintable(raw: string): string {
  const bytes = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

interface Mail {
  to: string;
  raw: string;
}

describe('notifications: Web Push and e-mail', () => {
  let api: TestApi;
  let push: PushReceiver;
  let smtp: SMTPServer;
  const mails: Mail[] = [];
  const mailWaiters: (() => void)[] = [];
  let ward: string;
  let homeCare: string;
  let homeCareName: string;
  let coordinator: TestUser;
  let carer: TestUser;
  let threadId: string;

  beforeAll(async () => {
    push = await PushReceiver.start();
    smtp = new SMTPServer({
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw: Buffer.concat(chunks).toString('utf8') });
          for (const wake of mailWaiters.splice(0)) wake();
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    api = await TestApi.start({
      PUSH_ENDPOINT_HOSTS: '127.0.0.1',
      PUSH_CA_FILE: push.caFile,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SMTP_FROM: 'Brygga <noreply@brygga.test>',
      EMAIL_INTERVAL_MINUTES: '30',
    });
    ward = await api.unit('slutenvard');
    homeCareName = `Hemtjänst Norr ${Date.now() % 1000}`;
    homeCare = await api.unit('hemtjanst', homeCareName);
    coordinator = await api.user(ward, 'koordinator');
    carer = await api.user(homeCare, 'utforare');
    const opened = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([homeCare]));
    expect(opened.status).toBe(201);
    threadId = opened.body.id;
  });

  afterAll(async () => {
    await api?.close();
    await push?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  const subscribe = async (user: TestUser, device: TestDevice) => {
    const res = await api.request(user, 'POST', '/api/push/subscriptions', {
      endpoint: device.endpoint,
      keys: device.keys,
      expirationTime: null,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };
  const post = async (user: TestUser, body = SECRET_TEXT) => {
    const res = await api.request(user, 'POST', `/api/threads/${threadId}/messages`, {
      kind: 'fritext',
      body,
      idempotencyKey: `${Date.now()}-${Math.random()}`,
    });
    expect(res.status).toBe(201);
  };
  const rows = async (sql: string, params: unknown[]) => ((await api.dataSource.query(sql, params)) as { n: number }[])[0].n;
  const eventually = async (what: string, check: () => Promise<boolean>) => {
    const deadline = Date.now() + 30_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`Timed out: ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('refuses what is not a push subscription or an e-mail address, in Swedish, and stores nothing', async () => {
    const good = push.device();
    const bad: Record<string, unknown>[] = [
      { endpoint: good.endpoint.replace('https:', 'http:'), keys: good.keys },
      { endpoint: 'ftp://127.0.0.1/push/x', keys: good.keys },
      { endpoint: 'https://intranet.region.se/admin', keys: good.keys },
      { endpoint: 'inte en adress', keys: good.keys },
      { endpoint: good.endpoint, keys: { ...good.keys, p256dh: 'A'.repeat(50_000) } },
      { endpoint: good.endpoint, keys: { ...good.keys, p256dh: 'kort' } },
      { endpoint: good.endpoint, keys: { ...good.keys, auth: 'A'.repeat(500) } },
      { endpoint: good.endpoint },
      { endpoint: good.endpoint, keys: good.keys, userId: coordinator.id },
      { endpoint: `https://127.0.0.1/${'x'.repeat(5000)}`, keys: good.keys },
    ];
    for (const body of bad) {
      const res = await api.request(carer, 'POST', '/api/push/subscriptions', body);
      expect({ body: JSON.stringify(body).slice(0, 80), status: res.status }).toEqual({
        body: JSON.stringify(body).slice(0, 80),
        status: 400,
      });
      expect(swedishProblem(res.body)).toBeNull();
    }
    for (const address of ['inte-en-adress', 'a@', '@region.se', 'namn@region.se\r\nBcc: x@y.se', `${'a'.repeat(250)}@region.se`]) {
      const res = await api.request(carer, 'PUT', '/api/notifications/settings', {
        message: true,
        deadline: true,
        hemgangsklar: true,
        emailEnabled: true,
        emailAddress: address,
      });
      expect({ address, status: res.status }).toEqual({ address, status: 400 });
      expect(swedishProblem(res.body)).toBeNull();
    }
    const missing = await api.request(carer, 'PUT', '/api/notifications/settings', {
      message: true,
      deadline: true,
      hemgangsklar: true,
      emailEnabled: true,
    });
    expect(missing.status).toBe(400);
    expect(await rows('SELECT count(*)::int AS n FROM push_subscription', [])).toBe(0);
    expect(await rows('SELECT count(*)::int AS n FROM notification_setting', [])).toBe(0);
  });

  it('has sensible defaults: every event by push, no e-mail', async () => {
    const res = await api.request(carer, 'GET', '/api/notifications/settings');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message: true,
      deadline: true,
      hemgangsklar: true,
      emailEnabled: false,
      emailAddress: null,
      emailAvailable: true,
      emailIntervalMinutes: 30,
      devices: 0,
    });
  });

  it('pushes an encrypted notice that names only the unit, signed with the VAPID key, to the other units and not the author', async () => {
    const phone = push.device();
    const wardPhone = push.device();
    const first = await subscribe(carer, phone);
    // Subscribing the same device again (a retry, a new login) keeps one row.
    expect((await subscribe(carer, phone)).id).toBe(first.id);
    await subscribe(coordinator, wardPhone);
    expect((await api.request(carer, 'GET', '/api/notifications/settings')).body.devices).toBe(1);
    const { publicKey } = (await api.request(carer, 'GET', '/api/push/public-key')).body as { publicKey: string };

    await post(coordinator);
    await push.until(() => phone.deliveries.length === 1, 'the carer’s push');
    const delivery = phone.deliveries[0];
    expect(delivery.headers['content-encoding']).toBe('aes128gcm');
    expect(String(delivery.headers.authorization)).toMatch(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${publicKey}$`));
    expect(Number(delivery.headers.ttl)).toBeGreaterThan(0);
    // Encrypted on the wire: the unit's name is not readable in the body.
    expect(delivery.raw.toString('latin1')).not.toContain('Nytt i Brygga');
    expect(JSON.parse(delivery.plaintext)).toEqual({
      kind: 'message',
      title: 'Nytt meddelande',
      body: `Nytt i Brygga för ${homeCareName}`,
      threadId,
      url: `/arenden/${threadId}`,
    });
    expectNoPatientData(delivery.plaintext);

    // The author's unit is not told of its own message. Barrier: notices go out one event at a
    // time, so the carer's answer reaches the ward's phone only after anything from the first.
    await post(carer, 'Svar från hemtjänsten');
    await push.until(() => wardPhone.deliveries.length >= 1, 'the ward’s push');
    expect(wardPhone.deliveries).toHaveLength(1);
    expect(phone.deliveries).toHaveLength(1);
    expectNoPatientData(wardPhone.deliveries[0].plaintext);
  });

  it('follows each person’s choice of events', async () => {
    const phone = push.device();
    const colleague = await api.user(homeCare, 'utforare');
    await subscribe(colleague, phone);
    const off = await api.request(colleague, 'PUT', '/api/notifications/settings', {
      message: false,
      deadline: true,
      hemgangsklar: true,
      emailEnabled: false,
      emailAddress: null,
    });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ message: false, deadline: true, devices: 1 });
    await post(coordinator, 'Första');
    // Barrier: turned on again, the next message reaches the phone; had the first gone out, it would have come before.
    await api.request(colleague, 'PUT', '/api/notifications/settings', {
      ...off.body,
      message: true,
      emailAvailable: undefined,
      emailIntervalMinutes: undefined,
      devices: undefined,
    });
    await post(coordinator, 'Andra');
    await push.until(() => phone.deliveries.length >= 1, 'the colleague’s push');
    expect(phone.deliveries).toHaveLength(1);
  });

  it('ends a subscription when the push service answers 410 (the browser dropped it)', async () => {
    const gone = push.device();
    const { id } = await subscribe(carer, gone);
    gone.answer = 410;
    await post(coordinator, 'Till en borttagen telefon');
    await eventually(
      'the subscription ends',
      async () => (await rows('SELECT count(*)::int AS n FROM push_subscription WHERE id = $1', [id])) === 0,
    );
  });

  it('ends subscriptions at logout and when the person’s access ends', async () => {
    const device = push.device();
    const session = await api.login(carer.key);
    const res = await api.request(session, 'POST', '/api/push/subscriptions', { endpoint: device.endpoint, keys: device.keys });
    expect(res.status).toBe(201);
    const other = push.device();
    await subscribe(carer, other); // another session of the same person
    expect((await api.request(session, 'POST', '/auth/logout')).status).toBe(200);
    await eventually(
      'logout ends that device',
      async () => (await rows('SELECT count(*)::int AS n FROM push_subscription WHERE id = $1', [res.body.id])) === 0,
    );
    // The other session's device stays.
    expect(await rows('SELECT count(*)::int AS n FROM push_subscription WHERE endpoint = $1', [other.endpoint])).toBe(1);

    const leaver = await api.user(homeCare, 'utforare');
    const leaverPhone = push.device();
    await subscribe(leaver, leaverPhone);
    const admin = await api.user(homeCare, 'admin');
    const [membership] = await api.dataSource.query('SELECT id FROM membership WHERE user_id = $1', [leaver.id]);
    expect([200, 204]).toContain((await api.request(admin, 'DELETE', `/api/admin/memberships/${membership.id}`)).status);
    await eventually(
      'the end of access ends the device',
      async () => (await rows('SELECT count(*)::int AS n FROM push_subscription WHERE user_id = $1', [leaver.id])) === 0,
    );
  });

  it('sends the e-mail nudge without patient data, at most once per interval', async () => {
    const mailer = await api.user(homeCare, 'utforare');
    const phone = push.device();
    await subscribe(mailer, phone);
    const set = await api.request(mailer, 'PUT', '/api/notifications/settings', {
      message: true,
      deadline: true,
      hemgangsklar: true,
      emailEnabled: true,
      emailAddress: 'eva.hemtjanst@region.se',
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ emailEnabled: true, emailAddress: 'eva.hemtjanst@region.se' });
    await post(coordinator);
    await new Promise<void>((resolve) => (mails.length ? resolve() : mailWaiters.push(resolve)));
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toBe('eva.hemtjanst@region.se');
    const text = quotedPrintable(mails[0].raw);
    expect(text).toContain(`Nytt i Brygga för ${homeCareName}.`);
    expect(text).toContain(`${api.baseUrl}/arenden/${threadId}`);
    expectNoPatientData(text);
    // Two more within the interval: the push comes each time, the e-mail not. The third push is the
    // barrier: notices go out one event at a time, so the second event's e-mail would be in by then.
    await post(coordinator, 'Två');
    await post(coordinator, 'Tre');
    await push.until(() => phone.deliveries.length >= 3, 'three pushes');
    expect(mails).toHaveLength(1);
  });
});
