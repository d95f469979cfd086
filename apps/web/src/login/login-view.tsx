import type { SessionEndReason } from '../api/session-events';
import { PageHeading } from '../components/page-heading';
import { Alert } from '../components/ui';

const REASON_TEXT: Record<SessionEndReason, { title: string; text: string; kind: 'info' | 'warning' }> = {
  utgangen: {
    title: 'Sessionen har gått ut',
    text: 'Du har varit inaktiv en stund eller varit inloggad länge, så du loggades ut för att skydda patientuppgifterna. Logga in igen för att fortsätta där du var.',
    kind: 'warning',
  },
  'inte-inloggad': {
    title: 'Du är inte inloggad',
    text: 'Logga in för att se dina ärenden.',
    kind: 'info',
  },
  utloggad: {
    title: 'Du är utloggad',
    text: 'Du har loggats ut från Brygga. Stäng webbläsaren om du använder en delad dator.',
    kind: 'info',
  },
};

/** Only a local path may be returned to after login (the server checks it too). */
function returnTo(): string {
  const path = window.location.pathname;
  return /^\/(?!\/)[\w\-./]*$/.test(path) && path !== '/' ? `&returnTo=${encodeURIComponent(path)}` : '';
}

export function LoginView({ reason }: { reason: SessionEndReason | null }) {
  const why = reason ? REASON_TEXT[reason] : null;
  const back = returnTo();
  return (
    <main id="innehall" className="login">
      <div className="login-card">
        <p className="login-brand" aria-hidden="true">
          Brygga
        </p>
        <PageHeading title="Logga in i Brygga" />
        <p className="lead">Säker hemgång från sjukhus: ett gemensamt ärende för avdelning, socialtjänst, hemsjukvård och hemtjänst.</p>
        {why && (
          <Alert kind={why.kind} title={why.title}>
            {why.text}
          </Alert>
        )}
        <div className="login-choices" role="group" aria-label="Välj inloggningssätt">
          <a className="button button-large" href={`/auth/login?idp=bankid${back}`}>
            Logga in med BankID
          </a>
          <a className="button button-large" href={`/auth/login?idp=siths${back}`}>
            Logga in med SITHS-kort
          </a>
        </div>
        <p className="hint">Du skickas till inloggningstjänsten och kommer sedan tillbaka hit till din inkorg.</p>
        <p>
          Är du patient eller närstående? <a href="/min-hemgang">Logga in till Min hemgång</a>.
        </p>
        <section className="login-help" aria-labelledby="login-help-title">
          <h2 id="login-help-title">Kommer du inte in?</h2>
          <dl>
            <dt>”Du har inte tillgång till Brygga”</dt>
            <dd>
              Inloggningen fungerade, men du finns inte bland Bryggas användare. Din verksamhets administratör lägger till dig och din
              enhet.
            </dd>
            <dt>”Inloggningen räcker inte”</dt>
            <dd>Brygga kräver säker inloggning (tillitsnivå 3): BankID eller SITHS-kort. Reservkort räcker inte.</dd>
            <dt>”Sessionen har gått ut”</dt>
            <dd>Du loggas ut automatiskt efter en tids inaktivitet. Logga in igen; inget du redan skickat går förlorat.</dd>
          </dl>
        </section>
      </div>
    </main>
  );
}
