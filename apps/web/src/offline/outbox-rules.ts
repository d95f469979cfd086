/** Pure (no browser APIs): the unit tests import it under the server's compiler settings. */
type Act = { action: string; required?: boolean };

/**
 * Consequential acts, asked again at sync: those that change whether the patient is hemgångsklar
 * (readiness, a required checklist item) and declining a SIP meeting.
 */
export function asksAgain(item: Act): boolean {
  return (
    item.action === 'redo' ||
    item.action === 'redo_aterkallad' ||
    item.action === 'sip_avbojer' ||
    (item.action === 'punkt' && !!item.required)
  );
}

/** What the second question says about the act. */
export function consequence(item: Act): string {
  if (item.action === 'sip_avbojer') return 'Detta tackar nej till SIP-mötet. ';
  return asksAgain(item) ? 'Detta ändrar om patienten är hemgångsklar. ' : '';
}

/** Not an answer about the act itself (no network, the session ended, the server busy): it stays queued. */
export function triesAgain(status: number): boolean {
  return status === 0 || status === 401 || status >= 500;
}

/** Why the server refused a queued act, as the user needs to hear it (the server's sentence is Swedish). */
export function refusalText(status: number, message: string, item: Act): string {
  if (status === 404) return 'Inte skickat: du har inte längre tillgång till ärendet.';
  if (status === 409 && item.action === 'punkt') {
    return `Inte skickat: punkten ändrades av någon annan medan du var utan täckning. ${message}`;
  }
  if (status === 409) return `Inte skickat: ärendet ändrades medan du var utan täckning. ${message}`;
  return `Inte skickat: ${message}`;
}
