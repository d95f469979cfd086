import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, query } from '../api';
import { PageHeading } from '../components/page-heading';
import { Alert, Loading, TextField } from '../components/ui';
import { formatDateTime, fromLocalInput } from '../format';
import type { AuditEntry, VerifyResult } from '../types';

const ACTIONS: Record<string, string> = {
  'thread.list': 'Läste ärendelistan',
  'thread.read': 'Läste ärende',
  'thread.create': 'Skapade ärende',
  'message.list': 'Läste meddelanden',
  'message.create': 'Skrev meddelande',
  'receipt.create': 'Markerade som läst',
  'receipt.list': 'Läste läskvitton',
  'checklist.read': 'Läste checklistor',
  'checklist.apply': 'Lade till checklista',
  'checklist.change': 'Ändrade checklistpunkt',
  'checklist.history': 'Läste punktens historik',
  'readiness.change': 'Ändrade redo-status',
  'template.list': 'Läste mallar',
  'template.change': 'Ändrade mall',
  'audit.list': 'Läste åtkomstloggen',
  'audit.verify': 'Kontrollerade loggkedjan',
  'route.denied': 'Nekad åtkomst',
  'auth.login': 'Inloggning',
  'auth.logout': 'Utloggning',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Filters {
  patientId: string;
  userId: string;
  threadId: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { patientId: '', userId: '', threadId: '', from: '', to: '' };
const LABELS: Record<keyof Filters, string> = { patientId: 'Patient-id', userId: 'Användar-id', threadId: 'Ärende-id', from: 'Från', to: 'Till' };

function details(d: Record<string, unknown> | null): string {
  if (!d) return '';
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

/** The access log for log reviewers: filter, page backwards, and check the hash chain. */
export function AuditView() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof Filters, string>>>({});
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verify, setVerify] = useState<VerifyResult | 'running' | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);

  const params = (f: Filters, before?: string) =>
    query({
      patientId: f.patientId,
      userId: f.userId,
      threadId: f.threadId,
      from: f.from ? (fromLocalInput(f.from) ?? undefined) : undefined,
      to: f.to ? (fromLocalInput(f.to) ?? undefined) : undefined,
      before,
      limit: 50,
    });

  const load = useCallback((f: Filters, before?: string) => {
    setError(null);
    api
      .get<{ entries: AuditEntry[]; nextBefore: string | null }>(`/api/audit${params(f, before)}`)
      .then((r) => {
        setEntries((prev) => (before && prev ? [...prev, ...r.entries] : r.entries));
        setNextBefore(r.nextBefore);
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && Object.keys(e.fields).length) setErrors(e.fields as Partial<Record<keyof Filters, string>>);
        setError(e instanceof Error ? e.message : String(e));
      });
  }, []);

  const runVerify = useCallback(() => {
    setVerify('running');
    setVerifyError(null);
    api
      .get<VerifyResult>('/api/audit/verify')
      .then(setVerify)
      .catch((e: unknown) => {
        setVerify(null);
        setVerifyError(e instanceof Error ? e.message : String(e));
      });
  }, []);

  useEffect(() => {
    load(EMPTY);
    runVerify();
  }, [load, runVerify]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Partial<Record<keyof Filters, string>> = {};
    for (const k of ['patientId', 'userId', 'threadId'] as const) {
      if (draft[k].trim() && !UUID.test(draft[k].trim())) found[k] = 'Ange ett id (UUID), t.ex. från ärendets adress.';
    }
    for (const k of ['from', 'to'] as const) if (draft[k] && !fromLocalInput(draft[k])) found[k] = 'Ange datum och klockslag.';
    if (draft.from && draft.to && draft.from > draft.to) found.to = 'Slutet kan inte vara före början.';
    setErrors(found);
    if (Object.keys(found).length) return;
    const f = { ...draft, patientId: draft.patientId.trim(), userId: draft.userId.trim(), threadId: draft.threadId.trim() };
    setFilters(f);
    setEntries(null);
    load(f);
  };
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));

  return (
    <section className="page" aria-labelledby="audit-title">
      <PageHeading title="Åtkomstlogg" id="audit-title" />
      <p className="sub">Varje läsning och ändring av patientuppgifter, och varje nekat försök. Loggen kan inte ändras i efterhand: varje rad är kedjad till den förra.</p>
      <section className="verify" aria-labelledby="verify-title">
        <h2 id="verify-title">Kedjekontroll</h2>
        <div role="status" aria-live="polite">
          {verify === 'running' && <p>Kontrollerar kedjan …</p>}
          {verify && verify !== 'running' && verify.ok && (
            <p className="verify-ok">
              <span aria-hidden="true">✓ </span>Kedjan är hel: {verify.checkedRows} rader kontrollerade
              {verify.lastSeq ? ` (till och med rad ${verify.lastSeq})` : ''}.
            </p>
          )}
          {verify && verify !== 'running' && !verify.ok && (
            <p className="verify-broken">
              <span aria-hidden="true">✗ </span>Kedjan är bruten vid rad {verify.firstBroken?.seq}: {verify.firstBroken?.reason}. {verify.checkedRows} rader
              kontrollerades före felet. Kontakta säkerhetsansvarig.
            </p>
          )}
          {verifyError && <Alert>{verifyError}</Alert>}
        </div>
        <button type="button" className="secondary" onClick={runVerify} disabled={verify === 'running'}>
          Kontrollera igen
        </button>
      </section>
      <form className="filters audit-filters" onSubmit={submit} noValidate aria-label="Filtrera loggen">
        <TextField label={LABELS.patientId} value={draft.patientId} onChange={set('patientId')} error={errors.patientId} autoComplete="off" />
        <TextField label={LABELS.threadId} value={draft.threadId} onChange={set('threadId')} error={errors.threadId} autoComplete="off" />
        <TextField label={LABELS.userId} value={draft.userId} onChange={set('userId')} error={errors.userId} autoComplete="off" />
        <TextField label={LABELS.from} type="datetime-local" value={draft.from} onChange={set('from')} error={errors.from} />
        <TextField label={LABELS.to} type="datetime-local" value={draft.to} onChange={set('to')} error={errors.to} />
        <div className="buttons filter-buttons">
          <button type="submit">Filtrera</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft(EMPTY);
              setErrors({});
              setFilters(EMPTY);
              setEntries(null);
              load(EMPTY);
            }}
          >
            Rensa
          </button>
        </div>
      </form>
      {error && <Alert title="Loggen kunde inte hämtas">{error}</Alert>}
      {!entries && !error && <Loading text="Hämtar loggen …" />}
      {entries && (
        <>
          <p className="result-count" role="status">
            {entries.length === 0 ? 'Inga rader matchar filtret.' : `Visar ${entries.length} rader, nyast först.`}
          </p>
          {entries.length > 0 && (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Loggrader">
              <table className="audit-table">
                <thead>
                  <tr>
                    <th scope="col">Rad</th>
                    <th scope="col">Tid</th>
                    <th scope="col">Användare</th>
                    <th scope="col">Roll</th>
                    <th scope="col">Händelse</th>
                    <th scope="col">Utfall</th>
                    <th scope="col">Patient / ärende</th>
                    <th scope="col">Från adress</th>
                    <th scope="col">Detaljer</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.seq} className={e.outcome === 'allowed' ? undefined : 'denied'}>
                      <td>{e.seq}</td>
                      <td className="nowrap">{formatDateTime(e.occurredAt)}</td>
                      <td>{e.userName ?? <span className="muted">okänd</span>}</td>
                      <td>{e.role ?? '–'}</td>
                      <td>{ACTIONS[e.action] ?? e.action}</td>
                      <td>
                        {e.outcome === 'allowed' ? (
                          <span className="state state-klar">Tillåten</span>
                        ) : (
                          <span className="state state-denied">
                            <span aria-hidden="true">✗ </span>Nekad
                          </span>
                        )}
                      </td>
                      <td className="ids">
                        {e.patientId && (
                          <button type="button" className="link-button" onClick={() => setDraft((d) => ({ ...d, patientId: e.patientId! }))} title="Använd som filter">
                            P: {e.patientId.slice(0, 8)}
                          </button>
                        )}
                        {e.threadId && (
                          <button type="button" className="link-button" onClick={() => setDraft((d) => ({ ...d, threadId: e.threadId! }))} title="Använd som filter">
                            Ä: {e.threadId.slice(0, 8)}
                          </button>
                        )}
                      </td>
                      <td>{e.clientAddress ?? '–'}</td>
                      <td className="details">{details(e.details)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {nextBefore && (
            <button type="button" className="secondary" onClick={() => load(filters, nextBefore)}>
              Visa äldre rader
            </button>
          )}
        </>
      )}
    </section>
  );
}
