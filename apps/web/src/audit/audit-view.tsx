import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { client, unwrap, unwrapFile } from '../api/client';
import { ApiError } from '../api/errors';
import { auditVerifyQuery, unitsQuery } from '../api/queries';
import { PageHeading } from '../components/page-heading';
import { Alert, Loading, SelectField, TextField } from '../components/ui';
import { formatDateTime, fromLocalInput } from '../format';

interface Filters {
  identityNumber: string;
  person: string;
  unitId: string;
  threadId: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { identityNumber: '', person: '', unitId: '', threadId: '', from: '', to: '' };
const LABELS: Record<keyof Filters, string> = {
  identityNumber: 'Patientens personnummer',
  person: 'Person (namn, HSA-id eller personnummer)',
  unitId: 'Enhet',
  threadId: 'Ärende-id',
  from: 'Från',
  to: 'Till',
};
const PERSONNUMMER = /^(\d{6}|\d{8})[-+]?\d{4}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function details(d: Record<string, unknown> | null): string {
  if (!d) return '';
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

const searchKey = (f: Filters) => ['audit-search', f] as const;

/** The search's body: the set filters only, times as ISO. */
function searchBody(f: Filters, before?: string) {
  const body = {
    identityNumber: f.identityNumber || undefined,
    person: f.person || undefined,
    unitId: f.unitId || undefined,
    threadId: f.threadId || undefined,
    from: f.from ? (fromLocalInput(f.from) ?? undefined) : undefined,
    to: f.to ? (fromLocalInput(f.to) ?? undefined) : undefined,
    before,
    limit: 50,
  };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as typeof body;
}

/** The access log for log reviewers: filter, page backwards, and check the hash chain. */
export function AuditView() {
  const qc = useQueryClient();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof Filters, string>>>({});
  const units = useQuery(unitsQuery()).data ?? [];
  const verifying = useQuery(auditVerifyQuery());
  // "running" while a check is under way, as before (the button and the status line show it).
  const verify = verifying.isFetching ? ('running' as const) : (verifying.data ?? null);
  const verifyError = verifying.isFetching ? null : (verifying.error?.message ?? null);
  // Personnummer and names go in the body (POST /api/audit/search), never in the address.
  const search = useInfiniteQuery({
    queryKey: searchKey(filters),
    queryFn: ({ pageParam }) => unwrap(client.POST('/api/audit/search', { body: searchBody(filters, pageParam) })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextBefore ?? undefined,
  });
  const entries = search.data?.pages.flatMap((p) => p.entries) ?? null;
  const nextBefore = search.hasNextPage;
  const error = search.error?.message ?? null;
  const searchFields = search.error instanceof ApiError ? search.error.fields : {};
  const shownErrors = { ...searchFields, ...errors } as Partial<Record<keyof Filters, string>>;
  /** A search, again from the newest row even when the filter is unchanged. */
  const load = (f: Filters) => {
    setFilters(f);
    void qc.resetQueries({ queryKey: searchKey(f), exact: true });
  };
  const runVerify = () => void verifying.refetch();

  /** Loggutdrag for the patient and period in the form: a CSV file, or a printable page in a new tab. */
  const extract = (format: 'csv' | 'html') => {
    if (!PERSONNUMMER.test(draft.identityNumber.trim())) {
      setErrors({ identityNumber: 'Ange patientens personnummer (ÅÅÅÅMMDD-NNNN) för ett loggutdrag.' });
      return;
    }
    const from = draft.from ? fromLocalInput(draft.from) : undefined;
    const to = draft.to ? fromLocalInput(draft.to) : undefined;
    extractFile.mutate({ identityNumber: draft.identityNumber.trim(), format, ...(from ? { from } : {}), ...(to ? { to } : {}) });
  };
  const extractFile = useMutation({
    mutationFn: (body: { identityNumber: string; format: 'csv' | 'html'; from?: string; to?: string }) =>
      unwrapFile(client.POST('/api/audit/extract', { body, parseAs: 'blob' })),
    onSuccess: ({ blob }, { format }) => {
      const url = URL.createObjectURL(blob);
      if (format === 'csv') {
        const a = document.createElement('a');
        a.href = url;
        a.download = 'loggutdrag.csv';
        a.click();
      } else {
        window.open(url, '_blank', 'noopener');
      }
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  });
  const extracting = extractFile.isPending;
  const failure = error ?? (extractFile.error ? extractFile.error.message : null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Partial<Record<keyof Filters, string>> = {};
    if (draft.identityNumber.trim() && !PERSONNUMMER.test(draft.identityNumber.trim()))
      found.identityNumber = 'Ange ett personnummer, t.ex. 19121212-1212.';
    if (draft.threadId.trim() && !UUID.test(draft.threadId.trim())) found.threadId = 'Ange ett ärende-id, t.ex. från ärendets adress.';
    if (draft.person.trim() && draft.person.trim().length < 2) found.person = 'Skriv minst två tecken.';
    for (const k of ['from', 'to'] as const) if (draft[k] && !fromLocalInput(draft[k])) found[k] = 'Ange datum och klockslag.';
    if (draft.from && draft.to && draft.from > draft.to) found.to = 'Slutet kan inte vara före början.';
    setErrors(found);
    if (Object.keys(found).length) return;
    const f = { ...draft, identityNumber: draft.identityNumber.trim(), person: draft.person.trim(), threadId: draft.threadId.trim() };
    load(f);
  };
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));

  return (
    <section className="page" aria-labelledby="audit-title">
      <PageHeading title="Åtkomstlogg" id="audit-title" />
      <p className="sub">
        Varje läsning och ändring av patientuppgifter, och varje nekat försök. Loggen kan inte ändras i efterhand: varje rad är kedjad till
        den förra.
      </p>
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
              <span aria-hidden="true">✗ </span>Kedjan är bruten vid rad {verify.firstBroken?.seq}: {verify.firstBroken?.reason}.{' '}
              {verify.checkedRows} rader kontrollerades före felet. Kontakta säkerhetsansvarig.
            </p>
          )}
          {verifyError && <Alert>{verifyError}</Alert>}
        </div>
        <button type="button" className="secondary" onClick={runVerify} disabled={verify === 'running'}>
          Kontrollera igen
        </button>
      </section>
      <form className="filters audit-filters" onSubmit={submit} noValidate aria-label="Filtrera loggen">
        <TextField
          label={LABELS.identityNumber}
          value={draft.identityNumber}
          onChange={set('identityNumber')}
          error={shownErrors.identityNumber}
          autoComplete="off"
          inputMode="numeric"
        />
        <TextField label={LABELS.person} value={draft.person} onChange={set('person')} error={shownErrors.person} autoComplete="off" />
        <SelectField label={LABELS.unitId} value={draft.unitId} onChange={set('unitId')}>
          <option value="">Alla enheter</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} ({u.organisationName})
            </option>
          ))}
        </SelectField>
        <TextField
          label={LABELS.threadId}
          value={draft.threadId}
          onChange={set('threadId')}
          error={shownErrors.threadId}
          autoComplete="off"
        />
        <TextField label={LABELS.from} type="datetime-local" value={draft.from} onChange={set('from')} error={shownErrors.from} />
        <TextField label={LABELS.to} type="datetime-local" value={draft.to} onChange={set('to')} error={shownErrors.to} />
        <div className="buttons filter-buttons">
          <button type="submit">Sök</button>
          <button type="button" className="secondary" onClick={() => extract('csv')} disabled={extracting}>
            Loggutdrag (CSV)
          </button>
          <button type="button" className="secondary" onClick={() => extract('html')} disabled={extracting}>
            Loggutdrag (utskrift)
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft(EMPTY);
              setErrors({});
              load(EMPTY);
            }}
          >
            Rensa
          </button>
        </div>
      </form>
      {failure && <Alert title="Loggen kunde inte hämtas">{failure}</Alert>}
      {!entries && !failure && <Loading text="Hämtar loggen …" />}
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
                    <th scope="col">Vem</th>
                    <th scope="col">Enhet</th>
                    <th scope="col">Händelse</th>
                    <th scope="col">Utfall</th>
                    <th scope="col">Patient</th>
                    <th scope="col">Ärende</th>
                    <th scope="col">Från adress</th>
                    <th scope="col">Detaljer</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.line} className={e.outcome === 'allowed' ? undefined : 'denied'}>
                      <td>{e.seq}</td>
                      <td className="nowrap">{formatDateTime(e.occurredAt)}</td>
                      <td>
                        {e.userName ?? <span className="muted">okänd</span>}
                        {e.roleLabel && <span className="muted"> ({e.roleLabel})</span>}
                      </td>
                      <td>{e.unitName ? `${e.unitName}, ${e.organisationName}` : '–'}</td>
                      <td>{e.actionLabel}</td>
                      <td>
                        {e.outcome === 'allowed' ? (
                          <span className="state state-klar">Tillåten</span>
                        ) : (
                          <span className="state state-denied">
                            <span aria-hidden="true">✗ </span>Nekad
                          </span>
                        )}
                      </td>
                      <td>
                        {e.patient ? `${e.patient.identityNumber}${e.patient.name ? `, ${e.patient.name}` : ' (skyddad identitet)'}` : '–'}
                      </td>
                      <td className="ids">
                        {e.threadId && (
                          <button
                            type="button"
                            className="link-button"
                            onClick={() => setDraft((d) => ({ ...d, threadId: e.threadId! }))}
                            title="Använd som filter"
                          >
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
            <button type="button" className="secondary" onClick={() => void search.fetchNextPage()}>
              Visa äldre rader
            </button>
          )}
        </>
      )}
    </section>
  );
}
