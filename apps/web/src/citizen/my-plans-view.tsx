import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { client, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import type { CitizenMe, CitizenPlan } from '../api/model';
import { PageHeading } from '../components/page-heading';
import { Alert, Loading, SelectField, TextField } from '../components/ui';
import { PlanPage } from '../plan/plan-page';
import { SafetyQuestion } from './safety-question';

/** The published plans the citizen may read: their own (with the two answers), and those shared with them. */
export function MyPlansView({ me }: { me: CitizenMe }) {
  const plans = useQuery({
    queryKey: ['medborgare', 'planer'],
    queryFn: async () => (await unwrap(client.GET('/api/medborgare/planer'))).planer,
  });
  return (
    <section className="citizen-page">
      <PageHeading title="Min hemgång" />
      {plans.isPending && <Loading text="Hämtar planen …" />}
      {plans.error && <Alert title="Planen kunde inte hämtas">{plans.error.message}</Alert>}
      {plans.data?.length === 0 && (
        <div className="citizen-empty">
          <p className="lead">Det finns ingen plan att visa ännu.</p>
          <p>
            {me.arPatient
              ? 'Avdelningen eller kommunen publicerar planen för din hemgång här när den börjar bli klar. Titta gärna in igen senare.'
              : 'När någon du är närstående till delar sin plan med dig syns den här.'}
          </p>
        </div>
      )}
      {plans.data?.map((p) => (
        <article key={p.plan.threadId} className="citizen-plan">
          {p.roll === 'narstaende' && <p className="citizen-shared">Delad med dig av {p.patientFornamn ?? 'patienten'}</p>}
          <PlanPage plan={p.plan} />
          {p.roll === 'patient' && <Answers plan={p} />}
        </article>
      ))}
    </section>
  );
}

function Answers({ plan }: { plan: CitizenPlan }) {
  const qc = useQueryClient();
  const threadId = plan.plan.threadId;
  const [sent, setSent] = useState<string | null>(null);
  const [telefon, setTelefon] = useState('');
  const [tid, setTid] = useState<'formiddag' | 'eftermiddag' | 'kvall'>('formiddag');
  const [fields, setFields] = useState<Record<string, string>>({});
  const seen = useMutation({
    mutationFn: () =>
      unwrap(
        client.POST('/api/medborgare/planer/{threadId}/tagit-del', {
          params: { path: { threadId } },
          body: { version: plan.plan.published?.version },
        }),
      ),
    onSuccess: (r) => setSent(`Tack! ${r.till} ser att du har tagit del av planen.`),
  });
  const call = useMutation({
    mutationFn: () =>
      unwrap(
        client.POST('/api/medborgare/planer/{threadId}/bli-uppringd', {
          params: { path: { threadId } },
          body: { telefon, tidPaDagen: tid },
        }),
      ),
    onSuccess: (r) => {
      setFields({});
      setSent(`Tack! ${r.till} ringer dig på ${telefon}.`);
      void qc.invalidateQueries({ queryKey: ['medborgare'] });
    },
    onError: (e) => setFields(e instanceof ApiError ? e.fields : {}),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    call.mutate();
  };
  return (
    <section className="citizen-answers" aria-labelledby={`svar-${threadId}`}>
      <h2 id={`svar-${threadId}`}>Ditt svar</h2>
      {sent && <Alert kind="success">{sent}</Alert>}
      <SafetyQuestion plan={plan} />
      {(seen.error || (call.error && !Object.keys(fields).length)) && <Alert>{(seen.error ?? call.error)!.message}</Alert>}
      <button type="button" className="button-large" onClick={() => seen.mutate()} disabled={seen.isPending}>
        {seen.isPending ? 'Skickar …' : 'Jag har tagit del'}
      </button>
      <form onSubmit={submit} className="citizen-call" noValidate>
        <h3>Jag vill bli uppringd</h3>
        <TextField
          label="Telefonnummer"
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          required
          value={telefon}
          onChange={(e) => setTelefon(e.target.value)}
          error={fields.telefon}
        />
        <SelectField label="När passar det?" value={tid} onChange={(e) => setTid(e.target.value as typeof tid)} error={fields.tidPaDagen}>
          <option value="formiddag">Förmiddag (8–12)</option>
          <option value="eftermiddag">Eftermiddag (12–16)</option>
          <option value="kvall">Kväll (16–19)</option>
        </SelectField>
        <button type="submit" disabled={call.isPending}>
          {call.isPending ? 'Skickar …' : 'Jag vill bli uppringd'}
        </button>
      </form>
    </section>
  );
}
