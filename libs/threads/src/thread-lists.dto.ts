import { MessageDto, ThreadDto } from './thread.mapper';

/** GET /api/threads: the threads my units take part in, with unread counts. */
export class ThreadListDto {
  threads: ThreadDto[];
  /** More threads match beyond this page (ask again with a larger `offset`). */
  hasMore: boolean;
}

/** GET /api/threads/:id/messages: in seq order. */
export class MessageListDto {
  messages: MessageDto[];
}

/** POST /api/threads/:id/read. */
export class MarkReadResultDto {
  upToSeq: number;
  /** Receipts written now (0 when all were already read). */
  recorded: number;
}
