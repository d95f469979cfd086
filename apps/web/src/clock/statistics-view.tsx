import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/errors';
import { statisticsQuery } from '../api/queries';
import { PageHeading } from '../components/page-heading';
import { Alert, Loading, TextField } from '../components/ui';
import { formatKronor } from './clock-format';
import { SUPPRESSED } from './statistics-cells';
import { StatisticsCharts } from './statistics-charts';
import { StatisticsTables } from './statistics-tables';

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
const monthAgo = () => new Date(Date.now() - 29 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });

/** Statistik: the organisation's figures for a period, per unit and per discharging ward, as charts, tables and a CSV file; small cells hidden. */
export function StatisticsView() {
  const [draft, setDraft] = useState({ from: monthAgo(), to: today() });
  const [period, setPeriod] = useState(draft);
  const answer = useQuery(statisticsQuery(period));
  const stats = answer.data ?? null;
  const error = answer.error?.message ?? null;
  const fieldErrors = answer.error instanceof ApiError ? answer.error.fields : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPeriod(draft);
  };
  return (
    <section className="page" aria-labelledby="statistics-title">
      <PageHeading title="Statistik" id="statistics-title" />
      <p className="sub">
        Ärenden inskrivna under perioden, för din organisations enheter. Räknat från samma händelser som klockan i ärendet.
      </p>
      <form className="filters" onSubmit={submit} aria-label="Välj period">
        <TextField
          label="Från"
          type="date"
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          error={fieldErrors.from}
        />
        <TextField
          label="Till"
          type="date"
          value={draft.to}
          onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          error={fieldErrors.to}
        />
        <button type="submit">Visa</button>
        <a className="button secondary" href={`/api/statistics/export?${new URLSearchParams({ ...period }).toString()}`} download>
          Exportera CSV
        </a>
      </form>
      {error && <Alert title="Statistiken kunde inte hämtas">{error}</Alert>}
      {!stats && !error && <Loading text="Räknar …" />}
      {stats && (
        <>
          <p className="sub">
            Regler: {stats.region}
            {stats.costShown ? ` · dygnskostnad ${formatKronor(stats.dayRate)}` : ''} · {stats.total.figures.threads ?? SUPPRESSED} ärenden
          </p>
          <p className="stat-rule" role="note">
            <strong>Skydd för enskilda:</strong> {stats.rule} {SUPPRESSED} betyder dold uppgift, – att uppgift saknas.
            {!stats.costShown && ' Som utförare ser ni er egen leverans, inte kommunens kostnad för betalningsansvaret.'}
          </p>
          <StatisticsCharts rows={stats.units} />
          <StatisticsTables stats={stats} />
        </>
      )}
    </section>
  );
}
