import { QueryClientProvider, useMutation, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { client, unwrap } from './api/client';
import { ApiError } from './api/errors';
import { useLiveUpdates } from './api/live-updates';
import { createQueryClient } from './api/queries';
import { onUnauthenticated, setCsrfToken, type SessionEndReason } from './api/session-events';
import { useUnreadInTitle } from './inbox/unread-title';
import { AdminView } from './admin/admin-view';
import { AuditView } from './audit/audit-view';
import { CitizenApp, isCitizenPath } from './citizen/citizen-app';
import { BevakningView } from './clock/bevakning-view';
import { TasksView } from './tasks/tasks-view';
import { Alert, Loading } from './components/ui';
import { useNarrow } from './components/use-narrow';
import { ROLE } from './format';
import { InboxView } from './inbox/inbox-view';
import { LoginView } from './login/login-view';
import { NewThreadView } from './new-thread/new-thread-view';
import { Link, navigate, parseRoute, paths, useLocation } from './router';
import { can, SessionContext } from './session';
import { closeSocket, openSocket, useConnectionState, type ConnectionState } from './socket';
import { useAwayNotice } from './notice/away-notice';
import { ThreadView } from './thread/thread-view';
import { PlanView } from './plan/plan-view';
import { NotificationsView } from './notifications/notifications-view';
import { forgetPushAtLogout, renewPush } from './notifications/push-device';
import type { Me } from './api/model';
import { OfflineApp, offlineMe } from './offline/offline-app';
import { dropEverything } from './offline/offline-copy';
import { useLogoutGuard } from './offline/logout-guard';
import { OfflineSync } from './offline/offline-sync';
import { UnlockView } from './offline/pin';
import { locked as offlineLocked } from './offline/vault';

/** The chart library is large: the statistics page loads it when opened. */
const StatisticsView = lazy(() => import('./clock/statistics-view').then((m) => ({ default: m.StatisticsView })));

const CONNECTION_TEXT: Record<ConnectionState, string> = { ansluten: 'Live', ansluter: 'Ansluter …', återansluter: 'Återansluter…' };

const REASONS: readonly SessionEndReason[] = ['utgangen', 'inte-inloggad', 'utloggad'];

/** Survives the round trip through the IdP's logout: read once, then forgotten. */
const REASON_KEY = 'brygga.orsak';

function readReason(): SessionEndReason | null {
  const stored = sessionStorage.getItem(REASON_KEY);
  sessionStorage.removeItem(REASON_KEY);
  const r = new URLSearchParams(window.location.search).get('orsak') ?? stored;
  return REASONS.includes(r as SessionEndReason) ? (r as SessionEndReason) : null;
}
const STARTUP_REASON = readReason();

const queryClient = createQueryClient();

export function App() {
  // Min hemgång (patients and närstående) is a world of its own: no staff session, no socket.
  const citizen = isCitizenPath(window.location.pathname);
  return <QueryClientProvider client={queryClient}>{citizen ? <CitizenApp /> : <Session />}</QueryClientProvider>;
}

/** Who is logged in (GET /api/me), or the login view with the reason the session ended. */
function Session() {
  const qc = useQueryClient();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [reason, setReason] = useState<SessionEndReason | null>(STARTUP_REASON);
  const [failure, setFailure] = useState<string | null>(null);
  // Without coverage, and the phone holds a copy this tab can open: the offline app (docs/offline.md).
  const [offline, setOffline] = useState<Me | null>(null);
  // Without coverage after the app was closed: the copy waits for the user's PIN.
  const [locked, setLocked] = useState(false);

  const load = useCallback(() => {
    setFailure(null);
    unwrap(client.GET('/api/me'), { quiet401: true })
      .then((m) => {
        setCsrfToken(m.csrfToken);
        openSocket({ hasInbox: can.readThreads(m) });
        setOffline(null);
        setLocked(false);
        setMe(m);
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.unauthenticated) {
          if (error.message.startsWith('Sessionen')) setReason((r) => r ?? 'utgangen');
          setMe(null);
        } else if (error instanceof ApiError && error.status === 0) {
          const message = error.message;
          offlineMe().then(
            (kept) => (kept ? setOffline(kept) : offlineLocked() ? setLocked(true) : setFailure(message)),
            () => setFailure(message),
          );
        } else {
          setFailure(error instanceof Error ? error.message : String(error));
        }
      });
  }, []);

  useEffect(load, [load]);
  useEffect(
    () =>
      onUnauthenticated((why) => {
        closeSocket();
        // Nothing read in the ended session outlives it.
        qc.clear();
        setCsrfToken(undefined);
        setReason(why);
        setMe(null);
      }),
    [qc],
  );

  if (offline && !me) return <OfflineApp me={offline} onOnline={load} />;
  if (locked && !me) {
    return (
      <UnlockView
        onOnline={load}
        onUnlocked={() => {
          setLocked(false);
          offlineMe().then(
            (kept) => (kept ? setOffline(kept) : setFailure('Det sparade kunde inte öppnas.')),
            () => undefined,
          );
        }}
      />
    );
  }
  if (failure) {
    return (
      <main className="centered" id="innehall">
        <h1>Brygga</h1>
        <Alert title="Brygga kunde inte startas">{failure}</Alert>
        <button type="button" onClick={load}>
          Försök igen
        </button>
      </main>
    );
  }
  if (me === undefined) return <Loading text="Startar Brygga …" />;
  if (me === null) return <LoginView reason={reason} />;
  return (
    <SessionContext.Provider value={me}>
      <Shell me={me} />
    </SessionContext.Provider>
  );
}

function Shell({ me }: { me: Me }) {
  const location = useLocation();
  const route = parseRoute(location.pathname);
  const connection = useConnectionState();
  const narrow = useNarrow();
  const [menuOpen, setMenuOpen] = useState(false);
  useAwayNotice(me.user.id);
  useLiveUpdates(me.user.id);
  useUnreadInTitle(can.readThreads(me));
  // A device that kept its push subscription across an expired session: this session takes it over.
  useEffect(() => {
    if (can.notify(me)) void renewPush();
  }, [me]);

  useEffect(() => {
    // The login flow's ?orsak= has done its job once the user is in.
    if (location.search.includes('orsak=')) navigate(location.pathname, { replace: true });
  }, [location]);
  // A chosen page closes the folded menu.
  useEffect(() => setMenuOpen(false), [location.pathname]);
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setMenuOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  // "Logga ut överallt" also ends the user's sessions in other browsers and devices.
  const logout = useMutation({
    mutationFn: async (everywhere: boolean) => {
      // Nothing kept for offline use outlives the session on this phone: the copy, the outbox, the key.
      await dropEverything();
      // This device stops receiving notices too (the server ends its subscription with the session).
      await forgetPushAtLogout();
      return unwrap(everywhere ? client.POST('/auth/logout/everywhere') : client.POST('/auth/logout'));
    },
    onSuccess: (r) => {
      closeSocket();
      sessionStorage.setItem(REASON_KEY, 'utloggad');
      window.location.assign(r.endSessionUrl ?? '/');
    },
  });
  const logoutGuard = useLogoutGuard((everywhere) => logout.mutate(everywhere));
  // Stays "Loggar ut …" until the browser has left for the IdP.
  const loggingOut = logout.isPending || logout.isSuccess;

  const roles = [...new Set(me.units.map((u) => `${u.unitName} (${ROLE[u.role] ?? u.role})`))].join(', ');
  const current = (name: string) => (route.name === name ? 'page' : undefined);

  return (
    <>
      <a className="skip-link" href="#innehall">
        Hoppa till innehållet
      </a>
      <header className="topbar">
        <div className="brand">
          <Link to={paths.inbox()} className="brand-link">
            Brygga
          </Link>
          <span className="brand-sub">Trygg hemgång</span>
        </div>
        <span className={`conn conn-${connection === 'ansluten' ? 'ok' : 'off'}`} role="status" title="Direktuppdateringar">
          <span aria-hidden="true">●</span> {CONNECTION_TEXT[connection]}
        </span>
        {narrow && (
          <button
            type="button"
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls="huvudmeny"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span aria-hidden="true">{menuOpen ? '✕' : '☰'} </span>Meny
          </button>
        )}
        <div className={`topbar-menu${narrow ? ' topbar-menu-folded' : ''}`} id="huvudmeny" hidden={narrow && !menuOpen}>
          <nav aria-label="Huvudmeny">
            <ul>
              <li>
                <Link to={paths.inbox()} aria-current={current('inbox')}>
                  Inkorg
                </Link>
              </li>
              {can.listTasks(me) && (
                <li>
                  <Link to={paths.tasks()} aria-current={current('tasks')}>
                    Mina uppgifter
                  </Link>
                </li>
              )}
              {can.openThread(me) && (
                <li>
                  <Link to={paths.newThread()} aria-current={current('new-thread')}>
                    Nytt ärende
                  </Link>
                </li>
              )}
              {can.readThreads(me) && (
                <li>
                  <Link to={paths.bevakning()} aria-current={current('bevakning')}>
                    Bevakning
                  </Link>
                </li>
              )}
              {can.readStatistics(me) && (
                <li>
                  <Link to={paths.statistics()} aria-current={current('statistics')}>
                    Statistik
                  </Link>
                </li>
              )}
              {can.reviewLog(me) && (
                <li>
                  <Link to={paths.audit()} aria-current={current('audit')}>
                    Logg
                  </Link>
                </li>
              )}
              {can.notify(me) && (
                <li>
                  <Link to={paths.notifications()} aria-current={current('notifications')}>
                    Aviseringar
                  </Link>
                </li>
              )}
              {can.administer(me) && (
                <li>
                  <Link to={paths.admin()} aria-current={current('admin')}>
                    Administration
                  </Link>
                </li>
              )}
            </ul>
          </nav>
          <div className="topbar-user">
            <span className="who">
              <strong>{me.user.name}</strong>
              <span className="who-units">{roles}</span>
            </span>
            <span className="logout-buttons">
              <button type="button" className="secondary" onClick={() => logoutGuard.request(false)} disabled={loggingOut}>
                {loggingOut && !logout.variables ? 'Loggar ut …' : 'Logga ut'}
              </button>
              <button type="button" className="secondary" onClick={() => logoutGuard.request(true)} disabled={loggingOut}>
                {loggingOut && logout.variables ? 'Loggar ut …' : 'Logga ut överallt'}
              </button>
            </span>
            {logoutGuard.prompt}
          </div>
        </div>
      </header>
      <main id="innehall" tabIndex={-1}>
        {/* Only a reader of threads keeps anything offline (an administrator got a refusal notice on every page). */}
        {can.readThreads(me) && <OfflineSync me={me} />}
        {route.name === 'inbox' && <InboxView />}
        {route.name === 'thread' && <ThreadView key={route.id} threadId={route.id} />}
        {route.name === 'plan' && <PlanView key={route.id} threadId={route.id} />}
        {route.name === 'new-thread' && <NewThreadView />}
        {route.name === 'audit' && (can.reviewLog(me) ? <AuditView /> : <NoAccess />)}
        {route.name === 'bevakning' && <BevakningView />}
        {route.name === 'tasks' &&
          (can.listTasks(me) ? <TasksView /> : <NoAccess text="Mina uppgifter gäller den som arbetar med ärenden." />)}
        {route.name === 'statistics' &&
          (can.readStatistics(me) ? (
            <Suspense fallback={<Loading text="Hämtar statistiken …" />}>
              <StatisticsView />
            </Suspense>
          ) : (
            <NoAccess text="Statistiken kan läsas av logggranskare, administratörer och enhetschefer." />
          ))}
        {route.name === 'notifications' &&
          (can.notify(me) ? <NotificationsView /> : <NoAccess text="Aviseringar gäller den som arbetar med ärenden." />)}
        {route.name === 'admin' &&
          (can.administer(me) ? (
            <AdminView section={route.section} />
          ) : (
            <NoAccess text="Administrationen är till för organisationens administratörer." />
          ))}
        {route.name === 'not-found' && <NotFound />}
      </main>
    </>
  );
}

function NotFound() {
  return (
    <section className="page narrow">
      <h1>Sidan finns inte</h1>
      <p>
        Adressen leder inte till någon sida i Brygga. <Link to={paths.inbox()}>Gå till inkorgen</Link>.
      </p>
    </section>
  );
}

function NoAccess({ text = 'Åtkomstloggen kan bara läsas av logggranskare.' }: { text?: string }) {
  return (
    <section className="page narrow">
      <h1>Ingen behörighet</h1>
      <p>{text}</p>
    </section>
  );
}
