import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { client, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import { threadQuery } from '../api/queries';
import type { components } from '../api/schema';
import { formatDate, formatDateTime } from '../format';
import { myUnitsWith, useMe } from '../session';
import { SIP_PLATS, SIP_RESULTAT, SIP_TYP, SipEntryForm, SipPlanForm, type SipUnit } from './sip-plan-form';

type SipPlan = components['schemas']['SipPlanDto'];
const label = (table: Record<string, string>, code: string) => table[code] ?? code;

/** Prints the plan alone (styles.css hides the rest while body has print-sip). */
function printPlan(): void {
  document.body.classList.add('print-sip');
  window.print();
  document.body.classList.remove('print-sip');
}

/**
 * The SIP plan (samordnad individuell plan) of the thread: the current version with its history,
 * who has accepted their part, follow-ups and evaluations. A summoned unit writes a new version
 * here (sip-plan-form.tsx), a unit with a part accepts it, and any of them adds a follow-up.
 */
export function SipPlanPanel({ threadId, version, closed }: { threadId: string; version: number; closed: boolean }) {
  const me = useMe();
  const qc = useQueryClient();
  const key = ['sip-plan', threadId, version];
  const answer = useQuery({
    queryKey: key,
    queryFn: () => unwrap(client.GET('/api/threads/{id}/sip-plan', { params: { path: { id: threadId } } })),
    // A new message re-reads the plan; the panel (and a form being filled in) stays meanwhile.
    placeholderData: keepPreviousData,
  });
  // The thread page has read the thread already: its participants are the units the form offers.
  const thread = useQuery({ ...threadQuery(threadId), staleTime: Infinity }).data;
  const [error, setError] = useState<string | undefined>();
  const [editing, setEditing] = useState<'plan' | 'entry' | null>(null);
  const [saved, setSaved] = useState<string | undefined>();
  const show = (plan: SipPlan, what: string) => {
    qc.setQueryData(key, plan);
    setEditing(null);
    setError(undefined);
    setSaved(what);
  };
  const accept = useMutation({
    mutationFn: (v: number) =>
      unwrap(client.POST('/api/threads/{id}/sip-plan/accept', { params: { path: { id: threadId } }, body: { version: v } })),
    onSuccess: (plan) => show(plan, `Er del av version ${plan.current?.version ?? ''} är godkänd.`),
    onError: (e) => {
      setError(e instanceof ApiError ? e.message : 'Det gick inte att godkänna. Försök igen.');
      // A newer version or another unit's answer: show what the plan is now.
      if (e instanceof ApiError && e.status === 409) void answer.refetch();
    },
  });
  const plan = answer.data;
  if (!plan || (!plan.current && !plan.mayEdit)) return null;
  const c = plan.current;
  const units: SipUnit[] = (thread?.participants ?? []).map((p) => ({ id: p.unitId, name: p.name, organisationName: p.organisationName }));
  const myUnits = thread ? myUnitsWith(me, thread, 'message.post').map((m) => m.unitId) : [];
  const myUnitId = myUnits[0];
  // Follow-ups are written by the summoned units (mayEdit) and by the units with a part.
  const hasPart = !!c && [...c.accepterade, ...c.vantarPa].some((a) => myUnits.includes(a.unitId));
  const writable = !closed;
  return (
    <section className="panel sip-plan" aria-labelledby="sip-title">
      <h2 id="sip-title">{c ? `SIP-plan (version ${c.version})` : 'SIP-plan'}</h2>
      {saved && (
        <p className="sip-saved small" role="status">
          {saved}
        </p>
      )}
      {!c ? (
        <p className="muted small">Ingen SIP-plan är skriven ännu. Den skrivs av de enheter som kallats till SIP.</p>
      ) : (
        <>
          <p className="muted small">
            {label(SIP_TYP, c.typ)}, {label(SIP_PLATS, c.plats).toLowerCase()} {formatDate(c.motesdatum)}. SIP-ansvarig:{' '}
            {c.sipAnsvarigEnhetNamn}
            {c.sipAnsvarigNamn ? ` (${c.sipAnsvarigNamn})` : ''}. Personen deltog: {c.patientenDeltog ? 'ja' : 'nej'}; närstående deltog:{' '}
            {c.narstaendeDeltog ? 'ja' : 'nej'}.
          </p>
          {c.deltagandeEnheter.length > 0 && <p className="small">Deltagande enheter: {c.deltagandeEnheter.join(', ')}.</p>}
          <h3>Situation</h3>
          <p className="sip-text">{c.situation}</p>
          <h3>Mål (personens egna ord)</h3>
          <ul>
            {c.mal.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
          <h3>Insatser</h3>
          {c.insatser.length === 0 ? (
            <p className="muted small">Inga insatser.</p>
          ) : (
            <ul>
              {c.insatser.map((i, n) => (
                <li key={n}>
                  <strong>{i.vad}</strong> – {i.enhetNamn} ({i.organisationNamn}), från {formatDate(i.fran)}, {i.hurOfta}
                </li>
              ))}
            </ul>
          )}
          <p>Uppföljning: {formatDate(c.uppfoljningsdatum)}</p>
          <p className="small">
            Godkänt: {c.accepterade.length ? c.accepterade.map((a) => a.unitName).join(', ') : 'ingen ännu'}
            {c.vantarPa.length > 0 && `; väntar på ${c.vantarPa.map((a) => a.unitName).join(', ')}`}.
          </p>
          {plan.entries.length > 0 && (
            <>
              <h3>Uppföljning och utvärdering</h3>
              <ul className="sip-entries">
                {plan.entries.map((e) => (
                  <li key={e.id}>
                    {e.typ === 'uppfoljning' ? 'Uppföljning' : 'Utvärdering'} {formatDate(e.datum)} ({e.unitName}, version {e.version}):{' '}
                    {e.text}
                    {e.malResultat.length > 0 &&
                      ` – mål: ${e.malResultat.map((r, i) => `${i + 1} ${label(SIP_RESULTAT, r).toLowerCase()}`).join(', ')}`}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>Versioner</h3>
          <ol className="sip-history" reversed>
            {plan.history.map((h) => (
              <li key={h.version}>
                Version {h.version}: {h.createdByUnitName}, {formatDateTime(h.createdAt)}
                {h.version === c.version ? ' (gällande)' : ''}
              </li>
            ))}
          </ol>
        </>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="sip-actions">
        {writable && c && plan.mayAccept.length > 0 && (
          <button type="button" disabled={accept.isPending} onClick={() => accept.mutate(c.version)}>
            Godkänn vår del av version {c.version}
          </button>
        )}
        {writable && plan.mayEdit && editing !== 'plan' && (
          <button
            type="button"
            className={c ? 'secondary' : undefined}
            onClick={() => {
              setSaved(undefined);
              setEditing('plan');
            }}
          >
            {c ? 'Ändra planen (ny version)' : 'Skriv SIP-plan'}
          </button>
        )}
        {writable && c && editing !== 'entry' && (plan.mayEdit || hasPart) && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setSaved(undefined);
              setEditing('entry');
            }}
          >
            Lägg till uppföljning
          </button>
        )}
        {c && (
          <button type="button" className="secondary" onClick={printPlan}>
            Skriv ut SIP-planen
          </button>
        )}
      </div>
      {writable && editing === 'plan' && (
        <SipPlanForm
          threadId={threadId}
          plan={plan}
          units={units}
          myUnitId={myUnitId}
          onSaved={(p) => show(p, `Version ${p.current?.version ?? ''} är sparad.`)}
          onCancel={() => setEditing(null)}
          onStale={() => void answer.refetch()}
        />
      )}
      {writable && c && editing === 'entry' && (
        <SipEntryForm
          threadId={threadId}
          goals={c.mal}
          onSaved={(p) => show(p, 'Anteckningen är sparad.')}
          onCancel={() => setEditing(null)}
        />
      )}
    </section>
  );
}
