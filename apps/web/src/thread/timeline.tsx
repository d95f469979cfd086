import { useEffect, useMemo, useRef, type MouseEvent, type ReactNode } from 'react';
import { ObservedTime } from '../offline/observed-time';
import { formatDayTime, formatWhen, lowerFirst, shortName } from '../format';
import type { Message, Receipt } from '../api/model';
import { Kvittenser, SipAnswers, type AnswerContext } from './answers';
import { formatField, kindFields, kindTitle, NO_RECEIPTS, SIP_SVAR } from './kinds';
import { RecordedConflicts } from './discharge-check';
import { groupSummary, groupTimeline, isEvent, isSystem, relations, type Relations } from './timeline-grouping';
import { MessageAttachments } from './attachments';

interface Props {
  messages: Message[];
  myUserId: string;
  receipts: Map<string, Receipt[]>;
  /** The first message that was unread when the thread was opened. */
  firstUnreadSeq: number | null;
  /** Called with the seq of each message that has been on screen. */
  onSeen: (seq: number) => void;
  /** Answers, kvittenser and corrections; without it the timeline only shows. */
  answers?: AnswerContext;
  /** Whether "Rätta" is offered on a message (my unit's own, a kind I may still send). */
  mayCorrect?: (m: Message) => boolean;
  onCorrect?: (m: Message) => void;
}

const EVENT_ICON: Record<string, string> = {
  checklista_tillagd: '☑',
  checklista_andrad: '☑',
  deltagare_tillagd: '＋',
  deltagare_borttagen: '−',
  agare_bytt: '⇄',
  arende_avslutat: '■',
  arende_makulerat: '✕',
  uppgift_andrad: '✎',
  plan_publicerad: '⌂',
};

/** Moves focus to a message in the timeline (a correction, the message an answer is about). */
function jump(event: MouseEvent<HTMLAnchorElement>, messageId: string) {
  const target = document.getElementById(`msg-${messageId}`);
  if (!target) return;
  event.preventDefault();
  target.scrollIntoView({ block: 'center' });
  target.focus({ preventScroll: true });
}

function JumpLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <a href={`#msg-${to}`} onClick={(e) => jump(e, to)}>
      {children}
    </a>
  );
}

/**
 * The thread's messages and events in order. Every text from people is rendered as text (React
 * escapes it); nothing is ever inserted as HTML.
 */
export function Timeline({ messages, myUserId, receipts, firstUnreadSeq, onSeen, answers, mayCorrect, onCorrect }: Props) {
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
  const entries = useMemo(() => groupTimeline(messages), [messages]);
  const rel = useMemo(() => relations(messages), [messages]);
  const byId = useMemo(() => new Map(messages.map((m) => [m.id, m])), [messages]);

  if (!messages.length) return <p className="empty">Inga meddelanden ännu. Skriv det första nedan.</p>;
  return (
    <ol className="timeline" aria-label="Tidslinje">
      {entries.map((entry) => {
        if (entry.type === 'group') {
          const last = entry.messages[entry.messages.length - 1];
          const first = entry.messages[0];
          const mine = first.author.userId === myUserId;
          return (
            <li key={`g${first.seq}`} ref={observe} data-seq={last.seq} className={`msg msg-event msg-group${mine ? ' msg-mine' : ''}`}>
              <details className="event-group">
                <summary>
                  <span className="event-icon" aria-hidden="true">
                    ☑
                  </span>{' '}
                  {groupSummary(entry.messages, mine ? 'Du' : first.author.name)}
                  <span className="event-meta">
                    {' '}
                    · {first.author.unitName} · <time dateTime={first.createdAt}>{formatWhen(first.createdAt)}</time>–
                    <time dateTime={last.createdAt}>{formatWhen(last.createdAt).slice(-5)}</time>
                  </span>
                </summary>
                <ul className="group-lines">
                  {entry.messages.map((m) => (
                    <li key={m.seq} data-seq={m.seq}>
                      {m.body} <span className="event-meta">· {formatWhen(m.createdAt)}</span>
                    </li>
                  ))}
                </ul>
              </details>
            </li>
          );
        }
        const m = entry.message;
        const mine = m.author.userId === myUserId && !isSystem(m);
        const line = isEvent(m) && !isSystem(m);
        const answer = m.kind === 'sip_svar' || m.kind === 'kvittens';
        return (
          <li
            key={m.seq}
            ref={observe}
            data-seq={m.seq}
            className={`msg msg-${m.kind}${mine ? ' msg-mine' : ''}${line || answer ? ' msg-event' : ''}${m.seq === firstUnreadSeq ? ' msg-first-unread' : ''}`}
          >
            {m.seq === firstUnreadSeq && (
              <p className="unread-marker">
                <span>Nya meddelanden</span>
              </p>
            )}
            {line ? (
              <EventLine m={m} mine={mine} />
            ) : answer ? (
              <AnswerLine m={m} mine={mine} target={byId.get(String(m.payload?.kallelseId ?? m.payload?.meddelandeId ?? ''))} />
            ) : (
              <Card
                m={m}
                mine={mine}
                rel={rel}
                original={m.correctsMessageId ? byId.get(m.correctsMessageId) : undefined}
                receipts={receipts}
                answers={answers}
                mayCorrect={mayCorrect}
                onCorrect={onCorrect}
              />
            )}
          </li>
        );
      })}
    </ol>
  );
}

function EventLine({ m, mine }: { m: Message; mine: boolean }) {
  return (
    <p className="event-line">
      <span className="event-icon" aria-hidden="true">
        {EVENT_ICON[m.kind] ?? '•'}
      </span>{' '}
      <span className="visually-hidden">{kindTitle(m.kind)}: </span>
      {m.body}
      <span className="event-meta">
        {' '}
        · {mine ? 'du' : shortName(m.author.name)}, {m.author.unitName} · <time dateTime={m.createdAt}>{formatWhen(m.createdAt)}</time>
        <ObservedTime message={m} />
      </span>
    </p>
  );
}

/** A SIP answer or a kvittens in its place in time; the message it answers also shows it. */
function AnswerLine({ m, mine, target }: { m: Message; mine: boolean; target?: Message }) {
  const p = m.payload ?? {};
  const text =
    m.kind === 'sip_svar'
      ? `${SIP_SVAR.find(([v]) => v === p.svar)?.[1] ?? ''}${typeof p.foreslagenTid === 'string' ? ` ${formatDayTime(p.foreslagenTid)}` : ''}${typeof p.orsak === 'string' ? ` – ${p.orsak}` : ''}`
      : typeof p.kommentar === 'string'
        ? `”${p.kommentar}”`
        : '';
  return (
    <p className="event-line answer-line">
      <span className="event-icon" aria-hidden="true">
        ↩
      </span>{' '}
      <strong>{m.author.unitName}</strong> {m.kind === 'sip_svar' ? 'svarar på ' : 'kvitterar '}
      {target ? <JumpLink to={target.id}>{lowerFirst(kindTitle(target.kind))}</JumpLink> : 'ett meddelande'}
      {text ? `: ${text}` : ''}
      <span className="event-meta">
        {' '}
        · {mine ? 'du' : shortName(m.author.name)} · <time dateTime={m.createdAt}>{formatWhen(m.createdAt)}</time>
      </span>
    </p>
  );
}

interface CardProps {
  m: Message;
  mine: boolean;
  rel: Relations;
  original?: Message;
  receipts: Map<string, Receipt[]>;
  answers?: AnswerContext;
  mayCorrect?: (m: Message) => boolean;
  onCorrect?: (m: Message) => void;
}

function Card({ m, mine, rel, original, receipts, answers, mayCorrect, onCorrect }: CardProps) {
  const system = isSystem(m);
  const correction = rel.correctedBy.get(m.id);
  const author = system ? 'Brygga' : mine ? 'Du' : m.author.name;
  return (
    <article
      id={`msg-${m.id}`}
      tabIndex={-1}
      className={correction ? 'msg-corrected' : undefined}
      aria-label={`${kindTitle(m.kind)} från ${system ? 'Brygga' : `${m.author.name}, ${m.author.unitName}`}${correction ? ' (rättad)' : ''}`}
    >
      <header className="msg-head">
        <span className="msg-author">
          {author}
          {!system && <span className="msg-unit"> · {m.author.unitName}</span>}
        </span>
        <time dateTime={m.createdAt}>{formatWhen(m.createdAt)}</time>
        <ObservedTime message={m} />
      </header>
      {m.kind !== 'fritext' && <p className={`msg-kind kind-${m.kind}`}>{kindTitle(m.kind)}</p>}
      {correction ? (
        <>
          <del className="msg-struck">
            <MessageContent message={m} />
          </del>
          <p className="hint">
            <strong>Rättad</strong> {formatWhen(correction.createdAt)} – <JumpLink to={correction.id}>se rättelsen</JumpLink>
          </p>
        </>
      ) : (
        <MessageContent message={m} />
      )}
      {m.correctsMessageId && (
        <p className="hint">
          Rättelse av{' '}
          {original ? <JumpLink to={original.id}>meddelandet från {formatWhen(original.createdAt)}</JumpLink> : 'ett tidigare meddelande'}.
        </p>
      )}
      {answers && m.kind === 'sip_kallelse' && !correction && (
        <SipAnswers kallelse={m} answers={rel.sipAnswers.get(m.id) ?? []} ctx={answers} />
      )}
      {answers && !correction && <Kvittenser message={m} kvittenser={rel.kvittenser.get(m.id) ?? []} ctx={answers} />}
      {!correction && mayCorrect?.(m) && onCorrect && (
        <p className="msg-actions">
          <button
            type="button"
            className="link-button"
            onClick={() => onCorrect(m)}
            aria-label={`Rätta ${lowerFirst(kindTitle(m.kind))} från ${formatWhen(m.createdAt)}`}
          >
            Rätta
          </button>
        </p>
      )}
      {mine && !NO_RECEIPTS.has(m.kind) && <ReadBy readers={receipts.get(m.id)} />}
      {m.deliveries && <Deliveries deliveries={m.deliveries} />}
    </article>
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
            .filter((f) => payload[f.name] !== undefined && f.type !== 'units' && f.type !== 'unit')
            .map((f) => (
              <div key={f.name}>
                <dt>{f.label}</dt>
                <dd>{formatField(f, payload[f.name])}</dd>
              </div>
            ))}
        </dl>
      )}
      {m.kind === 'utskrivningsmeddelande' && <RecordedConflicts payload={payload} />}
      {m.body && <p className="msg-body">{m.body}</p>}
      {m.attachments && m.attachments.length > 0 && <MessageAttachments threadId={m.threadId} attachments={m.attachments} />}
    </>
  );
}

/** The FHIR messages to the receiving units' own systems: väntar på kvittens, kvitterat or fel. */
function Deliveries({ deliveries }: { deliveries: NonNullable<Message['deliveries']> }) {
  return (
    <p className="hint msg-deliveries">
      {deliveries.length === 1 ? 'Till mottagarens system' : 'Till mottagarnas system'}: {deliveries.map((d) => d.label).join(', ')}
    </p>
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
