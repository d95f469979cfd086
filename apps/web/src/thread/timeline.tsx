import { useEffect, useRef } from 'react';
import { formatWhen, shortName } from '../format';
import type { Message, Receipt } from '../types';
import { EVENT_KINDS, formatField, kindFields, kindTitle, NO_RECEIPTS } from './kinds';

interface Props {
  messages: Message[];
  myUserId: string;
  receipts: Map<string, Receipt[]>;
  /** The first message that was unread when the thread was opened. */
  firstUnreadSeq: number | null;
  /** Called with the seq of each message that has been on screen. */
  onSeen: (seq: number) => void;
}

/**
 * The thread's messages and events in order. Every text from people is rendered as text (React
 * escapes it); nothing is ever inserted as HTML.
 */
export function Timeline({ messages, myUserId, receipts, firstUnreadSeq, onSeen }: Props) {
  const observer = useRef<IntersectionObserver | null>(null);
  const seenRef = useRef(onSeen);
  useEffect(() => {
    seenRef.current = onSeen;
  });
  useEffect(() => {
    observer.current = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          if (e.isIntersecting) seenRef.current(Number((e.target as HTMLElement).dataset.seq));
        }
      },
      { threshold: 0.4 },
    );
    return () => observer.current?.disconnect();
  }, []);
  const observe = (el: HTMLLIElement | null) => {
    if (el) observer.current?.observe(el);
  };

  if (!messages.length) return <p className="empty">Inga meddelanden ännu. Skriv det första nedan.</p>;
  return (
    <ol className="timeline" aria-label="Tidslinje">
      {messages.map((m) => {
        const mine = m.author.userId === myUserId;
        const event = EVENT_KINDS.has(m.kind);
        return (
          <li
            key={m.seq}
            ref={observe}
            data-seq={m.seq}
            className={`msg msg-${m.kind}${mine ? ' msg-mine' : ''}${event ? ' msg-event' : ''}${m.seq === firstUnreadSeq ? ' msg-first-unread' : ''}`}
          >
            {m.seq === firstUnreadSeq && (
              <p className="unread-marker">
                <span>Nya meddelanden</span>
              </p>
            )}
            {event ? (
              <p className="event-line">
                <span className="event-icon" aria-hidden="true">
                  ☑
                </span>{' '}
                <span className="visually-hidden">{kindTitle(m.kind)}: </span>
                {m.body}
                <span className="event-meta">
                  {' '}
                  · {mine ? 'du' : shortName(m.author.name)}, {m.author.unitName} · <time dateTime={m.createdAt}>{formatWhen(m.createdAt)}</time>
                </span>
              </p>
            ) : (
              <article aria-label={`${kindTitle(m.kind)} från ${m.author.name}, ${m.author.unitName}`}>
                <header className="msg-head">
                  <span className="msg-author">
                    {mine ? 'Du' : m.author.name}
                    <span className="msg-unit"> · {m.author.unitName}</span>
                  </span>
                  <time dateTime={m.createdAt}>{formatWhen(m.createdAt)}</time>
                </header>
                {m.kind !== 'fritext' && <p className={`msg-kind kind-${m.kind}`}>{kindTitle(m.kind)}</p>}
                <MessageContent message={m} />
                {m.correctsMessageId && <p className="hint">Rättelse av ett tidigare meddelande.</p>}
                {mine && !NO_RECEIPTS.has(m.kind) && <ReadBy readers={receipts.get(m.id)} />}
              </article>
            )}
          </li>
        );
      })}
    </ol>
  );
}

function MessageContent({ message: m }: { message: Message }) {
  const fields = kindFields(m.kind);
  const payload = m.payload ?? {};
  return (
    <>
      {fields.length > 0 && (
        <dl className="card-fields">
          {fields
            .filter((f) => payload[f.name] !== undefined)
            .map((f) => (
              <div key={f.name}>
                <dt>{f.label}</dt>
                <dd>{formatField(f, payload[f.name])}</dd>
              </div>
            ))}
        </dl>
      )}
      {m.body && <p className="msg-body">{m.body}</p>}
    </>
  );
}

function ReadBy({ readers }: { readers: Receipt[] | undefined }) {
  if (!readers?.length) return <p className="read-by read-by-none">Ännu inte läst</p>;
  return (
    <ul className="read-by" aria-label="Läst av">
      {readers.map((r) => (
        <li key={r.userId}>
          <span aria-hidden="true">✓✓ </span>Läst av {r.unitName} – {shortName(r.name)} {formatWhen(r.readAt)}
        </li>
      ))}
    </ul>
  );
}
