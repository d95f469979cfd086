import { useEffect, useState } from 'react';
import type { Me } from '../api/model';
import { HemgangBadge, StatusBadge } from '../components/ui';
import { formatWhen, ITEM_STATE, shortName } from '../format';
import { Link, parseRoute, paths, useLocation } from '../router';
import { kindTitle } from '../thread/kinds';
import { recordOfflineRead, savedThread, savedThreads, type SavedThread } from './offline-copy';
import { queue } from './outbox';
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
    await vault.wipe();
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
              <span className="hint">sparat {formatWhen(t.savedAt)}</span>
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
                {i.value !== null && i.value !== undefined ? ` – ${String(i.value)}` : ''}
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

function factText(value: Record<string, unknown>): string {
  return Object.values(value)
    .flatMap((v) => (Array.isArray(v) ? v.map((x) => (typeof x === 'object' && x ? Object.values(x).join(' ') : String(x))) : [v]))
    .filter((v) => typeof v === 'string' || typeof v === 'number')
    .join(', ');
}
