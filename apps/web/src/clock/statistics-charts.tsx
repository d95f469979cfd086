import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { chartValue, type Row } from './statistics-cells';

interface Series {
  name: string;
  path: string;
  fill: string;
}

/** One chart, one quantity: its single y axis is labelled with the unit (hours and days never share an axis). */
function Chart({ id, rows, unit, series, caption }: { id: string; rows: Row[]; unit: string; series: Series[]; caption: string }) {
  const data = rows.map((r) => ({ enhet: r.unitName, ...Object.fromEntries(series.map((s) => [s.name, chartValue(r, s.path)])) }));
  return (
    <figure className="stat-chart" aria-labelledby={`${id}-caption`}>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="enhet" />
          <YAxis label={{ value: unit, angle: -90, position: 'insideLeft' }} />
          <Tooltip />
          <Legend />
          {series.map((s) => (
            <Bar key={s.name} dataKey={s.name} fill={s.fill} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
    </figure>
  );
}

/** Hours and days in charts of their own (never one axis for both). */
const CHARTS: { id: string; unit: string; series: Series[]; caption: string }[] = [
  {
    id: 'chart-hours',
    unit: 'timmar',
    series: [
      { name: 'Ledtid median (tim)', path: 'leadTimeHours.median', fill: '#0b4f8a' },
      { name: 'Ledtid p90 (tim)', path: 'leadTimeHours.p90', fill: '#6b9bc9' },
    ],
    caption: 'Timmar: ledtid från utskrivningsklar till utskriven (median och 90:e percentil) per enhet.',
  },
  {
    id: 'chart-days',
    unit: 'dagar',
    series: [
      { name: 'Dagar utskrivningsklar → utskriven (median)', path: 'outcomes.readyToDischargeDays.median', fill: '#2b6a3f' },
      { name: 'Betalningsdagar', path: 'paymentDays', fill: '#a4161a' },
    ],
    caption: 'Dagar: kalenderdagar från utskrivningsklar till utskriven (median) och betalningsdagar per enhet.',
  },
  {
    id: 'chart-home-hours',
    unit: 'timmar',
    series: [
      { name: 'Beviljade timmar', path: 'outcomes.hemgangsbeslut.hoursGranted', fill: '#5a3d8a' },
      { name: 'Levererade timmar', path: 'outcomes.hemgangsbeslut.hoursDelivered', fill: '#b28ad6' },
    ],
    caption: 'Timmar i hemgångsbesluten: beviljade och levererade per enhet.',
  },
];

/** The statistics' charts; dolda (suppressed) values draw no bar. */
export function StatisticsCharts({ rows }: { rows: Row[] }) {
  return (
    <div className="stat-charts">
      {CHARTS.map((chart) => (
        <Chart key={chart.id} rows={rows} {...chart} />
      ))}
    </div>
  );
}
