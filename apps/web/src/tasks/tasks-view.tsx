import { useInfiniteQuery } from '@tanstack/react-query';
import { client, unwrap } from '../api/client';
import type { Task, ThreadStatus } from '../api/model';
import { keys } from '../api/queries';
import { PageHeading } from '../components/page-heading';
import { Alert, Loading, StatusBadge } from '../components/ui';
import { formatDateTime } from '../format';
import { Link, paths } from '../router';
import { useMe } from '../session';
import { useShowsInbox } from '../socket';

const PAGE = 30;

/** Where a task is done: checklist items and readiness on the checklists, an avvikelse in the home phase, answers in the conversation. */
const WHERE: Record<string, 'checklistor' | 'hemgang' | 'samtal'> = {
  punkt: 'checklistor',
  redo: 'checklistor',
  avvikelse: 'hemgang',
  sip_svar: 'samtal',
  kvittens: 'samtal',
};

/** The tasks of a page, grouped by thread in the order the first of each comes (the most pressing first). */
function byThread(tasks: Task[]): { threadId: string; first: Task; tasks: Task[] }[] {
  const groups = new Map<string, { threadId: string; first: Task; tasks: Task[] }>();
  for (const t of tasks) {
    const g = groups.get(t.threadId) ?? { threadId: t.threadId, first: t, tasks: [] };
    g.tasks.push(t);
    groups.set(t.threadId, g);
  }
  return [...groups.values()];
}

/** Mina uppgifter: what my units are responsible for and have not done, across their threads (GET /api/tasks). */
export function TasksView() {
  const me = useMe();
  // Refetched on its units' new messages (api/live-updates.ts): they come promptly while it is shown.
  useShowsInbox();
  const severalUnits = me.units.filter((u) => u.capabilities.includes('task.list')).length > 1;
  const answer = useInfiniteQuery({
    queryKey: keys.tasks(),
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      unwrap(client.GET('/api/tasks', { params: { query: { limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // Always as things are now: done tasks leave the list.
    refetchOnMount: 'always',
  });
  const tasks = answer.data?.pages.flatMap((p) => p.tasks) ?? null;
  return (
    <section className="page tasks-page" aria-labelledby="tasks-title">
      <PageHeading title="Mina uppgifter" id="tasks-title" />
      <p className="sub">Det som din enhet ansvarar för och ännu inte har gjort i pågående ärenden, det mest brådskande först.</p>
      {answer.error && <Alert title="Uppgifterna kunde inte hämtas">{answer.error.message}</Alert>}
      {!tasks && !answer.error && <Loading text="Hämtar uppgifter …" />}
      {tasks &&
        (tasks.length === 0 ? (
          <p className="empty">Inga uppgifter väntar på din enhet just nu.</p>
        ) : (
          <ul className="task-threads">
            {byThread(tasks).map((g) => (
              <li key={g.threadId} className="task-thread" data-thread-id={g.threadId}>
                <h2 className="task-patient">
                  {g.first.patient.name ?? 'Skyddad identitet'} <span className="pnr">{g.first.patient.identityNumber}</span>
                </h2>
                <p className="task-meta">
                  {g.first.ownerUnitName} · <StatusBadge status={g.first.threadStatus as ThreadStatus} />
                </p>
                <ul className="task-lines">
                  {g.tasks.map((t) => (
                    <li key={`${t.kind}:${t.refId}:${t.unitId}`} className={`task task-${t.kind}`}>
                      <Link to={paths.threadAt(t.threadId, WHERE[t.kind] ?? 'samtal')}>{t.text}</Link>
                      {(t.dueAt || severalUnits) && (
                        <span className="task-due">
                          {t.dueAt ? `${t.kind === 'sip_svar' ? 'Mötet' : 'Senast'} ${formatDateTime(t.dueAt)}` : ''}
                          {t.dueAt && severalUnits ? ' · ' : ''}
                          {severalUnits ? t.unitName : ''}
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        ))}
      {answer.hasNextPage && (
        <button type="button" className="secondary" onClick={() => void answer.fetchNextPage()} disabled={answer.isFetchingNextPage}>
          {answer.isFetchingNextPage ? 'Hämtar …' : 'Visa fler'}
        </button>
      )}
    </section>
  );
}
