import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { client, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import { idempotencyKey } from '../api/idempotency';
import type { components } from '../api/schema';
import type { Message } from '../api/model';
import { TextArea } from '../components/ui';
import { formatDate, formatDateTime } from '../format';
import { AVVIKELSE_KATEGORI } from './home-kinds';
import { usePostMessage } from './post-message';

type HomePhase = components['schemas']['HomePhaseDto'];
type Deviation = components['schemas']['HomeDeviationDto'];

const STATE_LABEL: Record<string, string> = { oppen: 'Öppen', besvarad: 'Besvarad', kvitterad: 'Kvitterad' };
const HOURS_LABEL: Record<string, string> = {
  fore_inskrivning: 'Före inskrivningen',
  efter_perioden: 'Direkt efter perioden',
  efter_90_dagar: '90 dagar efter utskrivningen',
};
const PER_LABEL: Record<string, string> = { dag: 'per dag', vecka: 'per vecka', manad: 'per månad', period: 'för perioden' };
const category = (c: string) => AVVIKELSE_KATEGORI.find(([v]) => v === c)?.[1] ?? c;

/**
 * The home phase after discharge ("Hemma"): who received the patient at home and when, the
 * avvikelser and who must answer them, the Trygg hemgång period with its measurements and hours.
 * Re-read when the timeline grows (every read is logged, so not on a timer).
 */
export function HomePhasePanel({
  threadId,
  version,
  closed,
  onPosted,
}: {
  threadId: string;
  version: number;
  closed: boolean;
  onPosted: (m: Message) => void;
}) {
  const answer = useQuery({
    queryKey: ['home-phase', threadId, version],
    queryFn: () => unwrap(client.GET('/api/threads/{id}/home-phase', { params: { path: { id: threadId } } })),
  });
  const phase = answer.data;
  if (!phase || phase.phase === 'fore_utskrivning') return null;
  return (
    <section className="panel home-phase" aria-labelledby="hemma-title">
      <h2 id="hemma-title">Hemma efter utskrivningen</h2>
      {phase.openItems.length > 0 && <p className="muted small">Pågår: {phase.openItems.join('; ')}.</p>}
      <h3>Mottagen hemma</h3>
      {phase.receptions.length === 0 ? (
        <p className="muted small">Ingen enhet har rapporterat att patienten är mottagen hemma ännu.</p>
      ) : (
        <ul>
          {phase.receptions.map((r) => (
            <li key={r.messageId}>
              {r.unitName}: {formatDateTime(r.observedAt)} <span className="muted small">(registrerat {formatDateTime(r.recordedAt)})</span>
            </li>
          ))}
        </ul>
      )}
      <h3>Avvikelser</h3>
      {phase.deviations.length === 0 ? (
        <p className="muted small">Inga avvikelser.</p>
      ) : (
        <ul className="home-deviations">
          {phase.deviations.map((d) => (
            <DeviationRow key={d.messageId} threadId={threadId} deviation={d} closed={closed} onPosted={onPosted} />
          ))}
        </ul>
      )}
      <Period phase={phase} />
    </section>
  );
}

function DeviationRow({
  threadId,
  deviation: d,
  closed,
  onPosted,
}: {
  threadId: string;
  deviation: Deviation;
  closed: boolean;
  onPosted: (m: Message) => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const post = usePostMessage(threadId);
  const key = useRef(idempotencyKey());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      setError('Skriv ett svar.');
      return;
    }
    post.mutate(
      { kind: 'avvikelse_svar', payload: { avvikelseId: d.messageId, svar: text.trim() }, idempotencyKey: key.current },
      {
        onSuccess: (m) => {
          setText('');
          key.current = idempotencyKey();
          onPosted(m);
        },
        onError: (e) => setError(e instanceof ApiError ? e.message : 'Svaret kunde inte skickas. Försök igen.'),
      },
    );
  };
  return (
    <li>
      <strong>{category(d.category)}</strong> – till {d.responsibleUnitName} ({d.responsibleOrganisationName}):{' '}
      <span className={`deviation-state deviation-${d.state}`}>{STATE_LABEL[d.state] ?? d.state}</span>
      <span className="muted small"> {formatDateTime(d.reportedAt)}</span>
      {d.mayAnswer && !closed && (
        <form onSubmit={submit} className="deviation-answer">
          <TextArea label="Svar på avvikelsen" rows={2} value={text} error={error} onChange={(e) => setText(e.target.value)} />
          <button type="submit" disabled={post.isPending}>
            Skicka svar
          </button>
        </form>
      )}
    </li>
  );
}

function Period({ phase }: { phase: HomePhase }) {
  const p = phase.period;
  const start = phase.measurements.find((m) => m.moment === 'start');
  const end = phase.measurements.find((m) => m.moment === 'slut');
  return (
    <>
      <h3>Trygg hemgång</h3>
      {!p ? (
        <p className="muted small">Ingen Trygg hemgång-period.</p>
      ) : (
        <dl className="home-period">
          <dt>Period</dt>
          <dd>
            {formatDate(p.startDate)} – {formatDate(p.plannedEndDate)} (planerat), {p.carryingUnitName}
          </dd>
          {p.goals.length > 0 && (
            <>
              <dt>Mål</dt>
              <dd>{p.goals.join('; ')}</dd>
            </>
          )}
          <dt>Upplevd trygghet (0–10)</dt>
          <dd>
            start {start?.safety ?? '–'}, slut {end?.safety ?? '–'}
          </dd>
          <dt>ADL (Katz)</dt>
          <dd>
            start {start?.adl ?? '–'}, slut {end?.adl ?? '–'}
          </dd>
          <dt>Överlämning</dt>
          <dd>{p.handedOverOn ? `${formatDate(p.handedOverOn)} till ${p.handedOverTo ?? ''}` : 'Pågår'}</dd>
        </dl>
      )}
      {(phase.granted || phase.delivered.length > 0) && (
        <p>
          Hemgångsbeslut: {phase.granted ? `${phase.granted.hours} timmar ${PER_LABEL[phase.granted.per] ?? ''}` : '–'}; levererat{' '}
          {phase.deliveredTotal} timmar ({phase.delivered.length} {phase.delivered.length === 1 ? 'vecka' : 'veckor'}).
        </p>
      )}
      {phase.recordedHours.length > 0 && (
        <p>Hemtjänsttimmar per vecka: {phase.recordedHours.map((h) => `${HOURS_LABEL[h.kind] ?? h.kind} ${h.hoursPerWeek}`).join(', ')}.</p>
      )}
      {phase.longTermDecision && (
        <p>
          Långsiktigt beslut {formatDate(phase.longTermDecision.decidedOn)}: {phase.longTermDecision.hoursPerWeek} timmar per vecka.
        </p>
      )}
    </>
  );
}
