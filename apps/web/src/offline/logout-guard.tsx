import { useState } from 'react';
import { hasCopy } from './offline-copy';
import { outboxItems } from './outbox';
import * as vault from './vault';

/** Writes on this phone not yet sent (waiting for coverage, or for the user's second answer). */
async function waitingWrites(): Promise<number> {
  if (!hasCopy()) return 0;
  // Locked under the PIN: the items cannot be read, but their number can (ids are not secret).
  if (!vault.hasKey()) return (await vault.ids('outbox:')).length;
  return (await outboxItems()).filter((i) => i.state === 'vantar' || i.state === 'bekrafta').length;
}

/**
 * Logging out deletes the outbox with the copy (docs/offline.md). When something in it has not
 * been sent, the user is asked first instead of losing it unnoticed.
 */
export function useLogoutGuard(logout: (everywhere: boolean) => void) {
  const [asking, setAsking] = useState<{ everywhere: boolean; count: number } | null>(null);
  const request = (everywhere: boolean) => {
    waitingWrites().then(
      (count) => (count ? setAsking({ everywhere, count }) : logout(everywhere)),
      () => logout(everywhere),
    );
  };
  const prompt = asking && (
    <div className="logout-unsent" role="alert">
      <p>{asking.count === 1 ? '1 ändring' : `${asking.count} ändringar`} på telefonen är inte skickade och raderas om du loggar ut.</p>
      <button
        type="button"
        onClick={() => {
          setAsking(null);
          logout(asking.everywhere);
        }}
      >
        Logga ut ändå
      </button>
      <button type="button" className="secondary" onClick={() => setAsking(null)}>
        Avbryt
      </button>
    </div>
  );
  return { request, prompt };
}
