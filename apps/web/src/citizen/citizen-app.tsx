import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { client, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import { setCsrfToken } from '../api/session-events';
import type { CitizenMe } from '../api/model';
import { Alert, Loading } from '../components/ui';
import { Link, useLocation } from '../router';
import { AccessAccountView } from './access-account-view';
import { ConsentsView } from './consents-view';
import { MyPlansView } from './my-plans-view';
import './citizen.css';

/** The citizen's addresses, all under /min-hemgang (never a personnummer in a URL). */
export const citizenPaths = {
  plans: () => '/min-hemgang',
  consents: () => '/min-hemgang/narstaende',
  account: () => '/min-hemgang/vem-har-tittat',
};

export const isCitizenPath = (pathname: string): boolean => /^\/min-hemgang(\/|$)/.test(pathname);

/**
 * "Min hemgång" for a patient or a närstående: a world of its own beside the staff client (no
 * /api/me, no socket), phone first. Logged in with BankID as a citizen.
 */
export function CitizenApp() {
  const me = useQuery({
    queryKey: ['medborgare', 'jag'],
    queryFn: () => unwrap(client.GET('/api/medborgare/jag'), { quiet401: true }),
    retry: false,
  });
  useEffect(() => {
    if (me.data) setCsrfToken(me.data.csrfToken);
  }, [me.data]);
  if (me.isPending) return <Loading text="Hämtar Min hemgång …" />;
  if (me.error instanceof ApiError && me.error.unauthenticated) return <CitizenLogin />;
  if (me.error)
    return (
      <main className="citizen" id="innehall">
        <Alert title="Min hemgång kunde inte visas">{me.error.message}</Alert>
      </main>
    );
  return <CitizenShell me={me.data} />;
}

function CitizenLogin() {
  return (
    <main className="citizen citizen-login" id="innehall">
      <p className="citizen-brand">Brygga · Min hemgång</p>
      <h1>Min hemgång</h1>
      <p className="lead">
        Här ser du planen för din hemgång från sjukhuset: när du åker hem, vem som tar emot dig, vad som är ordnat och vem du ringer.
        Närstående som du har valt kan också se den.
      </p>
      <a className="button button-large" href="/auth/login?idp=bankid&som=medborgare">
        Logga in med BankID
      </a>
      <p className="hint">
        Är du personal? Logga in på <a href="/">Bryggas startsida</a>.
      </p>
    </main>
  );
}

function CitizenShell({ me }: { me: CitizenMe }) {
  const { pathname } = useLocation();
  const [leaving, setLeaving] = useState(false);
  const logout = async () => {
    setLeaving(true);
    await unwrap(client.POST('/auth/medborgare/logout')).catch(() => undefined);
    setCsrfToken(undefined);
    window.location.assign('/min-hemgang');
  };
  const page = pathname.replace(/\/$/, '');
  const current = (path: string) => (page === path ? 'page' : undefined);
  return (
    <>
      <header className="citizen-top">
        <p className="citizen-brand">Brygga · Min hemgång</p>
        <p className="citizen-who">
          Inloggad som <strong>{me.namn}</strong>
        </p>
        <nav aria-label="Min hemgång">
          <ul>
            <li>
              <Link to={citizenPaths.plans()} aria-current={current(citizenPaths.plans())}>
                Min plan
              </Link>
            </li>
            {me.arPatient && (
              <li>
                <Link to={citizenPaths.consents()} aria-current={current(citizenPaths.consents())}>
                  Närstående
                </Link>
              </li>
            )}
            {me.arPatient && (
              <li>
                <Link to={citizenPaths.account()} aria-current={current(citizenPaths.account())}>
                  Vem har tittat?
                </Link>
              </li>
            )}
          </ul>
        </nav>
        <button type="button" className="secondary" onClick={() => void logout()} disabled={leaving}>
          {leaving ? 'Loggar ut …' : 'Logga ut'}
        </button>
      </header>
      <main className="citizen" id="innehall" tabIndex={-1}>
        {page === citizenPaths.consents() ? (
          <ConsentsView />
        ) : page === citizenPaths.account() ? (
          <AccessAccountView />
        ) : (
          <MyPlansView me={me} />
        )}
      </main>
    </>
  );
}
