import { useEffect, useState } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';

/**
 * The installable app's two notices (docs/web-client.md):
 * - offline: "Ingen täckning – visar sparat från HH:MM", the time this device last reached the network;
 * - a new version: waits until the user taps "Uppdatera". Never applied on its own, so a half-written
 *   message is not reloaded away.
 * The time kept in localStorage is only a clock time, never patient data.
 */
const LAST_ONLINE_KEY = 'brygga.senastMedTackning';

function rememberOnline(): void {
  localStorage.setItem(LAST_ONLINE_KEY, new Date().toISOString());
}

function lastOnlineText(): string | null {
  const stored = localStorage.getItem(LAST_ONLINE_KEY);
  const at = stored ? new Date(stored) : null;
  return at && !Number.isNaN(at.getTime()) ? at.toLocaleTimeString('sv-SE', { hour: '2-digit', minute: '2-digit' }) : null;
}

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  useEffect(() => {
    if (!online) return;
    // While online, the shell on screen is current: keep the "saved from" time fresh each minute.
    rememberOnline();
    const timer = window.setInterval(rememberOnline, 60_000);
    return () => window.clearInterval(timer);
  }, [online]);
  return online;
}

export function PwaStatus() {
  const online = useOnline();
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW();
  const since = online ? null : lastOnlineText();
  return (
    <>
      {!online && (
        <p className="pwa-banner pwa-offline" role="status" data-testid="offline-banner">
          {since ? `Ingen täckning – visar sparat från ${since}` : 'Ingen täckning – visar sparat'}
        </p>
      )}
      {needRefresh && (
        <div className="pwa-banner pwa-update" role="status">
          <span>Ny version finns – uppdatera när du är klar med det du skriver.</span>
          <button type="button" onClick={() => void updateServiceWorker(true)}>
            Uppdatera
          </button>
          <button type="button" className="secondary" onClick={() => setNeedRefresh(false)}>
            Senare
          </button>
        </div>
      )}
    </>
  );
}
