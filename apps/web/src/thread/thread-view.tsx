import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import { PageHeading } from '../components/page-heading';
import { Alert, HemgangsklarBadge, Loading, StatusBadge, TriageBadge } from '../components/ui';
import { useDebouncedCallback } from '../components/use-debounced';
import { formatDate, formatDateTime, ORG_KIND } from '../format';
import { unreadCache } from '../inbox/inbox-view';
import { Link, paths } from '../router';
import { isOwner as ownerOf, myOrgKindsIn, myUnitsIn, useMe } from '../session';
import { useSocketEvent } from '../socket';
import type { Message, Thread, ThreadChecklists } from '../types';
import { ChecklistPanel } from './checklist-panel';
import { Composer } from './composer';
import { kindTitle } from './kinds';
import { Timeline } from './timeline';
import { useThreadStream } from './use-thread-stream';

/** Where the "Nya meddelanden" line goes: before the first of the last `unread` messages others wrote. */
function firstUnread(messages: Message[], myUserId: string, unread: number): number | null {
  if (unread <= 0) return null;
  let count = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].author.userId === myUserId) continue;
    count += 1;
    if (count === unread) return messages[i].seq;
  }
  return messages.find((m) => m.author.userId !== myUserId)?.seq ?? null;
}

export function ThreadView({ threadId }: { threadId: string }) {
  const me = useMe();
  const [thread, setThread] = useState<Thread | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [overview, setOverview] = useState<ThreadChecklists | null>(null);
  const base = `/api/threads/${encodeURIComponent(threadId)}`;

  const loadThread = useCallback(() => {
    api
      .get<Thread>(base)
      .then(setThread)
      .catch((e: unknown) => setError(e instanceof Error ? e : new Error(String(e))));
  }, [base]);
  useEffect(loadThread, [loadThread]);
  const reloadThread = useDebouncedCallback(loadThread, 200);
  useSocketEvent('thread:changed', (c) => {
    if (c.threadId === threadId) reloadThread();
  });

  const unitNames = useCallback(
    (unitId: string) => (thread ? ([thread.ownerUnit, ...thread.participants.map((p) => ({ id: p.unitId, name: p.name }))].find((u) => u.id === unitId)?.name ?? '') : ''),
    [thread],
  );
  const stream = useThreadStream(threadId, me.user.id, unitNames);

  // The unread marker: fixed when the thread opens, from the inbox's count.
  const [firstUnreadSeq, setFirstUnreadSeq] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    if (!stream.loaded || firstUnreadSeq !== undefined) return;
    const cached = unreadCache.get(threadId);
    if (cached !== undefined) {
      setFirstUnreadSeq(firstUnread(stream.messages, me.user.id, cached));
      return;
    }
    api
      .get<{ threads: Thread[] }>('/api/threads')
      .then((r) => setFirstUnreadSeq(firstUnread(stream.messages, me.user.id, r.threads.find((t) => t.id === threadId)?.unreadCount ?? 0)))
      .catch(() => setFirstUnreadSeq(null));
  }, [stream.loaded, stream.messages, firstUnreadSeq, threadId, me.user.id]);

  // Read receipts: up to the newest message that has been on screen while the tab was visible.
  const readUpTo = useRef(0);
  const seenMax = useRef(0);
  const sendRead = useDebouncedCallback(() => {
    const upToSeq = seenMax.current;
    if (upToSeq <= readUpTo.current) return;
    readUpTo.current = upToSeq;
    unreadCache.set(threadId, 0);
    api.post(`${base}/read`, { upToSeq }).catch(() => {
      readUpTo.current = 0;
    });
  }, 400);
  const onSeen = useCallback(
    (seq: number) => {
      if (document.visibilityState !== 'visible') return;
      const m = stream.messages.find((x) => x.seq === seq);
      if (!m || m.author.userId === me.user.id) return;
      if (seq > seenMax.current) {
        seenMax.current = seq;
        sendRead();
      }
    },
    [stream.messages, me.user.id, sendRead],
  );

  // Keep the newest message in view when the reader is at the bottom; announce others' new messages.
  const scroller = useRef<HTMLDivElement>(null);
  const [announce, setAnnounce] = useState('');
  const lastCount = useRef(0);
  const initialScroll = useRef(false);
  useEffect(() => {
    const el = scroller.current;
    if (!el || !stream.loaded || firstUnreadSeq === undefined) return;
    if (!initialScroll.current) {
      initialScroll.current = true;
      const marker = firstUnreadSeq ? el.querySelector<HTMLElement>(`[data-seq="${firstUnreadSeq}"]`) : null;
      if (marker) el.scrollTop = marker.offsetTop - el.offsetTop - 8;
      else el.scrollTop = el.scrollHeight;
      lastCount.current = stream.messages.length;
      return;
    }
    if (stream.messages.length > lastCount.current) {
      const added = stream.messages.slice(lastCount.current);
      lastCount.current = stream.messages.length;
      const nearBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 240;
      const mineAdded = added.some((m) => m.author.userId === me.user.id);
      if (nearBottom || mineAdded) el.scrollTop = el.scrollHeight;
      const others = added.filter((m) => m.author.userId !== me.user.id);
      if (others.length) {
        const last = others[others.length - 1];
        setAnnounce(`Nytt i ärendet: ${kindTitle(last.kind)} från ${last.author.name}, ${last.author.unitName}.`);
      }
    }
  }, [stream.messages, stream.loaded, firstUnreadSeq, me.user.id]);

  const myUnits = useMemo(() => (thread ? myUnitsIn(me, thread) : []), [me, thread]);
  const orgKinds = useMemo(() => (thread ? myOrgKindsIn(me, thread) : new Set<never>()), [me, thread]);
  const owner = thread ? ownerOf(me, thread) : false;

  const failure = error ?? stream.error;
  if (failure) {
    const notFound = failure instanceof ApiError && failure.status === 404;
    return (
      <section className="page narrow">
        <PageHeading title={notFound ? 'Ärendet finns inte' : 'Ärendet kunde inte visas'} />
        <Alert>{notFound ? 'Ärendet finns inte, eller så deltar ingen av dina enheter i det.' : failure.message}</Alert>
        <p>
          <Link to={paths.inbox()}>Tillbaka till inkorgen</Link>
        </p>
      </section>
    );
  }
  if (!thread) return <Loading text="Hämtar ärendet …" />;

  const patientName = thread.patient.name ?? 'Skyddad identitet';
  const hk = overview ?? { hemgangsklar: thread.hemgangsklar, hemgangsklarAt: thread.dates.hemgangsklarAt, missing: [], kanTaEmotFran: null };
  return (
    <div className="thread-page">
      <header className="thread-head">
        <div className="thread-title">
          <p className="crumbs">
            <Link to={paths.inbox()}>
              <span aria-hidden="true">← </span>Inkorg
            </Link>
          </p>
          <PageHeading title={`Ärende: ${patientName}`}>
            {patientName} <span className="pnr-big">{thread.patient.identityNumber}</span>
          </PageHeading>
          <p className="thread-badges">
            <TriageBadge triage={thread.triage} />
            <StatusBadge status={thread.status} />
            <HemgangsklarBadge klar={hk.hemgangsklar} at={hk.hemgangsklarAt} />
            {thread.patient.protectedIdentity && <span className="tag tag-protected">Skyddade personuppgifter</span>}
          </p>
        </div>
        <dl className="thread-dates">
          <div>
            <dt>Avdelning</dt>
            <dd>{thread.ownerUnit.name}</dd>
          </div>
          <div>
            <dt>Inskriven</dt>
            <dd>{formatDateTime(thread.dates.admittedAt)}</dd>
          </div>
          <div>
            <dt>Planerad utskrivning</dt>
            <dd>{formatDate(thread.dates.plannedDischargeDate)}</dd>
          </div>
          <div>
            <dt>Utskrivningsklar</dt>
            <dd>{formatDateTime(thread.dates.utskrivningsklarAt)}</dd>
          </div>
          <div>
            <dt>Utskriven</dt>
            <dd>{formatDateTime(thread.dates.dischargedAt)}</dd>
          </div>
        </dl>
      </header>
      <div className={`hk-banner ${hk.hemgangsklar ? 'hk-banner-ja' : 'hk-banner-nej'}`} role="status" aria-live="polite">
        {hk.hemgangsklar ? (
          <p>
            <strong>
              <span aria-hidden="true">✓ </span>Hemgångsklar
            </strong>{' '}
            sedan {formatDateTime(hk.hemgangsklarAt)}: alla obligatoriska punkter är klara och alla mottagande enheter är redo
            {hk.kanTaEmotFran ? ` (från ${formatDateTime(hk.kanTaEmotFran)})` : ''}.
          </p>
        ) : (
          <p>
            <strong>Inte hemgångsklar ännu.</strong>{' '}
            {overview ? (
              <>
                {overview.missing.length === 1 ? '1 sak återstår' : `${overview.missing.length} saker återstår`} –{' '}
                <a href="#hemgang">se listan</a>.
              </>
            ) : null}
          </p>
        )}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {announce}
      </p>
      <div className="thread-layout">
        <section className="thread-main" aria-labelledby="timeline-title">
          <h2 id="timeline-title" className="visually-hidden">
            Tidslinje
          </h2>
          <div className="timeline-scroll" ref={scroller} tabIndex={0} aria-label="Tidslinje, rulla för äldre meddelanden">
            {!stream.loaded ? (
              <Loading text="Hämtar meddelanden …" />
            ) : (
              <Timeline messages={stream.messages} myUserId={me.user.id} receipts={stream.receipts} firstUnreadSeq={firstUnreadSeq ?? null} onSeen={onSeen} />
            )}
          </div>
          <Composer threadId={threadId} isOwner={owner} orgKinds={orgKinds} onPosted={(m) => stream.add([m])} />
        </section>
        <aside className="thread-side" aria-label="Checklistor och deltagare">
          <ChecklistPanel threadId={threadId} isOwner={owner} myUnits={myUnits} onChanged={reloadThread} onOverview={setOverview} />
          <section className="panel-section" aria-labelledby="participants-title">
            <h2 id="participants-title">Deltagare</h2>
            <ul className="participants">
              <li>
                {thread.ownerUnit.name} <span className="muted small">(ansvarig avdelning)</span>
              </li>
              {thread.participants
                .filter((p) => p.unitId !== thread.ownerUnit.id)
                .map((p) => (
                  <li key={p.unitId}>
                    {p.name} <span className="muted small">({ORG_KIND[p.orgKind]})</span>
                  </li>
                ))}
            </ul>
          </section>
        </aside>
      </div>
    </div>
  );
}
