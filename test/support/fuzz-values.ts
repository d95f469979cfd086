/**
 * Malformed values for the fuzz test: wrong types, edge numbers, huge and deep values, control
 * and bidi characters, look-alike ids. `REMOVE` drops the field (a missing field). Kept short on
 * purpose: the whole fuzz must stay under a minute on a busy machine; the finer cases of each kind
 * (dates, newlines in names, booleans) are in validation and hardening tests.
 */
export const REMOVE = Symbol('remove');

const deep = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

export const FIELD_VALUES: readonly unknown[] = [
  REMOVE,
  null,
  -1,
  1.5,
  1e308,
  '99999999999999999999',
  '',
  '   ',
  'x'.repeat(20_000),
  'a\u0000b',
  'Ordination: \u202Egm 005',
  'a\u0007\u001Bb',
  [],
  Array.from({ length: 300 }, (_, i) => `v${i}`),
  JSON.parse('{"$ne":null,"__proto__":{"admin":true}}') as unknown,
  deep(40),
  'inte-ett-id',
  '00000000-0000-0000-0000-000000000000',
  "'; DROP TABLE thread; --",
];

/** Query values are strings: the distinct ones that matter (one URL over Node's 16 KB header limit). */
export const QUERY_VALUES: readonly (string | typeof REMOVE)[] = [
  REMOVE,
  '',
  '-1',
  '1.5',
  '1e308',
  '99999999999999999999',
  'x'.repeat(20_000),
  'a\u0000b',
  'a\u202Eb',
  'inte-ett-id',
  '2026-02-30',
  "'; DROP TABLE thread; --",
];

/** A smaller set for socket events (each costs a token of the per-connection rate limit). */
export const SOCKET_VALUES: readonly unknown[] = [REMOVE, null, -1, 1e308, '', 'a\u0000b', 'x\u202Ey', 'x'.repeat(5_000), {}, deep(40)];

/** Whole request bodies that are not what any route expects. */
export const RAW_BODIES: readonly { contentType: string; body: string }[] = [
  { contentType: 'application/json', body: '' },
  { contentType: 'application/json', body: 'null' },
  { contentType: 'application/json', body: '[]' },
  { contentType: 'application/json', body: '"text"' },
  { contentType: 'application/json', body: '12' },
  { contentType: 'application/json', body: '{"a":' },
  { contentType: 'application/json', body: '{"a":'.repeat(3000) + '1' + '}'.repeat(3000) },
  { contentType: 'application/json', body: JSON.stringify(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]))) },
  { contentType: 'application/json', body: '{"\\u0000":1}' },
  { contentType: 'application/json', body: JSON.stringify({ x: 'y'.repeat(300_000) }) },
  { contentType: 'text/plain', body: 'hej' },
  { contentType: 'application/x-www-form-urlencoded', body: 'a=1&a=2&b[c]=3&%00=%00' },
];

/** Path parameter values other than a real id. */
export const PATH_VALUES: readonly string[] = [
  '00000000-0000-0000-0000-000000000000',
  'inte-ett-id',
  '1',
  'x'.repeat(3000),
  '%00',
  '%E2%80%AE',
  '..%2F..%2Fetc',
  "'%20OR%201=1",
];

/** A copy of `base` with `field` (a.b for one level down) set to `value`, or removed. */
export function mutate(base: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(base);
  const [head, tail] = field.split('.');
  const target = (tail ? (copy[head] as Record<string, unknown>) : copy) ?? {};
  const key = tail ?? head;
  if (value === REMOVE) delete target[key];
  else target[key] = value;
  return copy;
}
