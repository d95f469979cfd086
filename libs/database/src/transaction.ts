import { DataSource, EntityManager } from 'typeorm';

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

/**
 * Run work in one transaction, retrying the rare serialization failure or deadlock, and any other
 * error the caller names as worth a fresh start (`retryIf`).
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  retryIf?: (error: unknown) => boolean,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(work);
    } catch (error) {
      const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
      if (attempt >= 3 || !((code && RETRYABLE.has(code)) || retryIf?.(error))) throw error;
    }
  }
}
