import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../api/errors';
import type { Me, Thread } from '../api/model';
import { dropThread, ensureVault, isSaved, notKeepable, refreshAll, saveThread, sendOfflineReads } from './offline-copy';
import { saveMe } from './offline-app';
import { syncOutbox } from './outbox';
import { OutboxPanel } from './outbox-panel';

/**
 * In the logged-in app: prepares the encrypted copy for this session, and at every contact (start,
 * coverage back) sends the reads made offline, syncs the outbox and refreshes the kept threads,
 * dropping those the user lost access to. Shows the outbox while anything in it needs the user.
 */
export function OfflineSync({ me }: { me: Me }) {
  const [notice, setNotice] = useState<string | null>(null);
  const running = useRef(false);
  useEffect(() => {
    const sync = async () => {
      if (running.current || !navigator.onLine) return;
      running.current = true;
      try {
        await ensureVault(me);
        await saveMe(me);
        const reads = await sendOfflineReads();
        await syncOutbox();
        const dropped = await refreshAll(me);
        const gone = new Set([...reads.refused, ...dropped]).size;
        if (gone) setNotice(`${gone} sparade ärenden togs bort från telefonen: du har inte längre tillgång till dem.`);
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
  }, [me]);
  return (
    <>
      {notice && (
        <p className="offline-notice" role="status">
          {notice}
        </p>
      )}
      <OutboxPanel online />
    </>
  );
}

/** "Tillgänglig offline" in the thread's header: keep (or stop keeping) this thread on the phone. */
export function OfflineToggle({ me, thread }: { me: Me; thread: Thread }) {
  const [saved, setSaved] = useState<boolean | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const refusal = notKeepable(thread);
  useEffect(() => {
    let live = true;
    isSaved(thread.id).then(
      async (kept) => {
        if (!live) return;
        setSaved(kept);
        // A kept thread opened with coverage: its copy is brought up to date.
        if (kept) await saveThread(me, thread.id).catch(() => undefined);
      },
      () => live && setSaved(false),
    );
    return () => {
      live = false;
    };
  }, [me, thread.id, thread.lastSeq]);
  if (refusal) return null;
  if (saved === null) return null;
  const toggle = async () => {
    setMessage(null);
    const keep = !saved;
    setSaved(keep); // the box follows the tap at once; a failure puts it back and says why
    setBusy(true);
    try {
      if (keep) {
        await ensureVault(me);
        await saveMe(me);
        await saveThread(me, thread.id);
      } else {
        await dropThread(thread.id);
      }
    } catch (error) {
      setSaved(!keep);
      setMessage(messageOf(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="offline-toggle">
      <label>
        <input type="checkbox" checked={saved} onChange={() => void toggle()} /> Tillgänglig offline
      </label>
      {saved && <span className="hint">{busy ? ' · sparar …' : ' · sparat krypterat på telefonen'}</span>}
      {message && (
        <span role="alert" className="field-error">
          {' '}
          {message}
        </span>
      )}
    </span>
  );
}
