import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { client, unwrap } from '../api/client';
import { ApiError, messageOf } from '../api/errors';
import { TextArea } from '../components/ui';
import { formatDateTime } from '../format';
import type { Message, Thread } from '../api/model';

type How = 'avsluta' | 'makulera';

/** The owning ward ends the thread: avslutad (after discharge, or with a reason) or makulerad (entered in error). */
export function CloseThread({ thread, onClosed }: { thread: Thread; onClosed: (t: Thread) => void }) {
  const [how, setHow] = useState<How>('avsluta');
  const [orsak, setOrsak] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const end = useMutation({
    mutationFn: ({ how, orsak }: { how: How; orsak: string }) => {
      const request = { params: { path: { id: thread.id } }, body: orsak ? { orsak } : {} };
      return unwrap(how === 'avsluta' ? client.POST('/api/threads/{id}/close', request) : client.POST('/api/threads/{id}/cancel', request));
    },
    onSuccess: onClosed,
    onError: (e) => {
      if (e instanceof ApiError && e.fields.orsak) setError(e.fields.orsak.charAt(0).toUpperCase() + e.fields.orsak.slice(1));
      else setFailure(messageOf(e, 'Ärendet kunde inte avslutas. Försök igen.'));
    },
  });
  const busy = end.isPending;
  const reasonRequired = how === 'makulera' || thread.status !== 'utskriven';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const reason = orsak.trim();
    setFailure(undefined);
    if (reasonRequired && !reason) {
      setError(how === 'makulera' ? 'Ange varför ärendet makuleras.' : 'Patienten är inte utskriven: ange varför ärendet avslutas.');
      return;
    }
    setError(undefined);
    end.mutate({ how, orsak: reason });
  };

  return (
    <section className="panel-section" aria-labelledby="close-title">
      <details className="close-thread">
        <summary>
          <h2 id="close-title">Avsluta eller makulera ärendet</h2>
        </summary>
        <form onSubmit={submit} noValidate aria-labelledby="close-title">
          <fieldset>
            <legend>Vad vill du göra?</legend>
            <label className="radio">
              <input type="radio" name="close-how" checked={how === 'avsluta'} onChange={() => setHow('avsluta')} /> Avsluta ärendet
              <span className="hint small"> – hemgången är klar, eller inga kommunala insatser behövs</span>
            </label>
            <label className="radio">
              <input type="radio" name="close-how" checked={how === 'makulera'} onChange={() => setHow('makulera')} /> Makulera
              (felregistrerat)
              <span className="hint small"> – ärendet skulle aldrig ha skapats</span>
            </label>
          </fieldset>
          <TextArea
            label="Orsak"
            required={reasonRequired}
            hint={reasonRequired ? undefined : 'Frivillig när patienten är utskriven.'}
            rows={2}
            maxLength={1000}
            value={orsak}
            onChange={(e) => setOrsak(e.target.value)}
            error={error}
          />
          <p className="hint small">Ärendet går att läsa efteråt, men ingen kan längre skriva eller ändra i det.</p>
          {failure && (
            <p className="field-error" role="alert">
              {failure}
            </p>
          )}
          <button type="submit" className={how === 'makulera' ? 'danger' : undefined} disabled={busy}>
            {how === 'avsluta' ? 'Avsluta ärendet' : 'Makulera ärendet'}
          </button>
        </form>
      </details>
    </section>
  );
}

/** On a closed thread: what happened, when and why; and the refusal of a write made too late. */
export function ClosedBanner({ thread, messages, refusal }: { thread: Thread; messages: Message[]; refusal: string | null }) {
  const kind = thread.status === 'makulerad' ? 'arende_makulerat' : 'arende_avslutat';
  const entry = [...messages].reverse().find((m) => m.kind === kind);
  const orsak = typeof entry?.payload?.orsak === 'string' ? entry.payload.orsak : null;
  return (
    <div className={`closed-banner closed-${thread.status}`} role="status">
      <p>
        <strong>{thread.status === 'makulerad' ? 'Ärendet är makulerat' : 'Ärendet är avslutat'}</strong>
        {entry && (
          <>
            {' '}
            {formatDateTime(entry.createdAt)} av {entry.author.name}, {entry.author.unitName}
          </>
        )}
        {orsak && <>. Orsak: {orsak.replace(/[.!?]+$/, '')}</>}. Det går att läsa men inte längre ändra.
      </p>
      {refusal && (
        <p className="closed-refusal" role="alert">
          <span aria-hidden="true">⚠ </span>Din ändring sparades inte: {refusal}
        </p>
      )}
    </div>
  );
}
