import type { Hemgang } from '../api/model';
import { hemgangLabel } from './hemgang-text';

const BANNER_CLASS: Record<Hemgang['state'], string> = {
  klar: 'hk-banner-ja',
  ej_klar: 'hk-banner-nej',
  kontrollera_tiderna: 'hk-banner-amber',
  utskriven: 'hk-banner-utskriven',
};

/**
 * The thread's going-home state with its reason, live (thread:changed refetches the thread): what is
 * missing per responsible party, the times to check, or that the patient has left.
 */
export function HemgangBanner({ hemgang, detailed }: { hemgang: Hemgang; detailed: boolean }) {
  return (
    <div className={`hk-banner ${BANNER_CLASS[hemgang.state]}`} role="status" aria-live="polite" aria-label="Hemgång">
      <p>
        <strong>
          {hemgang.state === 'klar' && <span aria-hidden="true">✓ </span>}
          {hemgang.state === 'kontrollera_tiderna' && <span aria-hidden="true">⚠ </span>}
          {hemgangLabel(hemgang)}
        </strong>
        {hemgang.state === 'klar' && ': alla obligatoriska punkter är klara och alla mottagande enheter är redo.'}
        {hemgang.state === 'kontrollera_tiderna' && ': allt är på plats, men tiderna stämmer inte.'}
        {hemgang.state === 'ej_klar' && detailed && (
          <>
            {' '}
            – <a href="#hemgang">se checklistorna</a>.
          </>
        )}
        {hemgang.state === 'utskriven' && hemgang.utskrivenForeHemgangsklar && (
          <> – före hemgångsklar: planen stämde inte (se utskrivningsmeddelandet).</>
        )}
      </p>
      {hemgang.saknas.length > 0 && (
        <ul className="hk-missing" aria-label="Detta saknas">
          {hemgang.saknas.map((g) => (
            <li key={g.ansvarig}>
              <strong>{g.ansvarig}:</strong> {g.punkter.length === 1 ? g.punkter[0] : `${g.punkter.length} saker återstår.`}
            </li>
          ))}
        </ul>
      )}
      {hemgang.kontrollera.map((w) => (
        <p key={w} className="hk-warning">
          <span aria-hidden="true">⚠ </span>
          {w}
        </p>
      ))}
    </div>
  );
}
