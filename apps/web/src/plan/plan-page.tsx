import type { Plan, PlanEntry } from '../api/model';

/**
 * "Min hemgång" as the patient reads it, on screen and on paper: the same component for staff
 * (who see exactly what the patient would) and for the patient's own pages. Plain words, ticks
 * for what is arranged, "Nytt" beside what changed since the ward or SOF last published.
 */
const TZ = 'Europe/Stockholm';
const day = new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, day: 'numeric', month: 'short' });
const dayTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TZ,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const EMPTY: Record<string, string> = {
  hemgang: 'Dagen för hemgång är inte bestämd ännu.',
  resa: 'Resan hem är inte planerad ännu.',
  mottagande: 'Det är inte bestämt ännu vem som tar emot dig.',
  ordnat: 'Inget är registrerat ännu.',
  hjalp: 'Inget beslut om hjälp ännu.',
  sip: 'Inget SIP-möte är inbokat.',
  kontakter: 'Inga kontakter är angivna ännu.',
};

function Entry({ entry }: { entry: PlanEntry }) {
  const tick = entry.done === undefined ? null : entry.done;
  return (
    <li className={`plan-entry${tick === null ? '' : tick ? ' plan-done' : ' plan-todo'}${entry.nytt ? ' plan-changed' : ''}`}>
      {tick !== null && (
        <span className="plan-tick" aria-hidden="true">
          {tick ? '✓' : '○'}
        </span>
      )}
      <span className="plan-label">
        {tick !== null && <span className="visually-hidden">{tick ? 'Klart: ' : 'Inte klart ännu: '}</span>}
        {entry.label}
      </span>
      <span className="plan-text">{entry.text}</span>
      {entry.nytt && <span className="plan-nytt">Nytt {day.format(new Date(entry.nytt))}</span>}
    </li>
  );
}

export function PlanPage({ plan }: { plan: Plan }) {
  return (
    <article className="plan-page" aria-label="Min hemgång">
      <header className="plan-head">
        <p className="plan-brand">Min hemgång</p>
        <p className="plan-ward">Från {plan.wardName}</p>
        {plan.published ? (
          <p className="plan-published">
            Uppdaterad av {plan.published.unitName} {dayTime.format(new Date(plan.published.publishedAt))}
            {plan.changedSincePublish && <> · Det som är markerat ”Nytt” har ändrats sedan dess.</>}
          </p>
        ) : (
          <p className="plan-published">Inte publicerad ännu.</p>
        )}
      </header>
      {plan.sections.map((section) => (
        <section key={section.key} className={`plan-section plan-${section.key}`} aria-labelledby={`plan-${section.key}`}>
          <h2 id={`plan-${section.key}`}>{section.title}</h2>
          {section.entries.length ? (
            <ul className="plan-entries">
              {section.entries.map((e) => (
                <Entry key={e.key} entry={e} />
              ))}
            </ul>
          ) : (
            <p className="plan-empty">{EMPTY[section.key]}</p>
          )}
        </section>
      ))}
      <footer className="plan-foot">
        <p>Har du frågor om din hemgång? Ring avdelningen eller någon av kontakterna ovan.</p>
      </footer>
    </article>
  );
}
