import type { ThreadChecklists } from '../api/model';
import { hemgangsklarText } from './hemgang-text';

type Overview = Pick<ThreadChecklists, 'hemgangsklar' | 'hemgangsklarAt' | 'kanTaEmotFran' | 'warnings'> & { missing: unknown[] };

export function HemgangBanner({ overview, detailed }: { overview: Overview; detailed: boolean }) {
  const warnings = overview.warnings ?? [];
  return (
    <div className={`hk-banner ${overview.hemgangsklar ? 'hk-banner-ja' : 'hk-banner-nej'}`} role="status" aria-live="polite">
      {overview.hemgangsklar ? (
        <p>
          <strong>
            <span aria-hidden="true">✓ </span>
            {hemgangsklarText(overview)}
          </strong>
          : alla obligatoriska punkter är klara och alla mottagande enheter är redo.
        </p>
      ) : (
        <p>
          <strong>Inte hemgångsklar ännu.</strong>{' '}
          {detailed ? (
            <>
              {overview.missing.length === 1 ? '1 sak återstår' : `${overview.missing.length} saker återstår`} –{' '}
              <a href="#hemgang">se listan</a>.
            </>
          ) : null}
        </p>
      )}
      {warnings.map((w) => (
        <p key={w} className="hk-warning">
          <span aria-hidden="true">⚠ </span>
          <strong>Observera:</strong> {w}
        </p>
      ))}
    </div>
  );
}
