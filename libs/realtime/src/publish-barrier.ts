import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { from, lastValueFrom, type Observable } from 'rxjs';

/** How long an answer waits for this node's events to reach the other nodes before it goes anyway. */
const MAX_WAIT_MS = 2000;

/**
 * The tail of this node's publishing to the other nodes (set by the socket adapter). An action is
 * answered only after the events it emitted have left this node: a colleague who sees the answer
 * and acts on another node then publishes after it, so every client gets the two in that order
 * (seen: a hemgångsklar flip on one node overtook the last messages posted on another).
 */
@Injectable()
export class PublishBarrier {
  private tail: () => Promise<unknown> = () => Promise.resolve();

  follow(tail: () => Promise<unknown>): void {
    this.tail = tail;
  }

  /** Resolves when everything published so far has left this node, or after MAX_WAIT_MS. */
  async settled(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.tail().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, MAX_WAIT_MS)))]);
    clearTimeout(timer);
  }
}

/** Holds every answer to an action (not reads) until the events it published have left this node. */
@Injectable()
export class PublishedBeforeAnswer implements NestInterceptor {
  constructor(private readonly barrier: PublishBarrier) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http' && ['GET', 'HEAD', 'OPTIONS'].includes(context.switchToHttp().getRequest<{ method: string }>().method))
      return next.handle();
    return from(
      (async () => {
        const result: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
        await this.barrier.settled();
        return result;
      })(),
    );
  }
}
