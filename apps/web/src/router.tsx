import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** The client's few addresses. A small history router: no library needed for four views. */
export type Route =
  | { name: 'inbox' }
  | { name: 'thread'; id: string }
  | { name: 'plan'; id: string }
  | { name: 'new-thread' }
  | { name: 'audit' }
  | { name: 'bevakning' }
  | { name: 'statistics' }
  | { name: 'notifications' }
  | { name: 'tasks' }
  | { name: 'admin'; section: AdminSection | null }
  | { name: 'not-found' };

/** The organisation administrator's pages (apps/web/src/admin). */
export type AdminSection = 'medlemmar' | 'mallar' | 'systemklienter';
const ADMIN_SECTIONS: readonly string[] = ['medlemmar', 'mallar', 'systemklienter'];

export const paths = {
  inbox: () => '/',
  thread: (id: string) => `/arenden/${encodeURIComponent(id)}`,
  plan: (id: string) => `/arenden/${encodeURIComponent(id)}/min-hemgang`,
  newThread: () => '/nytt-arende',
  audit: () => '/logg',
  bevakning: () => '/bevakning',
  statistics: () => '/statistik',
  notifications: () => '/aviseringar',
  tasks: () => '/uppgifter',
  /** The thread opened on one of its parts (on a phone: that tab). */
  threadAt: (id: string, flik: 'samtal' | 'checklistor' | 'hemgang') => `/arenden/${encodeURIComponent(id)}?flik=${flik}`,
  admin: (section?: AdminSection) => (section ? `/administration/${section}` : '/administration'),
};

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'inbox' };
  const thread = /^\/arenden\/([^/]+)\/?$/.exec(pathname);
  if (thread) return { name: 'thread', id: decodeURIComponent(thread[1]) };
  const plan = /^\/arenden\/([^/]+)\/min-hemgang\/?$/.exec(pathname);
  if (plan) return { name: 'plan', id: decodeURIComponent(plan[1]) };
  if (/^\/nytt-arende\/?$/.test(pathname)) return { name: 'new-thread' };
  if (/^\/logg\/?$/.test(pathname)) return { name: 'audit' };
  if (/^\/bevakning\/?$/.test(pathname)) return { name: 'bevakning' };
  if (/^\/statistik\/?$/.test(pathname)) return { name: 'statistics' };
  if (/^\/aviseringar\/?$/.test(pathname)) return { name: 'notifications' };
  if (/^\/uppgifter\/?$/.test(pathname)) return { name: 'tasks' };
  const admin = /^\/administration(?:\/([a-z]+))?\/?$/.exec(pathname);
  if (admin && (!admin[1] || ADMIN_SECTIONS.includes(admin[1]))) return { name: 'admin', section: (admin[1] as AdminSection) ?? null };
  return { name: 'not-found' };
}

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  listeners.forEach((l) => l());
}

export function useLocation(): { pathname: string; search: string } {
  const [location, setLocation] = useState({ pathname: window.location.pathname, search: window.location.search });
  useEffect(() => {
    const update = () => setLocation({ pathname: window.location.pathname, search: window.location.search });
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return location;
}

/** An ordinary link (open in new tab works) that navigates inside the app on a plain click. */
export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
