import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../api/errors';
import type { Me, Thread } from '../api/model';
import {
  autoKeepable,
  dropThread,
  ensureVault,
  hasCopy,
  notKeepable,
  optedOut,
  optOut,
  refreshAll,
  savedThread,
  takeExpiredWrites,
  takeLostWrites,
  saveThread,
  sendOfflineReads,
} from './offline-copy';
import { saveMe } from './offline-app';
import { syncOutbox } from './outbox';
import { OutboxPanel } from './outbox-panel';
import { LockedCopy, PinSetup } from './pin';
import * as vault from './vault';

/**
 * In the logged-in app: prepares the encrypted copy for this session, and at every contact (start,
 * coverage back) sends the reads made offline, syncs the outbox and refreshes the kept threads,
 * dropping those the user lost access to. Shows the outbox while anything in it needs the user.
 */
export function OfflineSync({ me }: { me: Me }) {
  const [notice, setNotice] = useState<string | null>(null);
  const running = useRef(false);
  const [unlocked, setUnlocked] = useState(0);
  useEffect(() => {
    const tellExpired = () => {
      const expired = takeExpiredWrites();
      if (expired) {
        setNotice(
          `${expired === 1 ? '1 ändring' : `${expired} ändringar`} som väntade på telefonen raderades utan att skickas: det sparade var äldre än ett arbetspass. Gör om det som behövs.`,
        );
      }
      return expired;
    };
    const sync = async () => {
      // A copy that outlived the shift went while the app was closed or without coverage: said first.
      tellExpired();
      // No copy on this phone: nothing to sync, and no key to fetch (it is fetched when something is kept).
      // A copy locked under the PIN waits for it (LockedCopy).
      if (running.current || !navigator.onLine || !hasCopy() || vault.locked()) return;
      running.current = true;
      try {
        await ensureVault(me);
        const lost = takeLostWrites();
        if (lost) {
          setNotice(
            `${lost} ändringar som väntade på telefonen kunde inte öppnas och har raderats: appen stängdes utan PIN-kod. Gör dem igen om de behövs.`,
          );
        }
        const expired = tellExpired();
        await saveMe(me);
        const reads = await sendOfflineReads();
        await syncOutbox();
        const dropped = await refreshAll(me);
        const gone = new Set([...reads.refused, ...dropped]).size;
        if (gone && !lost && !expired) setNotice(`${gone} sparade ärenden togs bort från telefonen: du har inte längre tillgång till dem.`);
      } catch (error) {
        setNotice(`Det sparade kunde inte synkas: ${messageOf(error)}`);
      } finally {
        running.current = false;
      }
    };
    const onOnline = () => void sync();
    onOnline();
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [me, unlocked]);
  return (
    <>
      <LockedCopy onUnlocked={() => setUnlocked((n) => n + 1)} />
      {notice && (
        <p className="offline-notice" role="status">
          {notice}
        </p>
      )}
      <OutboxPanel online />
      <PinSetup />
    </>
  );
}

type Kept = 'nej' | 'vald' | 'idag';

/**
 * "Tillgänglig offline" in the thread's header: keep (or stop keeping) this thread on the phone.
 * A thread of the user's own unit opened today is kept without the tick ("öppnat i dag"); ticking
 * keeps it beyond today, unticking drops it and it is not kept again today.
 */
export function OfflineToggle({ me, thread }: { me: Me; thread: Thread }) {
  const [kept, setKept] = useState<Kept | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refusal = notKeepable(thread);
  // The latest thread for the effect, which runs per thread and new message, not per refetch.
  const current = useRef(thread);
  current.current = thread;
  useEffect(() => {
    let live = true;
    const thread = current.current;
    const keep = async (): Promise<Kept> => {
      const before = hasCopy() ? await savedThread(thread.id) : null;
      if (before) {
        // A kept thread opened with coverage: its copy is brought up to date.
        await saveThread(me, thread.id).catch(() => undefined);
        return before.auto ? 'idag' : 'vald';
      }
      if (!autoKeepable(me, thread) || !navigator.onLine) return 'nej';
      await ensureVault(me);
      if (await optedOut(thread.id)) return 'nej';
      await saveMe(me);
      await saveThread(me, thread.id, { auto: true });
      return 'idag';
    };
    keep().then(
      (k) => live && setKept(k),
      () => live && setKept('nej'),
    );
    return () => {
      live = false;
    };
  }, [me, thread.id, thread.lastSeq]);
  if (refusal) return null;
  if (kept === null) return null;
  const toggle = async () => {
    setMessage(null);
    const keep = kept !== 'vald';
    const was = kept;
    setKept(keep ? 'vald' : 'nej'); // the box follows the tap at once; a failure puts it back and says why
    setBusy(true);
    try {
      if (keep) {
        await ensureVault(me);
        await saveMe(me);
        await saveThread(me, thread.id, { auto: false });
      } else {
        await dropThread(thread.id);
        await optOut(thread.id);
      }
    } catch (error) {
      setKept(was);
      setMessage(messageOf(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="offline-toggle">
      <label>
        <input type="checkbox" checked={kept === 'vald'} onChange={() => void toggle()} /> Tillgänglig offline
      </label>
      {kept === 'vald' && <span className="hint">{busy ? ' · sparar …' : ' · sparat krypterat på telefonen'}</span>}
      {kept === 'idag' && <span className="hint"> · öppnat i dag: sparat krypterat på telefonen för i dag</span>}
      {message && (
        <span role="alert" className="field-error">
          {' '}
          {message}
        </span>
      )}
    </span>
  );
}
