import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';

/**
 * Something that happened to a thread, published after its transaction committed. Services
 * publish; the realtime module pushes to clients. `data` is the client-facing DTO.
 */
export interface ThreadEvent {
  type: 'message.created' | 'receipts.recorded' | 'thread.created' | 'thread.changed' | 'checklist.changed' | 'readiness.changed';
  threadId: string;
  /** Units that take part (for inbox notices); set on thread.created and thread.changed. */
  participantUnitIds?: string[];
  data: Record<string, unknown>;
}

/** In-process event bus. Other nodes learn of events through the socket.io adapter, not through this. */
@Injectable()
export class DomainEvents implements OnModuleDestroy {
  private readonly subject = new Subject<ThreadEvent>();
  readonly events$: Observable<ThreadEvent> = this.subject.asObservable();

  publish(event: ThreadEvent): void {
    this.subject.next(event);
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }
}
