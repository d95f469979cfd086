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
