import type { Statistics } from '../api/model';
import { cell, SUPPRESSED, type Row } from './statistics-cells';

type Format = Parameters<typeof cell>[2];
type Column = [label: string, path: string, format?: Format, title?: string];

const FLOW: Column[] = [
  ['Ärenden', 'threads'],
  ['Utskrivna', 'discharged'],
  ['Ledtid median', 'leadTimeHours.median', 'hours'],
  ['Ledtid p90', 'leadTimeHours.p90', 'hours'],
  ['Dagar klar → ut (median)', 'outcomes.readyToDischargeDays.median', 'days', 'Kalenderdagar från utskrivningsklar till utskriven'],
  ['Samma dag', 'sameDay.share', 'percent'],
  ['Betalningsdagar', 'paymentDays'],
  ['Kostnad', 'cost', 'kronor'],
  ['SIP-kallelse i tid', 'sipInTime.share', 'percent'],
  ['Avbrott', 'avbrott'],
  ['Återinskrivna ≤ 30 d', 'readmissions30'],
  [
    'Utskrivna före hemgångsklar',
    'dischargedBeforeReady.share',
    'percent',
    'Utskrivna trots att planen inte stämde (en mottagande enhet inte redo, upphämtningen senare, en obligatorisk punkt öppen eller ett avbrott)',
  ],
];

const OUTCOMES: Column[] = [
  ['SIP-möten hållna', 'outcomes.sipHeldCount'],
  ['Hemgångsbeslut', 'outcomes.hemgangsbeslut.count'],
  ['Beviljade timmar', 'outcomes.hemgangsbeslut.hoursGranted', 'decimal'],
  ['Levererade timmar', 'outcomes.hemgangsbeslut.hoursDelivered', 'decimal'],
  ['Upplevd trygghet, förändring', 'outcomes.safetyChange.mean', 'decimal', 'Slut minus start (0–10), medel'],
  ['ADL bättre / lika / sämre', 'outcomes.adlChange'],
  ['Mål uppnådda', 'outcomes.goals.shareReached', 'percent'],
  ['Hemtjänst tim/v före', 'outcomes.homeCareHours.beforeAdmission.mean', 'decimal'],
  ['vid periodens slut', 'outcomes.homeCareHours.endOfPeriod.mean', 'decimal'],
  ['90 dagar efter', 'outcomes.homeCareHours.after90Days.mean', 'decimal'],
];

function value(row: Row, [, path, format]: Column): string {
  if (path === 'outcomes.adlChange') return ['improved', 'unchanged', 'worsened'].map((k) => cell(row, `${path}.${k}`)).join(' / ');
  return cell(row, path, format);
}

/** One table of rows (units, discharging wards) and the total. */
export function StatTable({ label, caption, rows, columns }: { label: string; caption: string; rows: Row[]; columns: Column[] }) {
  return (
    // Focusable, so keyboard users can scroll a table wider than the screen.
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table className="stat-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Enhet</th>
            {columns.map(([name, , , title]) => (
              <th key={name} scope="col" title={title}>
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.unitId ?? 'total'} className={r.unitId ? undefined : 'stat-total'}>
              <th scope="row">{r.unitName}</th>
              {columns.map((c) => (
                <td key={c[0]}>{value(r, c)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const PLATS: Record<string, string> = { i_hemmet: 'I hemmet', pa_sjukhuset: 'På sjukhuset', digitalt: 'Digitalt', annat: 'Annat' };
const TYP: Record<string, string> = { forebyggande: 'Förebyggande', vid_utskrivning: 'Vid utskrivning' };

export function StatisticsTables({ stats }: { stats: Statistics }) {
  const flow = stats.costShown ? FLOW : FLOW.filter(([, path]) => path !== 'paymentDays' && path !== 'cost');
  const period = `${stats.period.from} – ${stats.period.to}`;
  const sip = stats.total.figures.outcomes.sipHeld;
  return (
    <>
      <StatTable label="Statistik per enhet" caption={`Flöde per enhet, ${period}`} rows={[...stats.units, stats.total]} columns={flow} />
      {stats.wards.length > 0 && (
        <StatTable
          label="Statistik per utskrivande avdelning"
          caption={`Per utskrivande avdelning, ${period}`}
          rows={[...stats.wards, stats.total]}
          columns={flow}
        />
      )}
      <StatTable
        label="Utfall per enhet"
        caption={`Utfall efter hemgång per enhet, ${period}`}
        rows={[...stats.units, stats.total]}
        columns={OUTCOMES}
      />
      <div className="table-scroll" tabIndex={0} role="region" aria-label="SIP-möten per månad">
        <table className="stat-table">
          <caption>SIP-möten hållna per månad, plats och typ (totalt)</caption>
          <thead>
            <tr>
              <th scope="col">Månad</th>
              <th scope="col">Plats</th>
              <th scope="col">Typ</th>
              <th scope="col">Antal</th>
            </tr>
          </thead>
          <tbody>
            {sip.length === 0 && (
              <tr>
                <td colSpan={4}>Inga SIP-möten under perioden.</td>
              </tr>
            )}
            {sip.map((c, i) => (
              <tr key={`${c.month}-${c.plats}-${c.typ}`}>
                <th scope="row">{c.month}</th>
                <td>{PLATS[c.plats] ?? c.plats}</td>
                <td>{TYP[c.typ] ?? c.typ}</td>
                <td>{stats.total.suppressed.includes(`outcomes.sipHeld.${i}.count`) ? SUPPRESSED : String(c.count ?? '–')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
