import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';

/**
 * Something that happened to a thread, published after its transaction committed. Services
 * publish; the realtime module pushes to clients. `data` is the client-facing DTO.
 */
export interface ThreadEvent {
  type:
    | 'message.created'
    | 'receipts.recorded'
    | 'thread.created'
    | 'thread.changed'
    | 'checklist.changed'
    | 'readiness.changed'
    | 'deadline.warning'
    | 'alert.changed';
  threadId: string;
  /** Units that take part (for inbox notices); set on thread.created and thread.changed. */
  participantUnitIds?: string[];
  data: Record<string, unknown>;
}

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
