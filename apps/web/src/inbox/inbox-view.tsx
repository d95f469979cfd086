import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, query } from '../api';
import { PageHeading } from '../components/page-heading';
import { Alert, HemgangsklarBadge, Loading, SelectField, StatusBadge, TextField, TriageBadge } from '../components/ui';
import { useDebouncedCallback } from '../components/use-debounced';
import { formatDate, formatDateTime, STATUS } from '../format';
import { Link, paths } from '../router';
import { can, useMe } from '../session';
import { useOnConnect, useSocketEvent } from '../socket';
import type { Thread, ThreadStatus } from '../types';

/** Unread counts as the inbox last saw them: the thread view places its "Nya meddelanden" marker from it. */
export const unreadCache = new Map<string, number>();

const digits = (s: string) => s.replace(/\D/g, '');

/** Name or personnummer, as people type them: "tekla", "19000612-9803", "0006129803". */
export function matchesSearch(thread: Thread, search: string): boolean {
  const q = search.trim().toLowerCase();
  if (!q) return true;
  const name = thread.patient.name?.toLowerCase() ?? '';
  if (name && q.split(/\s+/).every((word) => name.includes(word))) return true;
  const qd = digits(q);
  if (qd.length >= 4) {
    const pnr = digits(thread.patient.identityNumber);
    if (pnr.includes(qd) || pnr.slice(2).includes(qd)) return true;
  }
  return false;
}

export function InboxView() {
  const me = useMe();
  const [threads, setThreads] = useState<Thread[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<ThreadStatus | ''>('');
  const [unit, setUnit] = useState('');
  const [search, setSearch] = useState('');
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [announcement, setAnnouncement] = useState('');
  const known = useRef<Set<string> | null>(null);

  const load = useCallback(() => {
    api
      .get<{ threads: Thread[] }>(`/api/threads${query({ status })}`)
      .then(({ threads: list }) => {
        setError(null);
        for (const t of list) unreadCache.set(t.id, t.unreadCount ?? 0);
        const before = known.current;
        const added = before ? list.filter((t) => !before.has(t.id)) : [];
        known.current = new Set(list.map((t) => t.id));
        if (added.length) {
          setFresh((f) => new Set([...f, ...added.map((t) => t.id)]));
          setAnnouncement(added.length === 1 ? 'Ett nytt ärende har kommit till inkorgen.' : `${added.length} nya ärenden har kommit till inkorgen.`);
        }
        setThreads(list);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [status]);

  useEffect(() => {
    known.current = null;
    load();
  }, [load]);

  const reload = useDebouncedCallback(load, 250);
  useSocketEvent('inbox:thread', reload);
  useSocketEvent('inbox:message', reload);
  useSocketEvent('inbox:read', reload);
  useSocketEvent('thread:changed', reload);
  // After a reconnect, whatever happened meanwhile.
  useOnConnect(reload);

  const units = useMemo(() => {
    const all = new Map<string, string>();
    for (const t of threads ?? []) {
      all.set(t.ownerUnit.id, t.ownerUnit.name);
      for (const p of t.participants) all.set(p.unitId, p.name);
    }
    return [...all.entries()].sort((a, b) => a[1].localeCompare(b[1], 'sv'));
  }, [threads]);

  const shown = useMemo(
    () =>
      (threads ?? []).filter(
        (t) => (!unit || t.ownerUnit.id === unit || t.participants.some((p) => p.unitId === unit)) && matchesSearch(t, search),
      ),
    [threads, unit, search],
  );
  const unreadTotal = (threads ?? []).reduce((n, t) => n + (t.unreadCount ?? 0), 0);

  return (
    <section className="page" aria-labelledby="inbox-title">
      <div className="page-head">
        <div>
          <PageHeading title="Inkorg" id="inbox-title" />
          <p className="sub">
            Ärenden där någon av dina enheter deltar
            {threads ? ` · ${threads.length === 1 ? '1 ärende' : `${threads.length} ärenden`}, ${unreadTotal === 1 ? '1 oläst meddelande' : `${unreadTotal} olästa meddelanden`}` : ''}
          </p>
        </div>
        {can.openThread(me) && (
          <Link to={paths.newThread()} className="button">
            + Nytt ärende
          </Link>
        )}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <form className="filters" role="search" aria-label="Filtrera ärenden" onSubmit={(e) => e.preventDefault()}>
        <TextField
          label="Sök patient"
          hint="Namn eller personnummer"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          autoComplete="off"
          className="filter-search"
        />
        <SelectField label="Status" value={status} onChange={(e) => setStatus(e.target.value as ThreadStatus | '')}>
          <option value="">Alla statusar</option>
          {Object.entries(STATUS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Enhet" value={unit} onChange={(e) => setUnit(e.target.value)}>
          <option value="">Alla enheter</option>
          {units.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </SelectField>
      </form>
      {error && <Alert title="Inkorgen kunde inte hämtas">{error}</Alert>}
      {!threads && !error && <Loading text="Hämtar ärenden …" />}
      {threads && (
        <>
          <p className="result-count" role="status">
            {shown.length === threads.length ? (threads.length === 1 ? 'Visar 1 ärende' : `Visar alla ${shown.length} ärenden`) : `Visar ${shown.length} av ${threads.length} ärenden`}
          </p>
          {shown.length === 0 ? (
            <p className="empty">{threads.length === 0 ? 'Inga ärenden ännu.' : 'Inga ärenden matchar filtret.'}</p>
          ) : (
            <table className="inbox-table">
              <caption className="visually-hidden">Ärenden, senast aktiva först</caption>
              <thead>
                <tr>
                  <th scope="col">Patient</th>
                  <th scope="col">Triage</th>
                  <th scope="col">Status</th>
                  <th scope="col">Avdelning</th>
                  <th scope="col">Utskrivningsklar</th>
                  <th scope="col">Planerad utskrivning</th>
                  <th scope="col">Hemgång</th>
                  <th scope="col">Olästa</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((t) => (
                  <InboxRow key={t.id} thread={t} fresh={fresh.has(t.id)} />
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

function InboxRow({ thread: t, fresh }: { thread: Thread; fresh: boolean }) {
  const unread = t.unreadCount ?? 0;
  return (
    <tr className={unread > 0 ? 'unread' : undefined} data-thread-id={t.id}>
      <th scope="row" className="patient-cell">
        <Link to={paths.thread(t.id)} className="patient-link">
          {t.patient.name ?? 'Skyddad identitet'}
        </Link>
        {fresh && <span className="tag tag-new">Nytt</span>}
        <span className="pnr">
          {t.patient.identityNumber}
          {t.patient.protectedIdentity && <span className="tag tag-protected">Skyddade personuppgifter</span>}
        </span>
      </th>
      <td>
        <TriageBadge triage={t.triage} />
      </td>
      <td>
        <StatusBadge status={t.status} />
      </td>
      <td>{t.ownerUnit.name}</td>
      <td>{formatDateTime(t.dates.utskrivningsklarAt)}</td>
      <td>{formatDate(t.dates.plannedDischargeDate)}</td>
      <td>
        <HemgangsklarBadge klar={t.hemgangsklar} at={t.dates.hemgangsklarAt} />
      </td>
      <td>
        {unread > 0 ? (
          <span className="unread-count">{unread === 1 ? '1 oläst' : `${unread} olästa`}</span>
        ) : (
          <span className="muted">
            <span aria-hidden="true">–</span>
            <span className="visually-hidden">Inga olästa</span>
          </span>
        )}
      </td>
    </tr>
  );
}
