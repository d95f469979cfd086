import { useVirtualizer } from '@tanstack/react-virtual';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { client, unwrap } from '../api/client';
import { useEffect, useMemo, useRef, useState } from 'react';
import { inboxQuery, type InboxQuery } from '../api/queries';
import { ClockFilters, InboxHoliday, NextDeadlineCell, type ClockQuery } from '../clock/inbox-clock';
import { PageHeading } from '../components/page-heading';
import { Alert, CheckboxField, HemgangBadge, Loading, SelectField, StatusBadge, TextField, TriageBadge } from '../components/ui';
import { useNarrow } from '../components/use-narrow';
import { useDebouncedValue } from '../components/use-debounced';
import { AwayNoticeToggle } from '../notice/away-notice';
import { sortThreads, type Sort, type SortKey } from './inbox-order';
import { formatDate, formatDateTime, formatShortDate, formatShortDayTime, STATUS, TRIAGE } from '../format';
import { Link, paths } from '../router';
import { can, useMe } from '../session';
import { useShowsInbox } from '../socket';
import type { Thread, ThreadStatus, Triage } from '../api/model';

const digits = (s: string) => s.replace(/\D/g, '');

/** The server's page (GET /api/threads without a limit gives 500). */
const PAGE = 500;

/**
 * The pages after the first (which is the shared, live inbox query): fetched by offset when "Visa
 * fler" asks for them; `lastFull` says whether the server may have more.
 */
function useMorePages(q: InboxQuery, pages: number): { threads: Thread[]; loading: boolean; lastFull: boolean } {
  return useQueries({
    queries: Array.from({ length: pages - 1 }, (_, i) => ({
      queryKey: ['inbox-more', q, i + 1],
      queryFn: async () =>
        (await unwrap(client.GET('/api/threads', { params: { query: { ...q, limit: PAGE, offset: (i + 1) * PAGE } } }))).threads,
    })),
    combine: combinePages,
  });
}

/** Module-level, so the combined list keeps its identity while the pages do (the inbox's memos depend on it). */
function combinePages(answers: { data?: Thread[]; isFetching: boolean }[]) {
  const last = answers.at(-1);
  return {
    threads: answers.flatMap((a) => a.data ?? []),
    loading: answers.some((a) => a.isFetching),
    lastFull: !last || (last.data?.length ?? 0) === PAGE,
  };
}

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

/** Threads that came into the list while it was open: marked "Nytt" and announced to screen readers. */
function useArrivals(threads: Thread[] | null, listKey: string): { fresh: Set<string>; announcement: string } {
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [announcement, setAnnouncement] = useState('');
  const known = useRef<{ listKey: string; ids: Set<string> } | null>(null);
  useEffect(() => {
    if (!threads) return;
    const before = known.current?.listKey === listKey ? known.current.ids : null;
    known.current = { listKey, ids: new Set(threads.map((t) => t.id)) };
    const added = before ? threads.filter((t) => !before.has(t.id)) : [];
    if (!added.length) return;
    setFresh((f) => new Set([...f, ...added.map((t) => t.id)]));
    setAnnouncement(
      added.length === 1 ? 'Ett nytt ärende har kommit till inkorgen.' : `${added.length} nya ärenden har kommit till inkorgen.`,
    );
  }, [threads, listKey]);
  return { fresh, announcement };
}

export function InboxView() {
  const me = useMe();
  // Its rows move with every new message: the socket gets the counts promptly while it is shown.
  useShowsInbox();
  const narrow = useNarrow();
  const [status, setStatus] = useState<ThreadStatus | ''>('');
  const [unit, setUnit] = useState('');
  const [search, setSearch] = useState('');
  const [triage, setTriage] = useState<Triage | ''>('');
  const [onlyUnread, setOnlyUnread] = useState(false);
  // "Mina": threads I opened, wrote in or am ansvarig handläggare for (the server decides: ?mina=true).
  const [onlyMine, setOnlyMine] = useState(false);
  const [sort, setSort] = useState<Sort>({ key: 'server', dir: 'asc' });
  const [clockQuery, setClockQuery] = useState<ClockQuery>({});
  // Avslutade and makulerade threads are left out unless asked for (or a status is chosen).
  const [withEnded, setWithEnded] = useState(false);
  // "Visa fler": further pages of the server's list (each PAGE threads, by offset).
  const [pages, setPages] = useState(1);
  // Socket events keep this list current in the cache (api/live-updates.ts); it is fetched when the
  // inbox opens or its server-side filters change.
  // The search goes to the server too: it reaches every thread, not only the page listed.
  const serverSearch = useDebouncedValue(search.trim(), 300);
  const inbox = useQuery({
    ...inboxQuery({
      status: status || undefined,
      ...clockQuery,
      ...(onlyMine ? { mina: 'true' as const } : {}),
      ...(!withEnded && !status ? { aktiva: 'true' as const } : {}),
      ...(serverSearch.length >= 2 ? { q: serverSearch } : {}),
    }),
    placeholderData: keepPreviousData,
  });
  const more = useMorePages(
    {
      status: status || undefined,
      ...clockQuery,
      ...(onlyMine ? { mina: 'true' as const } : {}),
      ...(!withEnded && !status ? { aktiva: 'true' as const } : {}),
      ...(serverSearch.length >= 2 ? { q: serverSearch } : {}),
    },
    inbox.data?.length === PAGE ? pages : 1,
  );
  const first = inbox.data;
  const further = more.threads;
  const threads = useMemo(() => {
    if (!first) return null;
    const seen = new Set(first.map((t) => t.id));
    return [...first, ...further.filter((t) => !seen.has(t.id))];
  }, [first, further]);
  const hasMore = inbox.data?.length === PAGE && more.lastFull;
  const error = inbox.error ? inbox.error.message : null;
  // A list kept on screen while the next search loads is not the next list: no arrivals from it.
  const { fresh, announcement } = useArrivals(
    inbox.isPlaceholderData ? null : threads,
    `${status}|${clockQuery.filter ?? ''}|${onlyMine}|${serverSearch}`,
  );

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
      sortThreads(
        (threads ?? []).filter(
          (t) =>
            (!unit || t.ownerUnit.id === unit || t.participants.some((p) => p.unitId === unit)) &&
            (!triage || t.triage === triage) &&
            (!onlyUnread || (t.unreadCount ?? 0) > 0) &&
            matchesSearch(t, search),
        ),
        sort,
      ),
    [threads, unit, triage, onlyUnread, search, sort],
  );
  const unreadTotal = (threads ?? []).reduce((n, t) => n + (t.unreadCount ?? 0), 0);

  const activeFilters = [status, clockQuery.filter, clockQuery.sort === 'frist', triage, onlyUnread, onlyMine, withEnded, unit].filter(
    Boolean,
  ).length;
  const moreFilters = (
    <>
      <SelectField label="Status" value={status} onChange={(e) => setStatus(e.target.value as ThreadStatus | '')}>
        <option value="">Alla statusar</option>
        {Object.entries(STATUS).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      <ClockFilters value={clockQuery} onChange={setClockQuery} />
      <SelectField label="Triage" value={triage} onChange={(e) => setTriage(e.target.value as Triage | '')}>
        <option value="">Alla</option>
        {Object.entries(TRIAGE).map(([value, t]) => (
          <option key={value} value={value}>
            {t.label}
          </option>
        ))}
      </SelectField>
      <CheckboxField label="Bara olästa" checked={onlyUnread} onChange={(e) => setOnlyUnread(e.target.checked)} />
      <CheckboxField label="Mina ärenden" checked={onlyMine} onChange={(e) => setOnlyMine(e.target.checked)} />
      <CheckboxField
        label="Visa avslutade och makulerade"
        checked={withEnded || Boolean(status)}
        disabled={Boolean(status)}
        onChange={(e) => setWithEnded(e.target.checked)}
      />
      <SelectField label="Enhet" value={unit} onChange={(e) => setUnit(e.target.value)}>
        <option value="">Alla enheter</option>
        {units.map(([id, name]) => (
          <option key={id} value={id}>
            {name}
          </option>
        ))}
      </SelectField>
    </>
  );

  return (
    <section className="page" aria-labelledby="inbox-title">
      <div className="page-head">
        <div>
          <PageHeading title="Inkorg" id="inbox-title" />
          <p className="sub">
            Ärenden där någon av dina enheter deltar
            {threads
              ? ` · ${threads.length === 1 ? '1 ärende' : `${threads.length} ärenden`}, ${unreadTotal === 1 ? '1 oläst meddelande' : `${unreadTotal} olästa meddelanden`}`
              : ''}
          </p>
        </div>
        <div className="buttons">
          <AwayNoticeToggle />
          {can.openThread(me) && (
            <Link to={paths.newThread()} className="button">
              + Nytt ärende
            </Link>
          )}
        </div>
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
        {narrow ? (
          // A phone opens on the threads: the filters beyond the search fold under one line (they filled the first screen).
          <details className="filters-more">
            <summary>Fler filter{activeFilters > 0 ? ` (${activeFilters} valda)` : ''}</summary>
            <div className="filters-more-body">{moreFilters}</div>
          </details>
        ) : (
          moreFilters
        )}
      </form>
      {error && <Alert title="Inkorgen kunde inte hämtas">{error}</Alert>}
      {!threads && !error && <Loading text="Hämtar ärenden …" />}
      {threads && (
        <>
          <p className="result-count" role="status">
            {shown.length === threads.length
              ? threads.length === 1
                ? 'Visar 1 ärende'
                : `Visar alla ${shown.length} ärenden`
              : `Visar ${shown.length} av ${threads.length} ärenden`}
          </p>
          {shown.length === 0 ? (
            <p className="empty">
              {!can.readThreads(me)
                ? 'Din roll ger ingen åtkomst till ärenden. Logggranskare granskar loggen under Logg; administratörer hanterar behörigheter och mallar.'
                : threads.length === 0 && !status && !clockQuery.filter && !onlyMine
                  ? 'Inga ärenden ännu.'
                  : 'Inga ärenden matchar filtret.'}
            </p>
          ) : narrow ? (
            <ul className="inbox-cards" aria-label="Ärenden, senast aktiva först">
              {shown.map((t) => (
                <InboxCard key={t.id} thread={t} fresh={fresh.has(t.id)} />
              ))}
            </ul>
          ) : (
            <InboxTable threads={shown} fresh={fresh} sort={sort} onSort={setSort} />
          )}
          {hasMore && (
            <button type="button" className="secondary show-more" onClick={() => setPages((n) => n + 1)} disabled={more.loading}>
              {more.loading ? 'Hämtar …' : 'Visa fler'}
            </button>
          )}
        </>
      )}
    </section>
  );
}

const COLUMNS: { key: SortKey | null; label: string; col: string }[] = [
  { key: 'patient', label: 'Patient', col: 'patient' },
  { key: 'triage', label: 'Triage', col: 'triage' },
  { key: 'status', label: 'Status', col: 'status' },
  { key: null, label: 'Avdelning', col: 'avdelning' },
  { key: 'utskrivningsklar', label: 'Utskrivningsklar', col: 'utskrivningsklar' },
  { key: 'planerad', label: 'Planerad utskrivning', col: 'planerad' },
  { key: 'frist', label: 'Nästa frist', col: 'frist' },
  { key: null, label: 'Hemgång', col: 'hemgang' },
  { key: 'olasta', label: 'Olästa', col: 'olasta' },
];

/**
 * Columns that say the same on every row (one ward, no dates yet …) give their width to the deadline
 * and hemgång columns; what they would say stands once above the table.
 */
function sameOnEveryRow(threads: Thread[]): Set<string> {
  const hidden = new Set<string>();
  if (threads.length < 2) return hidden;
  const same = (col: string, value: (t: Thread) => string | null) => {
    const first = value(threads[0]);
    if (threads.every((t) => value(t) === first)) hidden.add(col);
  };
  same('avdelning', (t) => t.ownerUnit.id);
  same('triage', (t) => t.triage);
  same('status', (t) => t.status);
  if (threads.every((t) => !t.dates.utskrivningsklarAt)) hidden.add('utskrivningsklar');
  if (threads.every((t) => !t.dates.plannedDischargeDate)) hidden.add('planerad');
  return hidden;
}

/** Beyond this many rows only those near the screen are in the page (a unit may follow thousands). */
export const VIRTUAL_FROM = 300;
const ROW_HEIGHT = 25;

function InboxTable({ threads, fresh, sort, onSort }: { threads: Thread[]; fresh: Set<string>; sort: Sort; onSort: (s: Sort) => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = threads.length > VIRTUAL_FROM;
  const rows = useVirtualizer({
    count: threads.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    enabled: virtual,
  });
  const items = virtual ? rows.getVirtualItems() : [];
  const before = items.length ? items[0].start : 0;
  const after = items.length ? rows.getTotalSize() - items[items.length - 1].end : 0;
  const visible = virtual ? items.map((i) => threads[i.index]) : threads;
  const hidden = sameOnEveryRow(threads);
  const columns = COLUMNS.filter((c) => !hidden.has(c.col));
  const header = (key: SortKey | null, label: string) => {
    if (!key) return label;
    const active = sort.key === key;
    const next: Sort = active ? { key, dir: sort.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'olasta' ? 'desc' : 'asc' };
    return (
      <button type="button" className="sort-button" onClick={() => onSort(next)}>
        {label}
        <span aria-hidden="true">{active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    );
  };
  const common = [
    hidden.has('avdelning') ? threads[0].ownerUnit.name : null,
    hidden.has('triage') ? `Triage ${TRIAGE[threads[0].triage].label.toLowerCase()}` : null,
    hidden.has('status') ? STATUS[threads[0].status] : null,
  ].filter(Boolean);
  return (
    <>
      {common.length > 0 && <p className="inbox-common">Alla ärenden här: {common.join(' · ')}</p>}
      <div
        className={virtual ? 'inbox-scroll' : undefined}
        ref={scroller}
        tabIndex={virtual ? 0 : undefined}
        aria-label={virtual ? 'Ärenden, rulla för fler' : undefined}
      >
        <table className="inbox-table" aria-rowcount={virtual ? threads.length + 1 : undefined}>
          <caption className="visually-hidden">Ärenden{sort.key === 'server' ? ', senast aktiva först' : ''}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th
                  key={c.label}
                  scope="col"
                  className={`col-${c.col}`}
                  aria-sort={c.key && sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {header(c.key, c.label)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {before > 0 && <tr className="spacer" aria-hidden="true" style={{ height: before }} />}
            {visible.map((t) => (
              <InboxRow key={t.id} thread={t} fresh={fresh.has(t.id)} hidden={hidden} />
            ))}
            {after > 0 && <tr className="spacer" aria-hidden="true" style={{ height: after }} />}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** `compact` (the table, its column headed "Olästa"): the number shows, the word is read out. */
function UnreadCount({ unread, compact = false }: { unread: number; compact?: boolean }) {
  const word = unread === 1 ? ' oläst' : ' olästa';
  return unread > 0 ? (
    <span className="unread-count">
      {unread}
      {compact ? <span className="visually-hidden">{word}</span> : word}
    </span>
  ) : (
    <span className="muted">
      <span aria-hidden="true">–</span>
      <span className="visually-hidden">Inga olästa</span>
    </span>
  );
}

/** A phone's inbox row: the same facts as the table's, stacked. */
function InboxCard({ thread: t, fresh }: { thread: Thread; fresh: boolean }) {
  const unread = t.unreadCount ?? 0;
  return (
    <li className={`inbox-card${unread > 0 ? ' unread' : ''}`} data-thread-id={t.id}>
      <div className="card-line card-top">
        <span>
          <Link to={paths.thread(t.id)} className="patient-link">
            {t.patient.name ?? 'Skyddad identitet'}
          </Link>
          {fresh && <span className="tag tag-new">Nytt</span>}
        </span>
        <UnreadCount unread={unread} />
      </div>
      <span className="pnr">
        {t.patient.identityNumber}
        {t.patient.protectedIdentity && <span className="tag tag-protected">Skyddade personuppgifter</span>}
      </span>
      <div className="card-line">
        <TriageBadge triage={t.triage} />
        <StatusBadge status={t.status} />
        <HemgangBadge hemgang={t.hemgang} />
      </div>
      <div className="card-line card-dates">
        <span>{t.ownerUnit.name}</span>
        {t.dates.utskrivningsklarAt && <span>Utskrivningsklar {formatDateTime(t.dates.utskrivningsklarAt)}</span>}
        {t.dates.plannedDischargeDate && <span>Planerad {formatDate(t.dates.plannedDischargeDate)}</span>}
        <ClockOrMine thread={t} />
      </div>
    </li>
  );
}

const ENDED = new Set(['avslutad', 'makulerad']);

/**
 * A receiving unit (hemtjänst, hemsjukvård) reads its own part, not the ward's payment clock: its
 * confirmation (missing, withdrawn, given) and the booked pick-up. Others read the next deadline.
 */
function ClockOrMine({ thread: t, compact = false }: { thread: Thread; compact?: boolean }) {
  if (!t.minBekraftelse) return <NextDeadlineCell clock={t.clock} compact={compact} />;
  if (ENDED.has(t.status)) return <span className="muted">–</span>;
  return (
    <span className="mine-line">
      {t.minBekraftelse === 'saknas' && <span className="mine-missing">Er bekräftelse saknas</span>}
      {t.minBekraftelse === 'aterkallad' && <span className="mine-missing">Ni har återkallat redo</span>}
      {t.minBekraftelse === 'redo' && <span className="mine-ok">Ni är redo</span>}
      {t.hemgang.upphamtning && (
        <span className="mine-pickup">
          Hämtas {compact ? formatShortDayTime(t.hemgang.upphamtning) : formatDateTime(t.hemgang.upphamtning)}
        </span>
      )}
    </span>
  );
}

function InboxRow({ thread: t, fresh, hidden }: { thread: Thread; fresh: boolean; hidden: Set<string> }) {
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
      {!hidden.has('triage') && (
        <td>
          <TriageBadge triage={t.triage} />
        </td>
      )}
      {!hidden.has('status') && (
        <td>
          <StatusBadge status={t.status} />
        </td>
      )}
      {!hidden.has('avdelning') && <td>{t.ownerUnit.name}</td>}
      {/* Short dates ("6 dec 10:00"): the deadline and hemgång columns need the room, whole on one line. */}
      {!hidden.has('utskrivningsklar') && <td>{t.dates.utskrivningsklarAt ? formatShortDayTime(t.dates.utskrivningsklarAt) : '–'}</td>}
      {!hidden.has('planerad') && (
        <td>
          {t.dates.plannedDischargeDate ? formatShortDate(t.dates.plannedDischargeDate) : '–'} <InboxHoliday clock={t.clock} />
        </td>
      )}
      <td className="cell-full cell-frist">
        <ClockOrMine thread={t} compact />
      </td>
      <td className="cell-full cell-hemgang">
        <HemgangBadge hemgang={t.hemgang} compact />
      </td>
      <td>
        <UnreadCount unread={unread} compact />
      </td>
    </tr>
  );
}
