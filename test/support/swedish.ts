/** Words that class-validator, Express and Nest put into their English defaults. */
const ENGLISH =
  /\b(must|should|each value|property|longer|shorter|characters|unknown value|is not|not exist|invalid|error|bad request|internal)\b/i;

/** Whether an error answer's `message` reads as one of ours: present, Swedish, short. */
export function swedishProblem(body: unknown): string | null {
  const message = (body as { message?: unknown } | undefined)?.message;
  if (typeof message !== 'string' || !message.trim()) return `no message in ${JSON.stringify(body)?.slice(0, 200)}`;
  if (ENGLISH.test(message)) return `English in message: ${message.slice(0, 300)}`;
  for (const f of (body as { fields?: { message: string }[] }).fields ?? []) {
    if (ENGLISH.test(f.message)) return `English in a field message: ${f.message}`;
  }
  return null;
}
