import type { ThreadEvent } from '@brygga/common';

/** The events a person may choose to be notified of (Inställningar → Aviseringar). */
export const NOTICE_KINDS = ['message', 'deadline', 'hemgangsklar'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Who a thread event concerns, before settings and subscriptions narrow it to people. */
export interface Notice {
  kind: NoticeKind;
  threadId: string;
  unitIds: string[];
  /** The person whose own act it was: not told of it. */
  exceptUserId: string | null;
}

/**
 * What a push or e-mail says. Nothing about the patient, by construction: fixed Swedish text, the
 * name of the person's own unit, and the thread's id (an opaque uuid, opened only after login).
 */
export interface NoticePayload {
  kind: NoticeKind;
  title: string;
  body: string;
  threadId: string;
  /** Where the app opens on a tap; the login keeps it as the page to return to. */
  url: string;
}

const TITLES: Record<NoticeKind, string> = {
  message: 'Nytt meddelande',
  deadline: 'Bevakning',
  hemgangsklar: 'Hemgångsklar har ändrats',
};

/** Which notice a committed thread event gives, if any. */
export function noticeFor(event: ThreadEvent): Notice | null {
  const units = event.participantUnitIds ?? [];
  if (!units.length) return null;
  if (event.type === 'deadline.warning') return { kind: 'deadline', threadId: event.threadId, unitIds: units, exceptUserId: null };
  if (event.type !== 'message.created') return null;
  const message = event.data;
  // Brygga's own entry when the thread becomes (or stops being) hemgångsklar.
  if (message.kind === 'hemgangsklar') return { kind: 'hemgangsklar', threadId: event.threadId, unitIds: units, exceptUserId: null };
  // Records of what happened (checklist changes, participants …) and Brygga's own entries are no "new message".
  if (message.event || message.system) return null;
  // A new message to my unit: the units taking part, other than the one that wrote it.
  const others = units.filter((u) => u !== message.author?.unitId);
  return others.length
    ? { kind: 'message', threadId: event.threadId, unitIds: others, exceptUserId: message.author?.userId ?? null }
    : null;
}

export function noticePayload(kind: NoticeKind, threadId: string, unitName: string): NoticePayload {
  return {
    kind,
    title: TITLES[kind],
    body: `Nytt i Brygga för ${unitName}`,
    threadId,
    url: `/arenden/${encodeURIComponent(threadId)}`,
  };
}
