import { useEffect, useState } from 'react';
import { onOutboxChange } from './outbox';
import { hasCopy } from './offline-copy';
import * as vault from './vault';

/** At least six digits: with PBKDF2 and five tries, enough against someone holding the phone. */
const PIN_PATTERN = /^\d{6,12}$/;
const PIN_RULE = 'PIN-koden ska vara 6–12 siffror.';
const DISMISSED = 'brygga.offline.pinSenare';

/**
 * Offered while the phone keeps a copy and no PIN protects it (docs/offline.md): the session's key
 * is wrapped under the PIN, so the copy can be opened without coverage after the app was closed.
 * Without a PIN, closing the app leaves the copy unreadable until the next login with coverage.
 */
export function PinSetup() {
  const [show, setShow] = useState(false);
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  useEffect(() => {
    const check = () => setShow(hasCopy() && vault.hasKey() && !vault.hasPin() && sessionStorage.getItem(DISMISSED) === null);
    check();
    // Something was just kept or queued: the copy may have begun.
    const timer = window.setInterval(check, 2_000);
    const off = onOutboxChange(check);
    return () => {
      window.clearInterval(timer);
      off();
    };
  }, []);
  if (done) {
    return (
      <p className="offline-notice" role="status">
        PIN-koden är vald: det sparade kan öppnas utan täckning.
      </p>
    );
  }
  if (!show) return null;
  return (
    <form
      className="offline-pin"
      aria-labelledby="pin-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (!PIN_PATTERN.test(pin)) return setError(PIN_RULE);
        if (pin !== again) return setError('PIN-koderna är inte lika.');
        setError(null);
        vault.setPin(pin).then(
          () => setDone(true),
          (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
        );
      }}
    >
      <p id="pin-title">
        <strong>Välj en PIN-kod för det sparade.</strong> Då kan du läsa det utan täckning även om appen har stängts.
      </p>
      <label>
        PIN-kod
        <input type="password" inputMode="numeric" autoComplete="new-password" value={pin} onChange={(e) => setPin(e.target.value)} />
      </label>
      <label>
        Samma PIN-kod igen
        <input type="password" inputMode="numeric" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <span className="offline-pin-buttons">
        <button type="submit">Välj PIN-kod</button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            sessionStorage.setItem(DISMISSED, '1');
            setShow(false);
          }}
        >
          Inte nu
        </button>
      </span>
    </form>
  );
}

/** The PIN form that opens a locked copy; too many wrong PINs delete it (the user is told). */
function UnlockForm({ onUnlocked, label }: { onUnlocked: () => void; label: string }) {
  const [pin, setPin] = useState('');
  const [gone, setGone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="offline-pin"
      onSubmit={(e) => {
        e.preventDefault();
        if (!PIN_PATTERN.test(pin)) return setError(PIN_RULE);
        setBusy(true);
        vault.unlock(pin).then(
          (r) => {
            setBusy(false);
            setPin('');
            if (r.outcome === 'ok') onUnlocked();
            else if (r.outcome === 'fel') setError(`Fel PIN-kod. ${r.left} försök kvar innan det sparade raderas.`);
            else {
              setGone(true);
              setError('För många fel PIN-koder: det sparade på telefonen har raderats. Logga in när du har täckning.');
            }
          },
          (err: unknown) => {
            setBusy(false);
            setError(err instanceof Error ? err.message : String(err));
          },
        );
      }}
    >
      <label>
        {label}
        <input type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />
      </label>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy || gone}>
        {busy ? 'Öppnar …' : 'Öppna det sparade'}
      </button>
    </form>
  );
}

/** Without coverage, after the app was closed: the copy opens only with the user's PIN. */
export function UnlockView({ onUnlocked, onOnline }: { onUnlocked: () => void; onOnline: () => void }) {
  useEffect(() => {
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [onOnline]);
  return (
    <main className="centered" id="innehall">
      <h1>Brygga</h1>
      <p>Ingen täckning. Det sparade på telefonen är låst.</p>
      <UnlockForm onUnlocked={onUnlocked} label="PIN-kod för det sparade" />
    </main>
  );
}

/**
 * Logged in again after the app was closed: the copy (and what waits in the outbox) is still
 * locked under the PIN. Opened, it is sealed under this session's key and synced; or the user
 * deletes it.
 */
export function LockedCopy({ onUnlocked }: { onUnlocked: () => void }) {
  const [open, setOpen] = useState(() => vault.locked());
  if (!open) return null;
  return (
    <section className="outbox" aria-label="Låst sparat">
      <p>
        <strong>Det sparade på telefonen är låst.</strong> Ange din PIN-kod för att skicka det som väntar och fortsätta spara.
      </p>
      <UnlockForm
        label="PIN-kod"
        onUnlocked={() => {
          setOpen(false);
          onUnlocked();
        }}
      />
      <button
        type="button"
        className="secondary"
        onClick={() => {
          void vault.wipe().then(() => setOpen(false));
        }}
      >
        Radera det sparade
      </button>
    </section>
  );
}
