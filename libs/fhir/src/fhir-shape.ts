/**
 * The shape FHIR's JSON allows, judged instead of the api's generic limits (INPUT_LIMITS: 5,000
 * keys, 16 levels), which a valid message outgrows: a Bundle of 1,000 entries has tens of
 * thousands of keys. FHIR sets no limit on entries; the size is bounded by FHIR_MAX_BODY_BYTES.
 * What remains is what would hurt the readers: nesting deeper than any resource has (the
 * validators walk it recursively), and a NUL, which no FHIR string may hold (string and code
 * are `[ \r\n\t\S]+`) and PostgreSQL refuses. Iterative, so a hostile depth cannot overflow it.
 */
export const FHIR_MAX_DEPTH = 64;

export interface ShapeProblem {
  text: string;
  expression: string;
}

export function fhirShapeProblem(body: unknown): ShapeProblem | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: 'Bundle', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { text: 'Ett värde innehåller ett NUL-tecken, som FHIR inte tillåter.', expression: path };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= FHIR_MAX_DEPTH)
      return { text: `Meddelandet är djupare nästlat än någon FHIR-resurs (högst ${FHIR_MAX_DEPTH} nivåer).`, expression: path };
    if (Array.isArray(value)) value.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
    else
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000')) return { text: 'Ett fältnamn innehåller ett NUL-tecken.', expression: path };
        stack.push({ value: item, path: `${path}.${key}`, depth: depth + 1 });
      }
  }
  return undefined;
}
