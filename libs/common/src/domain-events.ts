import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import type { ServerToClientEvents } from '@brygga/contracts';

/** The payload of a socket event to clients (@brygga/contracts socket-events.ts). */
type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/**
 * Each domain event's data: the payload of the socket event the realtime module pushes for it
 * (libs/realtime fan-out.ts), typed by the contract the web client reads; where the fan-out adds
 * the thread's id, without it.
 */
interface ThreadEventData {
  'message.created': Payload<'message'>;
  'receipts.recorded': Payload<'receipt'>;
  'thread.created': Payload<'inbox:thread'>;
  'thread.changed': Payload<'thread:changed'>;
  'checklist.changed': Payload<'checklist:changed'>;
  'readiness.changed': Payload<'readiness:changed'>;
  'deadline.warning': Omit<Payload<'bevakning'>, 'threadId'>;
  'alert.changed': Omit<Payload<'alert'>, 'threadId'>;
}
export type ThreadEventType = keyof ThreadEventData;

/**
 * Something that happened to a thread, published after its transaction committed. Services
 * publish; the realtime module pushes to clients. `data` is the client-facing payload.
 */
export type ThreadEvent = {
  [T in ThreadEventType]: {
    type: T;
    threadId: string;
    /** Units that take part (for inbox notices); set on thread.created and thread.changed. */
    participantUnitIds?: string[];
    data: ThreadEventData[T];
  };
}[ThreadEventType];

/**
 * Who may see what has changed (a membership, a thread's participants): every node re-checks
 * the sockets concerned at once. Empty lists mean "nobody of that kind".
 */
export interface AccessChange {
  userIds?: string[];
  unitIds?: string[];
  threadIds?: string[];
}

/** In-process event bus. Other nodes learn of events through the socket.io adapter, not through this. */
@Injectable()
export class DomainEvents implements OnModuleDestroy {
  private readonly subject = new Subject<ThreadEvent>();
  private readonly access = new Subject<AccessChange>();
  readonly events$: Observable<ThreadEvent> = this.subject.asObservable();
  readonly accessChanges$: Observable<AccessChange> = this.access.asObservable();

  publish(event: ThreadEvent): void {
    this.subject.next(event);
  }

  /** After the commit of a change to who may see what. */
  accessChanged(change: AccessChange): void {
    this.access.next(change);
  }

  onModuleDestroy(): void {
    this.subject.complete();
    this.access.complete();
  }
}
