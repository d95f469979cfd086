import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '../format';
import { AlertActions } from './alert-actions';
import { alertsQuery, markText } from './alerts';
import './alerts.css';

/**
 * Bevakning's alerts for one thread, above the conversation instead of in it: one per kind, the
 * open ones (new or seen); a handled one leaves the banner, for everyone, live.
 */
export function AlertBanner({ threadId }: { threadId: string }) {
  const alerts = useQuery(alertsQuery(threadId));
  const open = (alerts.data ?? []).filter((a) => a.state !== 'hanterad');
  if (!open.length) return null;
  return (
    <section className="alert-banner" aria-label="Bevakning">
      <ul>
        {open.map((a) => (
          <li key={a.id} className={`alert-row alert-row-${a.level}`} data-alert-kind={a.kind}>
            <span className="alert-row-text">{a.text.replace(/^Bevakning: /, '')}</span>
            <span className="alert-row-meta">
              {markText(a, formatDateTime) ?? (a.concernsMe ? 'Gäller din enhet' : 'Gäller en annan enhet')}
            </span>
            <AlertActions alert={a} />
          </li>
        ))}
      </ul>
    </section>
  );
}
