import { asksAgain, consequence, refusalText, triesAgain } from '../../apps/web/src/offline/outbox-rules';
import { itemValueText, parseItemValue } from '../../apps/web/src/thread/item-value';
import { checkIdentityNumber } from '../../apps/web/src/new-thread/identity-number';
import { hemgangLabel, hemgangReason, hemgangsklarText } from '../../apps/web/src/thread/hemgang-text';
import type { Hemgang } from '../../apps/web/src/api/model';
import { buildPayload, COMPOSABLE, draftFromPayload, offeredKinds } from '../../apps/web/src/thread/kinds';
import { acknowledgeable, groupSummary, groupTimeline, latestPerUnit, relations } from '../../apps/web/src/thread/timeline-grouping';
import type { Message } from '../../apps/web/src/api/model';
import { contiguousSeq, mergeBySeq } from '../../apps/web/src/thread/message-order';
import { ThreadJoiner } from '../../apps/web/src/thread/thread-join';

const kind = (name: string) => COMPOSABLE.find((k) => k.kind === name)!;

describe('personnummer as typed in Nytt ärende', () => {
  const today = new Date('2026-11-23T12:00:00Z');
  it.each([
    ['19000612-9803', '190006129803'],
    ['190006129803', '190006129803'],
    ['000612-9803', '200006129803'],
    ['000612+9803', '190006129803'],
  ])('accepts %s', (input, normalised) => {
    expect(checkIdentityNumber(input, today)).toMatchObject({ state: 'valid', kind: 'personnummer', normalised });
  });
  it('recognises a samordningsnummer (day + 60)', () => {
    expect(checkIdentityNumber('19701063-2391', today)).toMatchObject({ state: 'valid', kind: 'samordningsnummer' });
  });
  it.each([
    ['19000612-9804', 'Kontrollsiffran'],
    ['19001312-9803', 'Datumdelen'],
    ['20300612-9803', 'framtiden'],
    ['1900061-29803x', 'siffror'],
    ['1900061298031', '10 eller 12'],
  ])('explains why %s is wrong', (input, message) => {
    const check = checkIdentityNumber(input, today);
    expect(check.state).toBe('invalid');
    expect(check.state === 'invalid' && check.message).toContain(message);
  });
  it('waits for more digits before complaining', () => {
    expect(checkIdentityNumber('1900', today).state).toBe('incomplete');
    expect(checkIdentityNumber('', today).state).toBe('empty');
  });
});

describe('structured message forms', () => {
  it('builds the payload in the server shape', () => {
    const built = buildPayload(kind('hemgangsbeslut'), {
      beviljadeTimmar: '12,5',
      per: 'vecka',
      giltigtFran: '2026-11-24',
      giltigtTill: '',
      insatser: 'Dusch\n\n Inköp ',
      body: ' ok ',
    });
    expect(built).toEqual({
      errors: {},
      body: 'ok',
      payload: { beviljadeTimmar: 12.5, per: 'vecka', giltigtFran: '2026-11-24', insatser: ['Dusch', 'Inköp'] },
    });
  });
  it('names each missing or wrong field in Swedish', () => {
    const built = buildPayload(kind('hemgangsbeslut'), {
      beviljadeTimmar: '2500',
      per: '',
      giltigtFran: '2026-02-30',
      giltigtTill: '',
      insatser: '',
    });
    expect(built.errors).toEqual({
      beviljadeTimmar: 'Ange ett tal mellan 0 och 2000.',
      per: 'Välj ett alternativ.',
      giltigtFran: 'Ange ett giltigt datum (ÅÅÅÅ-MM-DD).',
    });
    expect(buildPayload(kind('fritext'), { body: '  ' }).errors).toEqual({ body: 'Skriv ett meddelande.' });
  });
  it('sends a datetime as a moment with a zone', () => {
    const built = buildPayload(kind('utskrivningsklar'), { utskrivningsklarAt: '2026-11-24T10:00', body: '' });
    expect(built.payload?.utskrivningsklarAt).toMatch(/^2026-11-24T\d{2}:00:00\.000Z$/);
    expect(buildPayload(kind('utskrivningsklar'), { utskrivningsklarAt: '24/11', body: '' }).errors.utskrivningsklarAt).toContain(
      'datum och klockslag',
    );
  });
});

describe('hemgångsbeslut as a pot of hours, corrections and the kinds offered', () => {
  it('needs an end date for a pot of hours for the period', () => {
    const draft = { beviljadeTimmar: '40', per: 'period', giltigtFran: '2026-11-27', giltigtTill: '', insatser: '', body: '' };
    expect(buildPayload(kind('hemgangsbeslut'), draft).errors).toEqual({ giltigtTill: 'Ange till vilket datum potten gäller.' });
    expect(buildPayload(kind('hemgangsbeslut'), { ...draft, giltigtTill: '2026-12-11' }).payload).toEqual({
      beviljadeTimmar: 40,
      per: 'period',
      giltigtFran: '2026-11-27',
      giltigtTill: '2026-12-11',
    });
  });
  it('opens a correction with the message as it was sent', () => {
    const payload = { beviljadeTimmar: 12, per: 'vecka', giltigtFran: '2026-11-24', insatser: ['Dusch', 'Inköp'] };
    const draft = draftFromPayload(kind('hemgangsbeslut'), payload, 'Kommentar');
    expect(draft).toMatchObject({ beviljadeTimmar: '12', per: 'vecka', giltigtTill: '', insatser: 'Dusch\nInköp', body: 'Kommentar' });
    expect(buildPayload(kind('hemgangsbeslut'), draft).payload).toEqual(payload);
  });
  it('offers no admission notices after discharge and nothing once closed', () => {
    const kinds = (status: Parameters<typeof offeredKinds>[2]) => offeredKinds(true, new Set(['slutenvard']), status).map((k) => k.kind);
    expect(kinds('planering')).toEqual(expect.arrayContaining(['inskrivningsmeddelande', 'utskrivningsklar', 'utskrivningsmeddelande']));
    // After discharge the ward may still correct its notice, summon to SIP and report an avvikelse at home.
    expect(kinds('utskriven')).toEqual(['fritext', 'utskrivningsmeddelande', 'sip_kallelse', 'avvikelse']);
    expect(kinds('avslutad')).toEqual([]);
    expect(kinds('makulerad')).toEqual([]);
    // SOF may also record the home phase's facts before discharge (a Trygg hemgång period, measurements, hours before admission).
    expect(offeredKinds(false, new Set(['sof']), 'planering').map((k) => k.kind)).toEqual([
      'fritext',
      'sip_kallelse',
      'hemgangsbeslut',
      'trygg_hemgang_start',
      'matning',
      'hemtjanstimmar',
      'langsiktigt_beslut',
    ]);
  });
});

describe('a timeline people can read', () => {
  let seq = 0;
  const at = (minutes: number) => new Date(Date.UTC(2026, 10, 26, 9, minutes)).toISOString();
  const msg = (kind: Message['kind'], minutes: number, user = 'eva', extra: Partial<Message> = {}): Message => ({
    id: `m${++seq}`,
    threadId: 't',
    seq,
    kind,
    body: kind === 'checklista_andrad' ? `Resa hem – Punkt ${seq}: Ej påbörjad → Klar` : 'text',
    payload: kind === 'checklista_andrad' ? { itemId: `i${seq}` } : null,
    author: { userId: user, name: user === 'eva' ? 'Eva Svensson' : 'Anna Andersson', unitId: `u-${user}`, unitName: 'Enhet' },
    correctsMessageId: null,
    attachments: [],
    createdAt: at(minutes),
    observedAt: null,
    event: kind.startsWith('checklista_'),
    system: false,
    ...extra,
  });

  it("groups one person's checklist changes in one sitting", () => {
    const messages = [
      msg('checklista_tillagd', 0),
      ...[1, 3, 4, 8, 12].map((m) => msg('checklista_andrad', m)),
      msg('checklista_andrad', 30),
      msg('checklista_andrad', 31, 'anna'),
      msg('fritext', 32),
      msg('checklista_andrad', 33),
      msg('checklista_andrad', 34),
    ];
    const entries = groupTimeline(messages);
    expect(entries.map((e) => (e.type === 'group' ? e.messages.length : e.message.kind))).toEqual([
      'checklista_tillagd',
      5,
      'checklista_andrad',
      'checklista_andrad',
      'fritext',
      2,
    ]);
    const group = entries[1];
    expect(group.type === 'group' && groupSummary(group.messages, 'Eva Svensson')).toBe('Eva Svensson ändrade 5 punkter i Resa hem');
  });

  it('links corrections, SIP answers and kvittenser to the messages they are about', () => {
    const kallelse = msg('sip_kallelse', 0);
    const beslut = msg('hemgangsbeslut', 1);
    const first = msg('sip_svar', 2, 'anna', { payload: { kallelseId: kallelse.id, svar: 'avbojer', orsak: 'Sjuk' } });
    const changed = msg('sip_svar', 3, 'anna', { payload: { kallelseId: kallelse.id, svar: 'accepterar' } });
    const kvittens = msg('kvittens', 4, 'anna', { payload: { meddelandeId: beslut.id } });
    const correction = msg('hemgangsbeslut', 5, 'eva', { correctsMessageId: beslut.id });
    const rel = relations([kallelse, beslut, first, changed, kvittens, correction]);
    expect(rel.correctedBy.get(beslut.id)).toBe(correction);
    expect(latestPerUnit(rel.sipAnswers.get(kallelse.id)!)).toEqual([changed]);
    expect(rel.kvittenser.get(beslut.id)).toEqual([kvittens]);
    expect(acknowledgeable(beslut)).toBe(true);
    expect(acknowledgeable(msg('fritext', 6))).toBe(false);
    expect(acknowledgeable(msg('checklista_andrad', 7))).toBe(false);
  });

  it('says "från" while the patient cannot yet be received, "sedan" after', () => {
    const now = Date.parse('2026-11-23T18:15:00Z');
    expect(hemgangsklarText({ hemgangsklarAt: '2026-11-23T18:15:00Z', kanTaEmotFran: '2026-11-27T09:30:00Z' }, now)).toBe(
      'Hemgångsklar från fre 27 nov 10:30',
    );
    expect(hemgangsklarText({ hemgangsklarAt: '2026-11-23T18:15:00Z', kanTaEmotFran: '2026-11-22T09:30:00Z' }, now)).toBe(
      'Hemgångsklar sedan mån 23 nov 19:15',
    );
  });

  it('names the one going-home state the same everywhere, and never "hemgångsklar från" after the discharge', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    const state = (s: Hemgang['state'], fran: string | null = null): Hemgang => ({ state: s, fran, saknas: [], kontrollera: [] });
    expect(hemgangLabel(state('klar', '2026-12-09T09:00:00Z'), now)).toBe('Hemgångsklar från ons 9 dec 10:00');
    expect(hemgangLabel(state('klar', '2026-12-05T09:00:00Z'), now)).toBe('Hemgångsklar');
    expect(hemgangLabel(state('kontrollera_tiderna', '2026-12-09T09:00:00Z'), now)).toBe('Kontrollera tiderna');
    expect(hemgangLabel(state('utskriven', '2026-12-06T14:08:00Z'), now)).toBe('Utskriven sön 6 dec 15:08');
    expect(hemgangLabel(state('ej_klar'), now)).toBe('Ej hemgångsklar');
    expect(
      hemgangReason({ ...state('ej_klar'), saknas: [{ ansvarig: 'Hemtjänst Norr', punkter: ['Inte redo.'] }], kontrollera: ['Avbrott.'] }),
    ).toBe('Hemtjänst Norr: Inte redo.\nAvbrott.');
  });
});

describe("a thread's messages in the query cache (ordered, de-duplicated, gaps found by seq)", () => {
  const m = (seq: number) => ({ id: `m${seq}`, seq }) as Message;
  it('merges by seq, each once, and returns the same list when nothing is new', () => {
    const list = [m(1), m(2)];
    expect(mergeBySeq(list, [m(2)])).toBe(list);
    expect(mergeBySeq(list, [m(4), m(3), m(3)]).map((x) => x.seq)).toEqual([1, 2, 3, 4]);
  });
  it('finds the last seq below the first gap (the join asks the server from there)', () => {
    expect(contiguousSeq([])).toBe(0);
    expect(contiguousSeq([m(1), m(2), m(3)])).toBe(3);
    expect(contiguousSeq([m(1), m(2), m(5), m(6)])).toBe(2);
    expect(contiguousSeq([m(2)])).toBe(0);
  });
});

describe('the thread join that cannot stall', () => {
  type Ack = (error: Error | null, reply: { ok: true } | { ok: false; error: { statusCode: number; message: string } }) => void;
  const fakeSocket = (id: string) => {
    const sent: { lastSeq: number; ack: Ack }[] = [];
    return {
      sent,
      connected: true,
      id,
      timeout: () => ({
        emit: (_e: 'thread:join', body: { threadId: string; lastSeq: number }, ack: Ack) => sent.push({ lastSeq: body.lastSeq, ack }),
      }),
    };
  };

  it('sends one join per connection, again when its ack times out, and again on a new connection', () => {
    const joiner = new ThreadJoiner({ threadId: 't', lastSeq: () => 7, onRefused: () => undefined });
    const first = fakeSocket('a');
    joiner.join(first);
    joiner.join(first);
    expect(first.sent).toHaveLength(1);
    first.sent[0].ack(new Error('operation has timed out'), { ok: true });
    expect(first.sent).toHaveLength(2);
    // The connection is replaced while the second join waits: the new one joins at once.
    const second = fakeSocket('b');
    joiner.join(second);
    expect(second.sent.map((s) => s.lastSeq)).toEqual([7]);
    // The old connection's late answer changes nothing; a gap seen while a join runs asks once more.
    first.sent[1].ack(null, { ok: true });
    joiner.join(second, true);
    expect(second.sent).toHaveLength(1);
    second.sent[0].ack(null, { ok: true });
    expect(second.sent).toHaveLength(2);
    second.sent[1].ack(null, { ok: true });
    expect(second.sent).toHaveLength(2);
  });

  it('stops on a 404 and after the view closed', () => {
    const refused: string[] = [];
    const joiner = new ThreadJoiner({ threadId: 't', lastSeq: () => 0, onRefused: (m) => refused.push(m) });
    const socket = fakeSocket('a');
    joiner.join(socket);
    socket.sent[0].ack(null, { ok: false, error: { statusCode: 404, message: 'Ärendet finns inte.' } });
    expect(refused).toEqual(['Ärendet finns inte.']);
    joiner.stop();
    const next = fakeSocket('b');
    joiner.join(next);
    expect(next.sent).toHaveLength(0);
  });
});

describe('the offline outbox: what is asked again at sync (docs/offline.md)', () => {
  it.each([
    [{ action: 'meddelande' as const }, false, ''],
    [{ action: 'mottagen_hemma' as const }, false, ''],
    [{ action: 'punkt' as const, required: false }, false, ''],
    [{ action: 'punkt' as const, required: true }, true, 'hemgångsklar'],
    [{ action: 'redo' as const }, true, 'hemgångsklar'],
    [{ action: 'redo_aterkallad' as const }, true, 'hemgångsklar'],
    [{ action: 'sip_avbojer' as const }, true, 'SIP-mötet'],
  ])('%j: asked again %s', (item, again, words) => {
    expect(asksAgain(item)).toBe(again);
    if (words) expect(consequence(item)).toContain(words);
    else expect(consequence(item)).toBe('');
  });
});

describe('the offline outbox: what became of a queued act (docs/offline.md)', () => {
  it('keeps it queued when the answer is not about the act: no network, the session ended, the server busy', () => {
    expect([0, 401, 500, 503].map(triesAgain)).toEqual([true, true, true, true]);
    expect([400, 403, 404, 409].map(triesAgain)).toEqual([false, false, false, false]);
  });

  it('explains a refusal in Swedish: access gone, the item or the thread changed meanwhile, the server’s reason', () => {
    expect(refusalText(404, 'Ärendet finns inte.', { action: 'meddelande' })).toBe(
      'Inte skickat: du har inte längre tillgång till ärendet.',
    );
    expect(refusalText(409, 'Punkten har version 3, inte 2.', { action: 'punkt' })).toBe(
      'Inte skickat: punkten ändrades av någon annan medan du var utan täckning. Punkten har version 3, inte 2.',
    );
    expect(refusalText(409, 'Ärendet är avslutat.', { action: 'redo' })).toBe(
      'Inte skickat: ärendet ändrades medan du var utan täckning. Ärendet är avslutat.',
    );
    expect(refusalText(400, 'observedAt: tidpunkten ligger i framtiden – kontrollera telefonens klocka', { action: 'punkt' })).toBe(
      'Inte skickat: observedAt: tidpunkten ligger i framtiden – kontrollera telefonens klocka',
    );
  });
});

describe("a checklist item's value, checked the same online and offline", () => {
  const at = (rule: Partial<Parameters<typeof parseItemValue>[0]>) => ({ valueType: 'text' as const, notInPast: false, ...rule });
  it('needs a value only to mark the item klar', () => {
    expect(parseItemValue(at({}), 'klar', '  ')).toEqual({ error: 'Fyll i fältet.' });
    expect(parseItemValue(at({}), 'pagar', '')).toEqual({ value: null });
    expect(parseItemValue(at({}), 'klar', ' Rollator levererad ')).toEqual({ value: 'Rollator levererad' });
    expect(parseItemValue(at({ valueType: 'date' }), 'klar', '2026-02-30')).toEqual({ error: 'Ange ett giltigt datum (ÅÅÅÅ-MM-DD).' });
    expect(parseItemValue(at({ valueType: 'boolean' }), 'klar', true)).toEqual({ value: true });
  });

  it('sends a time as a moment, and refuses one already passed when the item says so', () => {
    const now = new Date('2026-12-07T09:00:00Z').getTime();
    const local = new Date('2026-12-07T10:30:00Z');
    const pad = (n: number) => String(n).padStart(2, '0');
    const typed = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}T${pad(local.getHours())}:${pad(local.getMinutes())}`;
    expect(parseItemValue(at({ valueType: 'datetime' }), 'klar', typed, now)).toEqual({ value: '2026-12-07T10:30:00.000Z' });
    expect(parseItemValue(at({ valueType: 'datetime', notInPast: true }), 'klar', typed, now + 3 * 3_600_000)).toEqual({
      error: 'Tidpunkten har redan passerat.',
    });
    expect(parseItemValue(at({ valueType: 'datetime' }), 'klar', 'i morgon', now).error).toMatch(/Ange datum och klockslag/);
    expect(itemValueText('date', '2026-12-08')).toBe('2026-12-08 (tis 8 dec.)');
    expect(itemValueText('boolean', false)).toBe('Nej');
    expect(itemValueText('text', null)).toBe('');
  });
});
