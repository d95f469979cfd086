import { randomBytes, createECDH } from 'node:crypto';
import { authProblem, endpointProblem, p256dhProblem } from './push-endpoint';
import type { MessageEvent } from '@brygga/contracts';
import { noticeFor, noticePayload } from './notice';

const HOSTS = ['fcm.googleapis.com', 'push.services.mozilla.com'];

describe('push subscription input', () => {
  it('takes https endpoints of the listed push services only', () => {
    expect(endpointProblem('https://fcm.googleapis.com/fcm/send/abc', HOSTS)).toBeNull();
    expect(endpointProblem('https://updates.push.services.mozilla.com/wpush/v2/x', HOSTS)).toBeNull();
    expect(endpointProblem('http://fcm.googleapis.com/fcm/send/abc', HOSTS)).toMatch(/https/);
    expect(endpointProblem('ftp://fcm.googleapis.com/x', HOSTS)).toMatch(/https/);
    expect(endpointProblem('javascript:alert(1)', HOSTS)).toMatch(/https/);
    expect(endpointProblem('https://intranet.region.se/admin', HOSTS)).toMatch(/känd push-tjänst/);
    expect(endpointProblem('https://evilfcm.googleapis.com.example.org/', HOSTS)).toMatch(/känd push-tjänst/);
    expect(endpointProblem('https://u:p@fcm.googleapis.com/x', HOSTS)).toMatch(/lösenord/);
    expect(endpointProblem('inte en adress', HOSTS)).toMatch(/webbadress/);
  });

  it('takes a real P-256 key and a 16-byte secret, nothing else', () => {
    const key = createECDH('prime256v1');
    key.generateKeys();
    expect(p256dhProblem(key.getPublicKey().toString('base64url'))).toBeNull();
    expect(p256dhProblem(key.getPublicKey('base64url', 'compressed'))).not.toBeNull();
    expect(p256dhProblem('A'.repeat(5000))).not.toBeNull();
    expect(p256dhProblem('not base64!')).not.toBeNull();
    expect(authProblem(randomBytes(16).toString('base64url'))).toBeNull();
    expect(authProblem(randomBytes(32).toString('base64url'))).not.toBeNull();
  });
});

describe('notices', () => {
  const units = ['ward', 'sof', 'hemtjanst'];
  const message = (data: Partial<MessageEvent>) =>
    noticeFor({ type: 'message.created', threadId: 't1', participantUnitIds: units, data: data as MessageEvent });
  const warning = {
    warningId: 'w1',
    alertId: 'a1',
    kind: 'utskrivningsklar',
    level: 'near',
    dueAt: '2026-12-01T10:00:00Z',
    text: 'Bevakning',
  };

  it('tells the other units of a new message, not the author', () => {
    expect(
      message({ kind: 'fritext', event: false, system: false, author: { userId: 'u1', name: 'Karin', unitId: 'ward', unitName: 'Avd 4' } }),
    ).toEqual({
      kind: 'message',
      threadId: 't1',
      unitIds: ['sof', 'hemtjanst'],
      exceptUserId: 'u1',
    });
  });

  it('tells every unit when hemgångsklar changes and of a deadline warning; records of what happened tell nobody', () => {
    expect(message({ kind: 'hemgangsklar', event: false, system: true })?.kind).toBe('hemgangsklar');
    expect(noticeFor({ type: 'deadline.warning', threadId: 't1', participantUnitIds: ['ward'], data: warning })?.kind).toBe('deadline');
    expect(
      message({
        kind: 'checklista_andrad',
        event: true,
        system: false,
        author: { userId: 'u1', name: 'Karin', unitId: 'ward', unitName: 'Avd 4' },
      }),
    ).toBeNull();
    expect(noticeFor({ type: 'readiness.changed', threadId: 't1', participantUnitIds: units, data: { threadId: 't1' } })).toBeNull();
  });

  it('says nothing but the unit and the thread id', () => {
    expect(noticePayload('message', '0b6f0f36-1d1a-4c55-9d62-6f1f3e0e2a11', 'Hemtjänst Norr')).toEqual({
      kind: 'message',
      title: 'Nytt meddelande',
      body: 'Nytt i Brygga för Hemtjänst Norr',
      threadId: '0b6f0f36-1d1a-4c55-9d62-6f1f3e0e2a11',
      url: '/arenden/0b6f0f36-1d1a-4c55-9d62-6f1f3e0e2a11',
    });
  });
});
