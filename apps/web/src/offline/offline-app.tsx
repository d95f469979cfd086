import { useEffect, useState } from 'react';
import type { Me, Message } from '../api/model';
import { HemgangBadge, StatusBadge } from '../components/ui';
import { formatWhen, ITEM_STATE, shortName } from '../format';
import { Link, parseRoute, paths, useLocation } from '../router';
import { kindTitle } from '../thread/kinds';
import { recordOfflineRead, savedThread, savedThreads, wipeExpired, type SavedThread } from './offline-copy';
import { ItemChangeForm, shownItemValue } from './item-change';
import { queue, type OutboxItem } from './outbox';
import { OutboxPanel, useOutbox } from './outbox-panel';
import { ObservedTime } from './observed-time';
import * as vault from './vault';

const ME_RECORD = 'me';

/** Who was logged in, kept (encrypted) for the offline app: names and units, no patient data. */
export function saveMe(me: Me): Promise<void> {
  return vault.put(ME_RECORD, me);
}

/** Whether the phone holds a copy this tab can open (the key is here, the shift not over). */
export async function offlineMe(): Promise<Me | null> {
  const meta = vault.readMeta();
  if (!meta || !vault.hasKey()) return null;
  if (vault.expired(meta)) {
    await wipeExpired();
    return null;
  }
  return vault.get<Me>(ME_RECORD);
}

/**
 * The app without coverage (docs/offline.md): the kept threads, read from the encrypted copy,
 * and the outbox. Each opening of a kept thread is recorded and sent as an offline read later.
 * Coverage back: the normal app takes over (onOnline), which syncs.
 */
export function OfflineApp({ me, onOnline }: { me: Me; onOnline: () => void }) {
  const location = useLocation();
  const route = parseRoute(location.pathname);
  useEffect(() => {
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [onOnline]);
  return (
    <>
      <header className="topbar">
        <div className="brand">
          <Link to={paths.inbox()} className="brand-link">
            Brygga
          </Link>
          <span className="brand-sub">Utan täckning</span>
        </div>
        <span className="who">
          <strong>{me.user.name}</strong>
        </span>
      </header>
      <main id="innehall" tabIndex={-1} className="offline-main">
        <OutboxPanel online={false} />
        {route.name === 'thread' ? <OfflineThread key={route.id} me={me} threadId={route.id} /> : <SavedList />}
      </main>
    </>
  );
}

function SavedList() {
  const [threads, setThreads] = useState<SavedThread[] | null>(null);
  useEffect(() => {
    savedThreads().then(setThreads, () => setThreads([]));
  }, []);
  return (
    <section className="page narrow" aria-labelledby="saved-title">
      <h1 id="saved-title">Sparat på telefonen</h1>
      {threads === null ? (
        <p className="loading">Öppnar det sparade …</p>
      ) : threads.length === 0 ? (
        <p>Inga ärenden är sparade för att läsas utan täckning.</p>
      ) : (
        <ul className="offline-list">
          {threads.map((t) => (
            <li key={t.threadId}>
              <Link to={paths.thread(t.threadId)}>
                {t.thread.patient.name} <span className="pnr">{t.thread.patient.identityNumber}</span>
              </Link>{' '}
              <span className="hint">
                {t.auto ? 'öppnat i dag, ' : ''}sparat {formatWhen(t.savedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function OfflineThread({ me, threadId }: { me: Me; threadId: string }) {
  const [saved, setSaved] = useState<SavedThread | null | undefined>(undefined);
  const { items: outbox } = useOutbox();
  useEffect(() => {
    savedThread(threadId).then(
      (s) => {
        setSaved(s);
        // The access log must stay whole: this reading is reported at the next sync.
        if (s) void recordOfflineRead(threadId);
      },
      () => setSaved(null),
    );
  }, [threadId]);
  if (saved === undefined) return <p className="loading">Öppnar det sparade …</p>;
  if (saved === null) {
    return (
      <section className="page narrow">
        <h1>Ärendet finns inte sparat på telefonen</h1>
        <p>
          Det kan läsas när du har täckning igen. <Link to={paths.inbox()}>Till det sparade</Link>
        </p>
      </section>
    );
  }
  const { thread } = saved;
  const readinessUnits = me.units.filter(
    (m) => m.capabilities.includes('readiness.declare') && thread.participants.some((p) => p.unitId === m.unitId),
  );
  const patient = thread.patient.name ?? thread.patient.identityNumber;
  const queued = outbox.filter((i) => i.threadId === threadId && i.action === 'meddelande' && i.state !== 'skickat');
  // The unit the user writes for in this thread (SIP answers, mottagen hemma, checklist changes).
  const messageUnit = me.units.find(
    (m) =>
      m.capabilities.includes('message.post') &&
      (thread.ownerUnit.id === m.unitId || thread.participants.some((p) => p.unitId === m.unitId)),
  );
  const goesHome = messageUnit && (messageUnit.orgKind === 'hemtjanst' || messageUnit.orgKind === 'hemsjukvard');
  const summons = messageUnit ? openSummons(saved.messages, messageUnit.unitId, thread) : [];
  return (
    <div className="page offline-thread">
      <p className="crumbs">
        <Link to={paths.inbox()}>
          <span aria-hidden="true">← </span>Sparat på telefonen
        </Link>
      </p>
      <h1>
        {patient} <span className="pnr-big">{thread.patient.identityNumber}</span>
      </h1>
      <p className="thread-badges">
        <StatusBadge status={thread.status} />
        <HemgangBadge hemgang={thread.hemgang} />
      </p>
      <p className="hint">Sparat {formatWhen(saved.savedAt)} – kan ha ändrats sedan dess.</p>

      <section aria-labelledby="off-contacts">
        <h2 id="off-contacts">Kontakter</h2>
        <ul>
          {[
            { unitId: thread.ownerUnit.id, name: thread.ownerUnit.name, organisationName: 'Ansvarig avdelning' },
            ...thread.participants.filter((p) => p.unitId !== thread.ownerUnit.id),
          ].map((p) => (
            <li key={p.unitId}>
              {p.name} <span className="hint">({p.organisationName})</span>
            </li>
          ))}
          {(thread.facts ?? []).map((f) => (
            <li key={f.key}>
              <strong>{f.label}:</strong> {factText(f.value)}
            </li>
          ))}
        </ul>
      </section>

      {saved.plan && saved.plan.length > 0 && (
        <section aria-labelledby="off-plan">
          <h2 id="off-plan">Planen</h2>
          {saved.plan
            .filter((section) => section.entries.length > 0)
            .map((section) => (
              <div key={section.key}>
                <h3>{section.title}</h3>
                <ul>
                  {section.entries.map((e) => (
                    <li key={e.key}>
                      {e.done !== undefined && <span aria-hidden="true">{e.done ? '✓ ' : '○ '}</span>}
                      <strong>{e.label}:</strong> {e.text}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
        </section>
      )}

      {saved.sip && (
        <section aria-labelledby="off-sip">
          <h2 id="off-sip">SIP-plan</h2>
          <p>
            Möte {saved.sip.motesdatum} · uppföljning {saved.sip.uppfoljningsdatum}
          </p>
          <ul>
            {saved.sip.mal.map((m) => (
              <li key={m}>Mål: {m}</li>
            ))}
            {saved.sip.insatser.map((i, n) => (
              <li key={n}>
                {i.vad} – {i.enhetNamn}, från {i.fran}, {i.hurOfta}
              </li>
            ))}
          </ul>
        </section>
      )}

      {summons.length > 0 && messageUnit && (
        <section aria-labelledby="off-summons">
          <h2 id="off-summons">Kallelse till SIP-möte</h2>
          {summons.map((k) => (
            <SipDecline key={k.id} summons={k} threadId={threadId} patient={patient} unitId={messageUnit.unitId} outbox={outbox} />
          ))}
        </section>
      )}

      {goesHome && thread.status === 'utskriven' && messageUnit && (
        <section aria-labelledby="off-home">
          <h2 id="off-home">Hemma</h2>
          {outbox.some((q) => q.threadId === threadId && q.action === 'mottagen_hemma' && q.state !== 'inte_skickat') ? (
            <p>Mottagen hemma är sparat på telefonen.</p>
          ) : (
            <button type="button" onClick={() => void queue({ threadId, patient, unitId: messageUnit.unitId, action: 'mottagen_hemma' })}>
              Mottagen hemma nu
            </button>
          )}
        </section>
      )}

      <section aria-labelledby="off-readiness">
        <h2 id="off-readiness">Redo att ta emot</h2>
        <ul>
          {saved.readiness.map((r) => (
            <li key={r.unitId}>
              {r.unitName}:{' '}
              {r.status === 'redo'
                ? `redo${r.redoFran ? ` från ${formatWhen(r.redoFran)}` : ''}`
                : r.status === 'aterkallad'
                  ? 'återkallad'
                  : 'inte bekräftad'}
              {readinessUnits.some((u) => u.unitId === r.unitId) && (
                <button
                  type="button"
                  className="secondary offline-act"
                  onClick={() =>
                    void queue({
                      threadId,
                      patient,
                      unitId: r.unitId,
                      ...(r.status === 'redo'
                        ? { action: 'redo_aterkallad' as const }
                        : { action: 'redo' as const, redoFran: new Date().toISOString() }),
                    })
                  }
                >
                  {r.status === 'redo' ? 'Återkalla redo' : 'Bekräfta redo'}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="off-items">
        <h2 id="off-items">Vår organisations punkter</h2>
        {saved.items.length ? (
          <ul>
            {saved.items.map((i) => (
              <li key={i.id}>
                {i.label} <span className="hint">({i.checklistName})</span>: {ITEM_STATE[i.state]}
                {shownItemValue(i, i.value) ? ` – ${shownItemValue(i, i.value)}` : ''}
                {i.mayChange && messageUnit && (
                  <ItemChange item={i} threadId={threadId} patient={patient} unitId={messageUnit.unitId} outbox={outbox} />
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>Inga punkter som er organisation ansvarar för.</p>
        )}
      </section>

      <section aria-labelledby="off-messages">
        <h2 id="off-messages">Senaste meddelanden</h2>
        <ol className="offline-messages">
          {saved.messages.map((m) => (
            <li key={m.id}>
              <span className="hint">
                {formatWhen(m.createdAt)} · {shortName(m.author.name)}, {m.author.unitName}
                <ObservedTime message={m} />
              </span>
              <p>
                {m.kind !== 'fritext' && <strong>{kindTitle(m.kind)} </strong>}
                {m.body}
              </p>
            </li>
          ))}
          {queued.map((q) => (
            <li key={q.id} className="offline-queued">
              <span className="hint">{formatWhen(q.observedAt)} · du · sparat på telefonen</span>
              <p>{q.body}</p>
            </li>
          ))}
        </ol>
        <OfflineComposer threadId={threadId} patient={patient} />
      </section>
    </div>
  );
}

function OfflineComposer({ threadId, patient }: { threadId: string; patient: string }) {
  const [text, setText] = useState('');
  return (
    <form
      className="offline-composer"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return;
        void queue({ threadId, patient, action: 'meddelande', body: text.trim() }).then(() => setText(''));
      }}
    >
      <label htmlFor="offline-text">Skriv meddelande</label>
      <textarea id="offline-text" value={text} onChange={(e) => setText(e.target.value)} rows={3} />
      <button type="submit">Spara – skickas när du har täckning</button>
    </form>
  );
}

/** SIP summonses in the kept messages to the user's unit that it has not answered. */
function openSummons(messages: Message[], unitId: string, thread: SavedThread['thread']): Message[] {
  const answered = new Set(
    messages
      .filter((m) => m.kind === 'sip_svar' && m.author.unitId === unitId)
      .map((m) => (m.payload as { kallelseId?: string } | null)?.kallelseId),
  );
  return messages.filter((m) => {
    if (m.kind !== 'sip_kallelse' || answered.has(m.id)) return false;
    const invited = (m.payload as { inbjudnaEnheter?: string[] } | null)?.inbjudnaEnheter;
    return invited ? invited.includes(unitId) : m.author.unitId !== unitId && thread.participants.some((p) => p.unitId === unitId);
  });
}

/** Decline a SIP meeting offline: queued with a reason, asked again at sync. */
function SipDecline(props: { summons: Message; threadId: string; patient: string; unitId: string; outbox: OutboxItem[] }) {
  const { summons, threadId, patient, unitId, outbox } = props;
  const [orsak, setOrsak] = useState('');
  const [error, setError] = useState<string | null>(null);
  const when = (summons.payload as { motesTid?: string } | null)?.motesTid;
  const queuedAlready = outbox.some((q) => q.kallelseId === summons.id && q.state !== 'inte_skickat');
  return (
    <div className="offline-sip">
      <p>
        {summons.author.unitName} kallar till SIP-möte{when ? ` ${formatWhen(when)}` : ''}.
      </p>
      {queuedAlready ? (
        <p>Ditt nej är sparat på telefonen.</p>
      ) : (
        <form
          className="offline-composer"
          onSubmit={(e) => {
            e.preventDefault();
            if (!orsak.trim()) return setError('Skriv varför ni inte kan komma.');
            setError(null);
            void queue({ threadId, patient, unitId, action: 'sip_avbojer', kallelseId: summons.id, orsak: orsak.trim() });
          }}
        >
          <label htmlFor={`sip-${summons.id}`}>Orsak till nej</label>
          <textarea id={`sip-${summons.id}`} value={orsak} onChange={(e) => setOrsak(e.target.value)} rows={2} />
          {error && (
            <p role="alert" className="field-error">
              {error}
            </p>
          )}
          <button type="submit" className="secondary">
            Tacka nej – skickas när du har täckning
          </button>
        </form>
      )}
    </div>
  );
}

/**
 * A checklist item's state and value changed offline: queued with the version it was read at (a
 * change in between: 409, explained), editable in the outbox until it goes.
 */
function ItemChange(props: {
  item: SavedThread['items'][number];
  threadId: string;
  patient: string;
  unitId: string;
  outbox: OutboxItem[];
}) {
  const { item, threadId, patient, unitId, outbox } = props;
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pending = outbox.find((q) => q.itemId === item.id && (q.state === 'vantar' || q.state === 'bekrafta'));
  if (pending) {
    const value = pending.itemValue !== undefined ? shownItemValue(item, pending.itemValue) : '';
    return (
      <span className="hint">
        {' '}
        · ändrad till {ITEM_STATE[pending.itemState ?? 'klar']}
        {value ? ` – ${value}` : ''} på telefonen
      </span>
    );
  }
  if (!open) {
    return (
      <button type="button" className="link-button offline-act" aria-label={`Ändra ${item.label}`} onClick={() => setOpen(true)}>
        Ändra
      </button>
    );
  }
  return (
    <>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <ItemChangeForm
        item={item}
        state={item.state === 'ej_paborjad' ? 'klar' : item.state}
        value={item.value}
        submit="Spara – skickas när du har täckning"
        onCancel={() => setOpen(false)}
        onSave={async ({ state, value }) => {
          if (state === item.state && (value === undefined || value === item.value)) return setError('Ingen ändring att spara.');
          setError(null);
          await queue({
            threadId,
            patient,
            unitId,
            action: 'punkt',
            itemId: item.id,
            itemState: state,
            ...(value !== undefined && value !== item.value ? { itemValue: value } : {}),
            valueBefore: item.value,
            valueType: item.valueType,
            choices: item.choices,
            notInPast: item.notInPast,
            expectedVersion: item.version,
            label: item.label,
            required: item.required,
          });
          setOpen(false);
        }}
      />
    </>
  );
}

function factText(value: Record<string, unknown>): string {
  return Object.values(value)
    .flatMap((v) => (Array.isArray(v) ? v.map((x) => (typeof x === 'object' && x ? Object.values(x).join(' ') : String(x))) : [v]))
    .filter((v) => typeof v === 'string' || typeof v === 'number')
    .join(', ');
}
