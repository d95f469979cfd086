import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '../format';
import { AlertActions } from './alert-actions';
import { alertsQuery, markText, type ThreadAlert } from './alerts';
import './alerts.css';

const LEVEL_ORDER: Record<string, number> = { passerad: 0 };

/** The alerts that ask something of me first, then those past their time. */
function byUrgency(a: ThreadAlert, b: ThreadAlert): number {
  return Number(b.concernsMe) - Number(a.concernsMe) || (LEVEL_ORDER[a.level] ?? 1) - (LEVEL_ORDER[b.level] ?? 1);
}

/** The warning's text without its "Bevakning:" prefix (the banner is named so), as a sentence. */
function bannerText(text: string): string {
  const rest = text.replace(/^Bevakning: /, '');
  return rest.charAt(0).toLocaleUpperCase('sv-SE') + rest.slice(1);
}

function AlertRow({ alert: a }: { alert: ThreadAlert }) {
  return (
    <li className={`alert-row alert-row-${a.level}`} data-alert-kind={a.kind} data-alert-id={a.id}>
      <span className="alert-row-text">{bannerText(a.text)}</span>
      <span className="alert-row-meta">{markText(a, formatDateTime) ?? (a.concernsMe ? 'Gäller din enhet' : 'Gäller en annan enhet')}</span>
      <AlertActions alert={a} />
    </li>
  );
}

/**
 * Bevakning's alerts for one thread, beside the conversation instead of in it: one per kind, the
 * open ones (new or seen); a handled one leaves the banner, for everyone, live. The most urgent
 * shows; the others fold under "N larm till" (on a phone three alerts filled the first screen).
 */
export function AlertBanner({ threadId }: { threadId: string }) {
  const alerts = useQuery(alertsQuery(threadId));
  const open = (alerts.data ?? []).filter((a) => a.state !== 'hanterad').sort(byUrgency);
  if (!open.length) return null;
  // Only an alert that concerns one of my units is shown open: a home-care worker's phone does not
  // lead with the municipality's payment liability (the ward's and SOF's to handle).
  const first = open[0].concernsMe ? open[0] : undefined;
  const rest = first ? open.slice(1) : open;
  return (
    <section className="alert-banner" aria-label="Bevakning">
      {first && (
        <ul>
          <AlertRow alert={first} />
        </ul>
      )}
      {rest.length > 0 && (
        <details className="alert-more">
          <summary>
            {first ? (rest.length === 1 ? '1 larm till' : `${rest.length} larm till`) : `${rest.length} larm för andra enheter`}
          </summary>
          <ul>
            {rest.map((a) => (
              <AlertRow key={a.id} alert={a} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
