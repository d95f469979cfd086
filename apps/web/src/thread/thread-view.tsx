import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { OfflineToggle } from '../offline/offline-sync';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { client, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import { checklistsQuery, keys, threadQuery } from '../api/queries';
import { ThreadClockPanel } from '../clock/thread-clock';
import { PageHeading } from '../components/page-heading';
import { Alert, HemgangBadge, Loading, StatusBadge, TriageBadge } from '../components/ui';
import { useDebouncedCallback } from '../components/use-debounced';
import { useNarrow } from '../components/use-narrow';
import { formatDate, formatDateTime } from '../format';
import { useUnreadOf } from '../inbox/unread-title';
import { Link, paths } from '../router';
import { can, isClosed, isOwner as ownerOf, myOrgKindsIn, myUnitsIn, myUnitsWith, useMe } from '../session';
import type { Message, OrgKind, Thread } from '../api/model';
import type { AnswerContext } from './answers';
import { ChecklistPanel, type MedicationListLink } from './checklist-panel';
import { CloseThread, ClosedBanner } from './close-thread';
import { Composer } from './composer';
import { HemgangBanner } from './hemgang-banner';
import { AlertBanner } from '../clock/alert-banner';
import { HomePhasePanel } from './home-phase-panel';
import { SipPlanPanel } from './sip-plan-panel';
import { DraftRescue } from './draft-rescue';
import { kindTitle, offeredKinds } from './kinds';
import { ParticipantsPanel } from './participants-panel';
import { ThreadFacts } from './thread-facts';
import { ThreadSummary } from './thread-summary';
import { Timeline } from './timeline';
import { isEvent, isSystem } from './timeline-grouping';
import { useThreadStream } from './use-thread-stream';

/** The medication list attached to the latest utskrivningsmeddelande that is not corrected. */
function medicationListOf(messages: Message[]): MedicationListLink | null {
  const corrected = new Set(messages.map((m) => m.correctsMessageId).filter(Boolean));
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.kind !== 'utskrivningsmeddelande' || corrected.has(m.id)) continue;
    const file = m.attachments?.find((a) => a.id === m.payload?.lakemedelslistaBilaga);
    if (file) return { messageId: m.id, name: file.name };
  }
  return null;
}

/** Where the "Nya meddelanden" line goes: before the first of the last `unread` messages others wrote (events do not count). */
function firstUnread(messages: Message[], myUserId: string, unread: number): number | null {
  if (unread <= 0) return null;
  const counted = (m: Message) => m.author.userId !== myUserId && !isEvent(m);
  let count = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (!counted(messages[i])) continue;
    count += 1;
    if (count === unread) return messages[i].seq;
  }
  return messages.find(counted)?.seq ?? null;
}

/** On a phone or tablet the thread is three tabs; on a wide screen everything shows side by side. */
const TABS = [
  { id: 'samtal', label: 'Samtal' },
  { id: 'checklistor', label: 'Checklistor' },
  { id: 'hemgang', label: 'Hemgång' },
] as const;
type Tab = (typeof TABS)[number]['id'];

function ThreadTabs({ tab, onTab, unseen }: { tab: Tab; onTab: (t: Tab) => void; unseen: number }) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const move = (delta: number) => {
    const i = (TABS.findIndex((t) => t.id === tab) + delta + TABS.length) % TABS.length;
    onTab(TABS[i].id);
    refs.current[TABS[i].id]?.focus();
  };
  return (
    <div className="thread-tabs" role="tablist" aria-label="Ärendets delar">
      {TABS.map((t) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[t.id] = el;
          }}
          type="button"
          role="tab"
          id={`flik-${t.id}`}
          aria-selected={tab === t.id}
          aria-controls={`panel-${t.id}`}
          tabIndex={tab === t.id ? 0 : -1}
          onClick={() => onTab(t.id)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight') move(1);
            if (e.key === 'ArrowLeft') move(-1);
          }}
        >
          {t.label}
          {t.id === 'samtal' && unseen > 0 && tab !== 'samtal' && (
            <span className="tab-count">{unseen === 1 ? '1 ny' : `${unseen} nya`}</span>
          )}
        </button>
      ))}
    </div>
  );
}

export function ThreadView({ threadId }: { threadId: string }) {
  const me = useMe();
  const narrow = useNarrow();
  // ?flik=checklistor (from Mina uppgifter) opens on that part.
  const [tab, setTab] = useState<Tab>(
    () => TABS.find((t) => t.id === new URLSearchParams(window.location.search).get('flik'))?.id ?? 'samtal',
  );
  // Messages from others that arrived while another tab was open: counted on the Samtal tab.
  const [unseen, setUnseen] = useState(0);
  const chooseTab = useCallback((t: Tab) => {
    setTab(t);
    if (t === 'samtal') setUnseen(0);
  }, []);
  const qc = useQueryClient();
  // The thread, its checklists and its messages are queries that socket events keep current (api/live-updates.ts).
  const threadAnswer = useQuery(threadQuery(threadId));
  const thread = threadAnswer.data ?? null;
  const error = threadAnswer.error;
  const overview = useQuery(checklistsQuery(threadId)).data ?? null;
  const setThread = useCallback((t: Thread) => qc.setQueryData(keys.thread(threadId), t), [qc, threadId]);
  const loadThread = useCallback(() => void qc.invalidateQueries({ queryKey: keys.thread(threadId) }), [qc, threadId]);

  const unitNames = useCallback(
    (unitId: string) =>
      thread
        ? ([thread.ownerUnit, ...thread.participants.map((p) => ({ id: p.unitId, name: p.name }))].find((u) => u.id === unitId)?.name ?? '')
        : '',
    [thread],
  );
  const stream = useThreadStream(threadId, me.user.id, unitNames);

  // The unread marker: fixed when the thread opens, from the inbox's count.
  const readsThreads = can.readThreads(me);
  const unreadAtOpen = useUnreadOf(threadId, readsThreads);
  const [firstUnreadSeq, setFirstUnreadSeq] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    if (!stream.loaded || firstUnreadSeq !== undefined || unreadAtOpen === undefined) return;
    setFirstUnreadSeq(firstUnread(stream.messages, me.user.id, unreadAtOpen));
  }, [stream.loaded, stream.messages, firstUnreadSeq, unreadAtOpen, me.user.id]);

  // Read receipts: up to the newest message that has been on screen while the tab was visible.
  const readUpTo = useRef(0);
  const seenMax = useRef(0);
  const markRead = useMutation({
    mutationFn: (upToSeq: number) =>
      unwrap(client.POST('/api/threads/{id}/read', { params: { path: { id: threadId } }, body: { upToSeq } })),
    onError: () => {
      readUpTo.current = 0;
    },
  });
  const sendRead = useDebouncedCallback(() => {
    const upToSeq = seenMax.current;
    if (upToSeq <= readUpTo.current) return;
    readUpTo.current = upToSeq;
    // The inbox's count follows from the server's inbox:read event (api/live-updates.ts).
    markRead.mutate(upToSeq);
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
      const others = added.filter((m) => m.author.userId !== me.user.id && !isEvent(m));
      if (others.length) {
        const last = others[others.length - 1];
        setUnseen((n) => n + others.length);
        setAnnounce(
          `Nytt i ärendet: ${kindTitle(last.kind)} från ${isSystem(last) ? 'Brygga' : `${last.author.name}, ${last.author.unitName}`}.`,
        );
      }
    }
  }, [stream.messages, stream.loaded, firstUnreadSeq, me.user.id]);

  const myUnits = useMemo(() => (thread ? myUnitsIn(me, thread) : []), [me, thread]);
  const orgKinds = useMemo(() => (thread ? myOrgKindsIn(me, thread) : new Set<never>()), [me, thread]);
  const owner = thread ? ownerOf(me, thread) : false;
  const closed = thread ? isClosed(thread) : false;
  const [correcting, setCorrecting] = useState<Message | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const onRefused = useCallback(
    (e: ApiError) => {
      setRefusal(e.message);
      loadThread();
    },
    [loadThread],
  );
  const addMessages = stream.add;
  const answers = useMemo<AnswerContext | undefined>(() => {
    if (!thread) return undefined;
    const participants = [
      { unitId: thread.ownerUnit.id, name: thread.ownerUnit.name },
      ...thread.participants.filter((p) => p.unitId !== thread.ownerUnit.id),
    ];
    const formerNames = new Map<string, string>();
    for (const m of stream.messages) {
      formerNames.set(m.author.unitId, m.author.unitName);
      if (typeof m.payload?.unitId === 'string' && typeof m.payload.unitName === 'string')
        formerNames.set(m.payload.unitId, m.payload.unitName);
    }
    return {
      threadId,
      participants,
      formerNames,
      postingUnits: myUnitsWith(me, thread, 'message.post'),
      closed,
      onPosted: (m) => addMessages([m]),
      onRefused,
    };
  }, [thread, me, threadId, closed, addMessages, onRefused, stream.messages]);
  const offered = useMemo(
    () => (thread ? new Set(offeredKinds(owner, orgKinds, thread.status).map((k) => k.kind)) : new Set<string>()),
    [thread, owner, orgKinds],
  );
  const myUnitIds = useMemo(() => new Set(myUnits.map((u) => u.unitId)), [myUnits]);
  const mayCorrect = useCallback(
    (m: Message) => !closed && !isEvent(m) && !isSystem(m) && myUnitIds.has(m.author.unitId) && offered.has(m.kind),
    [closed, myUnitIds, offered],
  );
  const startCorrection = useCallback((m: Message) => {
    setCorrecting(m);
    window.setTimeout(
      () =>
        document
          .querySelector<HTMLElement>('form.composer-correcting input, form.composer-correcting select, form.composer-correcting textarea')
          ?.focus(),
      0,
    );
  }, []);
  const factWriters = useMemo(
    () => new Set<OrgKind>(thread && !closed ? myUnitsWith(me, thread, 'facts.write').map((u) => u.orgKind) : []),
    [me, thread, closed],
  );

  const failure = error ?? stream.error;
  if (failure) {
    const notFound = failure instanceof ApiError && failure.status === 404;
    return (
      <section className="page narrow">
        <PageHeading title={notFound ? 'Ärendet finns inte' : 'Ärendet kunde inte visas'} />
        <Alert>{notFound ? 'Ärendet finns inte, eller så deltar ingen av dina enheter i det.' : failure.message}</Alert>
        <DraftRescue
          threadId={threadId}
          why={notFound ? 'Din enhet har inte längre åtkomst till ärendet.' : 'Ärendet kunde inte visas medan du skrev.'}
        />
        <p>
          <Link to={paths.inbox()}>Tillbaka till inkorgen</Link>
        </p>
      </section>
    );
  }
  if (!thread) return <Loading text="Hämtar ärendet …" />;

  const patientName = thread.patient.name ?? 'Skyddad identitet';
  // Narrow: each part is a tab panel, shown when its tab is chosen (kept mounted, so drafts survive).
  const panel = (id: Tab) =>
    narrow ? { role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `flik-${id}`, hidden: tab !== id, tabIndex: 0 } : {};
  // An aside may not be a tab panel: on a narrow screen the checklists sit in a plain div.
  const Side = narrow ? 'div' : 'aside';
  const closer =
    owner && !closed && myUnitsWith(me, thread, 'discharge.notify').some((u) => u.unitId === thread.ownerUnit.id) ? (
      <CloseThread thread={thread} onClosed={setThread} />
    ) : null;
  const dates = (
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
  );
  const factsAndClock = (
    <>
      <ThreadFacts threadId={threadId} facts={thread.facts ?? []} mayWrite={factWriters} onSaved={loadThread} onRefused={onRefused} />
      <ThreadClockPanel clock={thread.clock} />
    </>
  );
  return (
    <div className={`thread-page${narrow ? ' thread-page-narrow' : ''}`}>
      <header className="thread-head">
        <div className="thread-title">
          <p className="crumbs">
            <Link to={paths.inbox()}>
              <span aria-hidden="true">← </span>Inkorg
            </Link>
            <span className="thread-links">
              <Link to={paths.plan(threadId)}>Min hemgång</Link>
              <button type="button" className="link-button" onClick={() => window.print()}>
                Skriv ut ärendet
              </button>
            </span>
          </p>
          <PageHeading title={`Ärende: ${patientName}`} tabTitle="Ärende">
            {patientName} <span className="pnr-big">{thread.patient.identityNumber}</span>
          </PageHeading>
          <p className="thread-badges">
            <TriageBadge triage={thread.triage} />
            <StatusBadge status={thread.status} />
            <HemgangBadge hemgang={thread.hemgang} />
            {thread.patient.protectedIdentity && <span className="tag tag-protected">Skyddade personuppgifter</span>}
          </p>
          <OfflineToggle me={me} thread={thread} />
        </div>
      </header>
      {thread.patient.nameMismatch && (
        <div className="name-mismatch">
          <Alert kind="warning">Namnet skiljer sig från en tidigare registrering av samma personnummer – kontrollera identiteten.</Alert>
        </div>
      )}
      {closed && <ClosedBanner thread={thread} messages={stream.messages} refusal={refusal} />}
      {/* On a laptop the alerts head the side column: above the conversation they took its height (3 alerts: 190 px of 768). */}
      {narrow && <AlertBanner threadId={threadId} />}
      {narrow && <ThreadTabs tab={tab} onTab={chooseTab} unseen={unseen} />}
      <div className="thread-overview" {...panel('hemgang')}>
        {narrow ? (
          <>
            {dates}
            {factsAndClock}
          </>
        ) : (
          <ThreadSummary thread={thread}>
            {dates}
            {factsAndClock}
          </ThreadSummary>
        )}
        <HemgangBanner hemgang={thread.hemgang} detailed={overview !== null} />
        <HomePhasePanel threadId={threadId} version={stream.messages.length} closed={closed} onPosted={(m) => stream.add([m])} />
        <SipPlanPanel threadId={threadId} version={stream.messages.length} closed={closed} />
        {narrow && <ParticipantsPanel thread={thread} closed={closed} onChanged={setThread} onRefused={onRefused} />}
        {narrow && closer}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {announce}
      </p>
      <div className="thread-layout" hidden={narrow && tab === 'hemgang'}>
        <section className="thread-main" aria-labelledby="timeline-title" {...panel('samtal')}>
          <h2 id="timeline-title" className="visually-hidden">
            Tidslinje
          </h2>
          <div className="timeline-scroll" ref={scroller} tabIndex={0} aria-label="Tidslinje, rulla för äldre meddelanden">
            {!stream.loaded ? (
              <Loading text="Hämtar meddelanden …" />
            ) : (
              <Timeline
                messages={stream.messages}
                myUserId={me.user.id}
                receipts={stream.receipts}
                firstUnreadSeq={firstUnreadSeq ?? null}
                onSeen={onSeen}
                answers={answers}
                mayCorrect={mayCorrect}
                onCorrect={startCorrection}
              />
            )}
          </div>
          {closed ? (
            <>
              <p className="composer composer-closed">
                {thread.status === 'makulerad' ? 'Ärendet är makulerat' : 'Ärendet är avslutat'}: det går inte längre att skriva i det.
              </p>
              <DraftRescue
                threadId={threadId}
                why={thread.status === 'makulerad' ? 'Ärendet makulerades medan du skrev.' : 'Ärendet avslutades medan du skrev.'}
              />
            </>
          ) : (
            <Composer
              key={correcting?.id ?? 'nytt'}
              threadId={threadId}
              isOwner={owner}
              orgKinds={orgKinds}
              status={thread.status}
              otherUnits={(answers?.participants ?? []).filter((p) => !myUnitIds.has(p.unitId))}
              onPosted={(m) => stream.add([m])}
              correcting={correcting}
              onCancelCorrection={() => setCorrecting(null)}
              onRefused={onRefused}
            />
          )}
        </section>
        <Side className="thread-side" aria-label={narrow ? undefined : 'Checklistor och deltagare'} {...panel('checklistor')}>
          {!narrow && <AlertBanner threadId={threadId} />}
          <ChecklistPanel
            threadId={threadId}
            isOwner={owner}
            myUnits={myUnits}
            onChanged={loadThread}
            closed={closed}
            medicationList={medicationListOf(stream.messages)}
            hemgang={thread.hemgang}
            plannedDischargeDate={thread.dates.plannedDischargeDate}
          />
          {!narrow && <ParticipantsPanel thread={thread} closed={closed} onChanged={setThread} onRefused={onRefused} />}
          {!narrow && closer}
        </Side>
      </div>
    </div>
  );
}
