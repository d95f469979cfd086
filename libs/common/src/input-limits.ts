import { DomainError } from './errors';

/**
 * Limits on the shape of any parsed request body or socket payload, checked before
 * class-transformer and class-validator see it: a body 3,000 levels deep overflowed
 * class-transformer's stack (500), one with 20,000 unknown keys got a 1.8 MB error answer, and a
 * NUL character anywhere reaches PostgreSQL, which refuses it in text and jsonb (500).
 */
export const INPUT_LIMITS = {
  /** Deeper than any DTO needs (a template item's condition is 4 levels down). */
  maxDepth: 16,
  /** Object keys in the whole body: a template of 200 items needs about 2,500. */
  maxKeys: 5_000,
} as const;

const refuse = (field: string, message: string): DomainError =>
  new DomainError('validation', `Ogiltiga uppgifter: ${field} ${message}`, [{ field, message }]);

/** Throws a 400 DomainError when the value is too deep, has too many keys, or holds a NUL. */
export function assertInputShape(value: unknown, root = 'body'): void {
  let keys = 0;
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length) {
    const { value: current, path, depth } = stack.pop()!;
    const field = path || root;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) throw refuse(field, 'innehåller ett NUL-tecken, vilket inte är tillåtet');
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= INPUT_LIMITS.maxDepth) throw refuse(field, `är för djupt nästlat (högst ${INPUT_LIMITS.maxDepth} nivåer)`);
    const entries = Array.isArray(current) ? current.map((v, i) => [String(i), v] as const) : Object.entries(current);
    if (!Array.isArray(current)) {
      keys += entries.length;
      if (keys > INPUT_LIMITS.maxKeys) throw refuse(root, `har för många fält (högst ${INPUT_LIMITS.maxKeys})`);
    }
    for (const [key, child] of entries) {
      if (key.includes('\u0000')) throw refuse(field, 'har ett fältnamn med ett NUL-tecken, vilket inte är tillåtet');
      stack.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
}
