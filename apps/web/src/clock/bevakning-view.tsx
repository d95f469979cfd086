import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { bevakningQuery } from '../api/queries';
import { PageHeading } from '../components/page-heading';
import { Alert, Loading, StatusBadge } from '../components/ui';
import { formatDateTime } from '../format';
import { Link, paths } from '../router';
import { AlertActions } from './alert-actions';
import { ALERT_STATE_LABEL, markText } from './alerts';

/** Bevakning: deadlines near or past on the threads my units take part in, live (GET /api/bevakning). */
export function BevakningView() {
  // Refetched on 'bevakning' events and after a reconnect (api/live-updates.ts).
  const answer = useQuery(bevakningQuery());
  const warnings = answer.data ?? null;
  const error = answer.error?.message ?? null;
  const [mineOnly, setMineOnly] = useState(true);
  const [withHandled, setWithHandled] = useState(false);
  const shown = (warnings ?? []).filter((w) => (!mineOnly || w.concernsMe) && (withHandled || w.state !== 'hanterad'));
  return (
    <section className="page" aria-labelledby="bevakning-title">
      <PageHeading title="Bevakning" id="bevakning-title" />
      <p className="sub">
        Larm om frister som närmar sig eller har passerat, och meddelanden som inte lästs, de senaste 30 dagarna: ett per ärende och slag.
        Den som arbetar på en enhet som larmet gäller kan markera det som sett eller hanterat.
      </p>
      <label className="check-inline">
        <input type="checkbox" checked={mineOnly} onChange={(e) => setMineOnly(e.target.checked)} /> Bara det som gäller mina enheter
      </label>{' '}
      <label className="check-inline">
        <input type="checkbox" checked={withHandled} onChange={(e) => setWithHandled(e.target.checked)} /> Visa hanterade
      </label>
      {error && <Alert title="Bevakningen kunde inte hämtas">{error}</Alert>}
      {!warnings && !error && <Loading text="Hämtar bevakning …" />}
      {warnings &&
        (shown.length === 0 ? (
          <p className="empty">Inget att bevaka just nu.</p>
        ) : (
          <ul className="bevakning-list">
            {shown.map((w) => (
              <li key={w.id} className={`bevakning bevakning-${w.level}`} data-alert-state={w.state}>
                <p className="bevakning-text">{w.text}</p>
                <p className="bevakning-meta">
                  {ALERT_STATE_LABEL[w.state] ?? w.state}
                  {markText(w, formatDateTime) ? ` · ${markText(w, formatDateTime)}` : ''} <AlertActions alert={w} />
                </p>
                <p className="bevakning-meta">
                  <Link to={paths.thread(w.threadId)}>{w.thread.patient.name ?? 'Skyddad identitet'}</Link>{' '}
                  <span className="pnr">{w.thread.patient.identityNumber}</span> · {w.thread.ownerUnit.name} ·{' '}
                  <StatusBadge status={w.thread.status} /> · {formatDateTime(w.createdAt)}
                </p>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
