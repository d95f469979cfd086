import type { Message } from '../api/model';
import { formatWhen } from '../format';

/** Past this, the time of the act and the time Brygga received it are worth telling apart. */
const SHOWN_AFTER_MS = 60_000;

/** " · gjort 10:42 utan täckning" when a message was made offline and sent later (docs/offline.md). */
export function ObservedTime({ message }: { message: Pick<Message, 'observedAt' | 'createdAt'> }) {
  const observedAt = message.observedAt;
  if (!observedAt || Math.abs(new Date(message.createdAt).getTime() - new Date(observedAt).getTime()) < SHOWN_AFTER_MS) return null;
  return (
    <span className="observed-time" data-testid="observed-time">
      {' '}
      · gjort <time dateTime={observedAt}>{formatWhen(observedAt)}</time> utan täckning
    </span>
  );
}
