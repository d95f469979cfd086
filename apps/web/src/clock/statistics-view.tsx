import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ApiError } from '../api/errors';
import { statisticsQuery } from '../api/queries';
import { PageHeading } from '../components/page-heading';
import { Alert, Loading, TextField } from '../components/ui';
import { formatKronor } from './clock-format';

const percent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)} %`);
const hours = (h: number | null) => (h === null ? '–' : h >= 48 ? `${(h / 24).toFixed(1).replace('.', ',')} dygn` : `${Math.round(h)} tim`);
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });
const monthAgo = () => new Date(Date.now() - 29 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });

/** Statistik: the organisation's figures for a period, per unit, as charts, a table and a CSV file. */
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
  const rows = stats ? [...stats.units, stats.total] : [];
  const chart = (stats?.units ?? []).map((u) => ({
    enhet: u.unitName,
    'Ledtid median (tim)': u.figures.leadTimeHours.median ?? 0,
    'Ledtid p90 (tim)': u.figures.leadTimeHours.p90 ?? 0,
    Betalningsdagar: u.figures.paymentDays,
  }));
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
            Regler: {stats.region} · dygnskostnad {formatKronor(stats.dayRate)} · {stats.total.figures.threads} ärenden
          </p>
          <figure className="stat-chart" aria-labelledby="chart-caption">
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={chart} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="enhet" />
                <YAxis />
                <Tooltip />
                <Legend />
                <Bar dataKey="Ledtid median (tim)" fill="#0b4f8a" isAnimationActive={false} />
                <Bar dataKey="Ledtid p90 (tim)" fill="#6b9bc9" isAnimationActive={false} />
                <Bar dataKey="Betalningsdagar" fill="#a4161a" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
            <figcaption id="chart-caption">
              Ledtid från utskrivningsklar till utskriven (median och 90:e percentil, timmar) och betalningsdagar per enhet. Samma siffror
              finns i tabellen.
            </figcaption>
          </figure>
          {/* Focusable, so keyboard users can scroll a table wider than the screen. */}
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Statistik per enhet">
            <table className="stat-table">
              <caption>
                Per enhet, {stats.period.from} – {stats.period.to}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Enhet</th>
                  <th scope="col">Ärenden</th>
                  <th scope="col">Utskrivna</th>
                  <th scope="col">Ledtid median</th>
                  <th scope="col">Ledtid p90</th>
                  <th scope="col">Samma dag</th>
                  <th scope="col">Betalningsdagar</th>
                  <th scope="col">Kostnad</th>
                  <th scope="col">SIP i tid</th>
                  <th scope="col">Avbrott</th>
                  <th scope="col">Återinskrivna ≤ 30 d</th>
                  <th
                    scope="col"
                    title="Utskrivna trots att planen inte stämde (en mottagande enhet inte redo, upphämtningen senare, en obligatorisk punkt öppen eller ett avbrott); inom parentes obekräftade, från import"
                  >
                    Utskrivna före hemgångsklar
                  </th>
                  <th scope="col">Triage grön / gul / röd</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.unitId ?? 'total'} className={r.unitId ? undefined : 'stat-total'}>
                    <th scope="row">{r.unitName}</th>
                    <td>{r.figures.threads}</td>
                    <td>{r.figures.discharged}</td>
                    <td>{hours(r.figures.leadTimeHours.median)}</td>
                    <td>{hours(r.figures.leadTimeHours.p90)}</td>
                    <td>{percent(r.figures.sameDay.share)}</td>
                    <td>{r.figures.paymentDays}</td>
                    <td>{formatKronor(r.figures.cost)}</td>
                    <td>{r.figures.sipInTime.of ? `${r.figures.sipInTime.count} av ${r.figures.sipInTime.of}` : '–'}</td>
                    <td>{r.figures.avbrott}</td>
                    <td>{r.figures.readmissions30}</td>
                    <td>
                      {r.figures.dischargedBeforeReady.count}
                      {r.figures.dischargedBeforeReadyUnconfirmed ? ` (${r.figures.dischargedBeforeReadyUnconfirmed} obekräftade)` : ''}
                    </td>
                    <td>
                      {r.figures.triage.gron} / {r.figures.triage.gul} / {r.figures.triage.rod}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
