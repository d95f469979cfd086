import { queryOptions, useQuery } from '@tanstack/react-query';
import { client, unwrap } from '../api/client';
import { keys } from '../api/queries';
import { Alert, CheckboxField, TextArea } from '../components/ui';

/** GET …/discharge-check: what a discharge at `at` would not fit in the plan (kept current by live events). */
export const dischargeCheckQuery = (threadId: string, at: string) =>
  queryOptions({
    queryKey: keys.dischargeCheck(threadId, at),
    queryFn: () => unwrap(client.GET('/api/threads/{id}/discharge-check', { params: { path: { id: threadId }, query: { at } } })),
  });

export function useDischargeConflicts(threadId: string, at: string | null, enabled: boolean) {
  const check = useQuery({
    ...dischargeCheckQuery(threadId, at ?? ''),
    enabled: enabled && at !== null,
    placeholderData: (previous) => previous,
  });
  return { conflicts: check.data?.conflicts ?? [], loaded: check.data !== undefined, refetch: () => void check.refetch() };
}

interface Props {
  conflicts: { message: string }[];
  loaded: boolean;
  confirmed: boolean;
  reason: string;
  errors: Record<string, string>;
  onConfirm: (on: boolean) => void;
  onReason: (text: string) => void;
}

/**
 * Before the ward sends an utskrivningsmeddelande: what in the plan does not fit the discharge time
 * (units not ready, the pick-up later, open items, an avbrott). Sending anyway needs a confirmation
 * and a reason, which become part of the message every participant reads.
 */
export function DischargeConflicts({ conflicts, loaded, confirmed, reason, errors, onConfirm, onReason }: Props) {
  if (!loaded) return null;
  if (!conflicts.length) {
    return (
      <p className="ok-line discharge-ok" role="status">
        <span aria-hidden="true">✓ </span>Utskrivningstiden stämmer med planen.
      </p>
    );
  }
  return (
    <section className="discharge-check field-wide" aria-label="Kontroll mot planen">
      <Alert kind="warning" title="Utskrivningen stämmer inte med planen">
        <ul aria-label="Det här stämmer inte">
          {conflicts.map((c) => (
            <li key={c.message}>{c.message}</li>
          ))}
        </ul>
      </Alert>
      <CheckboxField
        label="Skriv ut ändå – jag bekräftar avvikelserna"
        checked={confirmed}
        aria-invalid={errors.bekraftaTrotsKonflikter ? true : undefined}
        onChange={(e) => onConfirm(e.target.checked)}
        hint="Bekräftelsen och orsaken visas för alla som deltar i ärendet och räknas i statistiken."
      />
      {errors.bekraftaTrotsKonflikter && (
        <p className="field-error">
          <span aria-hidden="true">⚠ </span>
          {errors.bekraftaTrotsKonflikter}
        </p>
      )}
      {confirmed && (
        <TextArea
          label="Orsak till att patienten skrivs ut ändå"
          required
          rows={2}
          maxLength={1000}
          value={reason}
          error={errors.orsak}
          onChange={(e) => onReason(e.target.value)}
        />
      )}
    </section>
  );
}

/**
 * In the timeline: a discharge that went against the plan, with what did not fit and the ward's
 * reason — or, from an import, that nobody confirmed it. Every participant sees it.
 */
export function RecordedConflicts({ payload }: { payload: Record<string, unknown> }) {
  const conflicts = Array.isArray(payload.konflikter) ? payload.konflikter.map(String) : [];
  if (!conflicts.length) return null;
  const confirmed = payload.konfliktStatus === 'bekraftad';
  return (
    <div className="discharge-recorded" aria-label="Utskriven före hemgångsklar">
      <p className="alert-title">
        <span aria-hidden="true">⚠ </span>Utskriven trots att planen inte stämde
        {confirmed ? ' – bekräftat av avdelningen' : ' – inte bekräftat (kom från avsändarens system)'}
      </p>
      <ul>
        {conflicts.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      {confirmed && typeof payload.orsak === 'string' && (
        <p>
          <strong>Orsak:</strong> {payload.orsak}
        </p>
      )}
    </div>
  );
}
