/** Skatteverket's published test personal identity numbers. */
export const TEST_PERSONNUMMER = ['190006129803', '190704019801', '190108219817', '189103179801'] as const;

export function newThreadBody(participantUnitIds: string[], patient: Record<string, unknown> = {}) {
  return {
    patient: { personnummer: '19000612-9803', givenName: 'Tekla', familyName: 'Testsson', ...patient },
    participantUnitIds,
    triage: 'gul' as const,
  };
}
