import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { client, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import { formatDate, formatDateTime } from '../format';

const PLATS: Record<string, string> = { i_hemmet: 'I hemmet', pa_sjukhuset: 'På sjukhuset', digitalt: 'Digitalt', annat: 'Annat' };
const TYP: Record<string, string> = { forebyggande: 'Förebyggande', vid_utskrivning: 'Vid utskrivning' };
const RESULTAT: Record<string, string> = { uppnatt: 'uppnått', delvis: 'delvis uppnått', ej_uppnatt: 'ej uppnått' };

/** Prints the plan alone (styles.css hides the rest while body has print-sip). */
function printPlan(): void {
  document.body.classList.add('print-sip');
  window.print();
  document.body.classList.remove('print-sip');
}

/**
 * The SIP plan (samordnad individuell plan) of the thread: the current version with its history,
 * who has accepted their part, follow-ups and evaluations. A unit with a part accepts it here.
 * Versions are written through the api (POST /api/threads/:id/sip-plan) by the summoned units.
 */
export function SipPlanPanel({ threadId, version, closed }: { threadId: string; version: number; closed: boolean }) {
  const answer = useQuery({
    queryKey: ['sip-plan', threadId, version],
    queryFn: () => unwrap(client.GET('/api/threads/{id}/sip-plan', { params: { path: { id: threadId } } })),
  });
  const [error, setError] = useState<string | undefined>();
  const accept = useMutation({
    mutationFn: (v: number) =>
      unwrap(client.POST('/api/threads/{id}/sip-plan/accept', { params: { path: { id: threadId } }, body: { version: v } })),
    onSuccess: () => void answer.refetch(),
    onError: (e) => setError(e instanceof ApiError ? e.message : 'Det gick inte att acceptera. Försök igen.'),
  });
  const plan = answer.data;
  if (!plan?.current) return null;
  const c = plan.current;
  return (
    <section className="panel sip-plan" aria-labelledby="sip-title">
      <h2 id="sip-title">SIP-plan (version {c.version})</h2>
      <p className="muted small">
        {TYP[c.typ] ?? c.typ}, {PLATS[c.plats] ?? c.plats} {formatDate(c.motesdatum)}. SIP-ansvarig: {c.sipAnsvarigEnhetNamn}
        {c.sipAnsvarigNamn ? ` (${c.sipAnsvarigNamn})` : ''}. Patienten deltog: {c.patientenDeltog ? 'ja' : 'nej'}; närstående deltog:{' '}
        {c.narstaendeDeltog ? 'ja' : 'nej'}.
      </p>
      <h3>Situation</h3>
      <p>{c.situation}</p>
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
        Accepterat: {c.accepterade.length ? c.accepterade.map((a) => a.unitName).join(', ') : 'ingen ännu'}
        {c.vantarPa.length > 0 && `; väntar på ${c.vantarPa.map((a) => a.unitName).join(', ')}`}.
      </p>
      {plan.entries.length > 0 && (
        <>
          <h3>Uppföljning och utvärdering</h3>
          <ul>
            {plan.entries.map((e) => (
              <li key={e.id}>
                {e.typ === 'uppfoljning' ? 'Uppföljning' : 'Utvärdering'} {formatDate(e.datum)} ({e.unitName}): {e.text}
                {e.malResultat.length > 0 && ` – mål: ${e.malResultat.map((r, i) => `${i + 1} ${RESULTAT[r] ?? r}`).join(', ')}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {plan.history.length > 1 && (
        <p className="muted small">
          Versioner: {plan.history.map((h) => `${h.version} (${h.createdByUnitName}, ${formatDateTime(h.createdAt)})`).join('; ')}
        </p>
      )}
      {error && <p className="field-error">{error}</p>}
      <div className="sip-actions">
        {!closed && plan.mayAccept.length > 0 && (
          <button type="button" disabled={accept.isPending} onClick={() => accept.mutate(c.version)}>
            Acceptera vår del av version {c.version}
          </button>
        )}
        <button type="button" className="secondary" onClick={printPlan}>
          Skriv ut SIP-planen
        </button>
      </div>
    </section>
  );
}
