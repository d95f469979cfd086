import type { FactKey } from './thread-facts';
import { AuthorRef } from './thread.mapper';

/** One version of a structured fact (PUT …/facts/:key, GET …/facts/:key/history). */
export class FactDto {
  key: FactKey;
  label: string;
  value: Record<string, unknown>;
  version: number;
  setBy: AuthorRef;
  setAt: string;
}

export class FactHistoryDto {
  versions: FactDto[];
}
