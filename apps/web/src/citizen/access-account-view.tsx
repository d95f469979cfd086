import { useQuery } from '@tanstack/react-query';
import { client, unwrap } from '../api/client';
import { PageHeading } from '../components/page-heading';
import { Alert, Loading } from '../components/ui';

const time = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' });
const day = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** "Vem har tittat på mina uppgifter": every access to the patient's data, per unit and day, expandable. */
export function AccessAccountView() {
  const account = useQuery({ queryKey: ['medborgare', 'atkomst'], queryFn: () => unwrap(client.GET('/api/medborgare/atkomst')) });
  return (
    <section className="citizen-page">
      <PageHeading title="Vem har tittat på mina uppgifter" />
      <p>
        Varje gång någon läser eller ändrar dina uppgifter i Brygga sparas det, också när någon försöker utan att få. Här ser du när, vilken
        verksamhet och enhet, i vilken roll och vad som gjordes.
      </p>
      <p className="citizen-downloads">
        <a href="/api/medborgare/atkomst/export?format=csv" download>
          Ladda ner som fil (CSV)
        </a>
        <a href="/api/medborgare/atkomst/export?format=html" target="_blank" rel="noopener">
          Utskriftsvänlig sida
        </a>
      </p>
      {account.isPending && <Loading />}
      {account.error && <Alert>{account.error.message}</Alert>}
      {account.data?.total === 0 && <p>Ingen har tittat på dina uppgifter i Brygga.</p>}
      {account.data?.truncated && (
        <Alert kind="info">Här visas de senaste {account.data.total} tillfällena. Filen och utskriften har lika många.</Alert>
      )}
      {account.data?.groups.map((g) => (
        <details key={`${g.day}-${g.organisation}-${g.unit}`} className="citizen-access">
          <summary>
            <span className="citizen-access-day">{day.format(new Date(`${g.day}T12:00:00`))}</span>
            <span>
              <strong>{g.unit}</strong>, {g.organisation}
            </span>
            <span className="muted">
              {g.count} {g.count === 1 ? 'gång' : 'gånger'} · {g.roles.join(', ')}
            </span>
          </summary>
          <ul>
            {g.entries.map((e, i) => (
              <li key={i}>
                {time.format(new Date(e.occurredAt))} · {e.role} · {e.what}
                {e.outcome === 'Nekad' ? ' (nekad)' : ''}
              </li>
            ))}
          </ul>
        </details>
      ))}
    </section>
  );
}
