import { useRef, useState } from 'react';
import type { InboxCount } from '@brygga/contracts';
import { useSocketEvent } from '../socket';

/** Opt-in, per browser: "pa" once the user asked for notices and the browser allowed them. */
const KEY = 'brygga.avisering';
/** Never patient data in a notification: it shows on a lock screen or a shared desktop. */
export const NOTICE_TEXT = 'Nytt meddelande i Brygga';

const supported = () => typeof window !== 'undefined' && 'Notification' in window;
const optedIn = () => supported() && localStorage.getItem(KEY) === 'pa' && Notification.permission === 'granted';

/**
 * While the tab is in the background, a new message from someone else in one of my threads
 * raises a browser notification with a fixed text (the Notification API), if the user opted in.
 */
export function useAwayNotice(myUserId: string): void {
  // The last seq already told per thread: a message comes once, promptly where the tab shows the
  // inbox, within 5 s elsewhere (inbox:unread), and at most twice when the tab changes between them.
  const told = useRef(new Map<string, number>()).current;
  const onCounts = (notice: { threads: InboxCount[] }) => {
    const news = notice.threads.filter((n) => n.seq > (told.get(n.threadId) ?? 0));
    for (const n of news) told.set(n.threadId, n.seq);
    const fromOthers = news.some((n) => n.count > (n.byAuthor[myUserId] ?? 0));
    if (!fromOthers || document.visibilityState === 'visible' || !optedIn()) return;
    const shown = new Notification(NOTICE_TEXT, { tag: 'brygga-nytt', lang: 'sv' });
    shown.onclick = () => {
      window.focus();
      shown.close();
    };
  };
  useSocketEvent('inbox:counts', onCounts);
  useSocketEvent('inbox:unread', onCounts);
}

/** The inbox's switch for notices while away. */
export function AwayNoticeToggle() {
  const [on, setOn] = useState(optedIn);
  const [refused, setRefused] = useState(false);
  if (!supported()) return null;
  const toggle = () => {
    if (on) {
      localStorage.removeItem(KEY);
      setOn(false);
      return;
    }
    void Notification.requestPermission().then((permission) => {
      if (permission === 'granted') {
        localStorage.setItem(KEY, 'pa');
        setOn(true);
      } else {
        setRefused(true);
      }
    });
  };
  return (
    <span className="away-notice">
      <button type="button" className="secondary" aria-pressed={on} onClick={toggle}>
        {on ? 'Avisering på' : 'Avisera mig om nya meddelanden'}
      </button>
      {refused && <span className="hint"> Webbläsaren tillåter inte aviseringar för Brygga.</span>}
    </span>
  );
}
