import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { client, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import type { Consent } from '../api/model';
import { PageHeading } from '../components/page-heading';
import { Alert, Loading, TextField } from '../components/ui';

const STATUS: Record<Consent['status'], string> = { aktivt: 'Gäller', utgatt: 'Har gått ut', aterkallat: 'Återkallad' };
const when = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });

/** The patient chooses who may see the plan (never the staff's conversation or the log), until when, and withdraws at once. */
export function ConsentsView() {
  const qc = useQueryClient();
  const consents = useQuery({
    queryKey: ['medborgare', 'narstaende'],
    queryFn: async () => (await unwrap(client.GET('/api/medborgare/narstaende'))).samtycken,
  });
  const [form, setForm] = useState({ personnummer: '', namn: '', slutdatum: '' });
  const [fields, setFields] = useState<Record<string, string>>({});
  const give = useMutation({
    mutationFn: () => unwrap(client.POST('/api/medborgare/narstaende', { body: { ...form, omfattning: 'plan' } })),
    onSuccess: () => {
      setForm({ personnummer: '', namn: '', slutdatum: '' });
      setFields({});
      void qc.invalidateQueries({ queryKey: ['medborgare'] });
    },
    onError: (e) => setFields(e instanceof ApiError ? e.fields : {}),
  });
  const withdraw = useMutation({
    mutationFn: (id: string) =>
      unwrap(client.POST('/api/medborgare/narstaende/{consentId}/aterkalla', { params: { path: { consentId: id } }, body: {} })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['medborgare'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    give.mutate();
  };
  return (
    <section className="citizen-page">
      <PageHeading title="Närstående" />
      <p>
        Du kan låta en närstående se planen för din hemgång. De ser bara planen, aldrig personalens meddelanden eller loggen. Du kan ta
        tillbaka tillgången när du vill; den upphör direkt.
      </p>
      {consents.isPending && <Loading />}
      {consents.error && <Alert>{consents.error.message}</Alert>}
      {withdraw.error && <Alert>{withdraw.error.message}</Alert>}
      {consents.data && consents.data.length > 0 && (
        <ul className="citizen-consents">
          {consents.data.map((c) => (
            <li key={c.id}>
              <strong>{c.namn}</strong> – {STATUS[c.status]}
              <br />
              <span className="muted">
                Gavs {when.format(new Date(c.givetAt))}, till och med {c.slutdatum}
                {c.aterkallatAt ? `, återkallades ${when.format(new Date(c.aterkallatAt))}` : ''}
              </span>
              {c.status === 'aktivt' && (
                <button type="button" className="secondary" onClick={() => withdraw.mutate(c.id)} disabled={withdraw.isPending}>
                  Ta tillbaka {c.namn}s tillgång
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="citizen-form" noValidate>
        <h2>Ge en närstående tillgång</h2>
        {give.error && !Object.keys(fields).length && <Alert>{give.error.message}</Alert>}
        <TextField
          label="Närståendes personnummer"
          hint="ÅÅÅÅMMDD-NNNN"
          inputMode="numeric"
          autoComplete="off"
          required
          value={form.personnummer}
          onChange={(e) => setForm({ ...form, personnummer: e.target.value })}
          error={fields.personnummer}
        />
        <TextField
          label="Namn"
          required
          value={form.namn}
          onChange={(e) => setForm({ ...form, namn: e.target.value })}
          error={fields.namn}
        />
        <TextField
          label="Sista dag med tillgång"
          type="date"
          required
          value={form.slutdatum}
          onChange={(e) => setForm({ ...form, slutdatum: e.target.value })}
          error={fields.slutdatum}
        />
        <button type="submit" disabled={give.isPending}>
          {give.isPending ? 'Sparar …' : 'Ge tillgång till planen'}
        </button>
      </form>
    </section>
  );
}
