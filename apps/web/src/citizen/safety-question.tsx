import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { client, unwrap } from '../api/client';
import type { CitizenPlan } from '../api/model';
import { Alert } from '../components/ui';

const SCALE = Array.from({ length: 11 }, (_, i) => i);

/**
 * "Hur trygg känner du dig hemma just nu?" while a Trygg hemgång period runs: a 0–10 scale of
 * large radio buttons (one tap each on a phone), sent once per moment (start, then near the end).
 */
export function SafetyQuestion({ plan }: { plan: CitizenPlan }) {
  const qc = useQueryClient();
  const threadId = plan.plan.threadId;
  const moment = plan.trygghet?.moment ?? null;
  const [value, setValue] = useState<number | null>(null);
  const [thanks, setThanks] = useState<string | null>(null);
  const rate = useMutation({
    mutationFn: (m: 'start' | 'slut') =>
      unwrap(
        client.POST('/api/medborgare/planer/{threadId}/trygghet', {
          params: { path: { threadId } },
          body: { moment: m, varde: value! },
        }),
      ),
    onSuccess: () => {
      setThanks(`Tack! Du svarade ${value} av 10. Personalen ser ditt svar.`);
      void qc.invalidateQueries({ queryKey: ['medborgare'] });
    },
  });
  if (thanks) return <Alert kind="success">{thanks}</Alert>;
  if (!moment) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value !== null) rate.mutate(moment);
  };
  const id = `trygghet-${threadId}`;
  return (
    <form className="citizen-safety" onSubmit={submit} noValidate>
      <fieldset aria-describedby={`${id}-hint`}>
        <legend>
          <h3>Hur trygg känner du dig hemma just nu?</h3>
        </legend>
        <p id={`${id}-hint`}>0 betyder inte alls trygg, 10 betyder helt trygg.</p>
        {rate.error && <Alert>{rate.error.message}</Alert>}
        <div className="citizen-scale">
          {SCALE.map((n) => (
            <label key={n} className={value === n ? 'selected' : undefined}>
              <input type="radio" name={id} value={n} checked={value === n} onChange={() => setValue(n)} />
              <span>{n}</span>
            </label>
          ))}
        </div>
        <div className="citizen-scale-ends" aria-hidden="true">
          <span>Inte alls trygg</span>
          <span>Helt trygg</span>
        </div>
      </fieldset>
      <button type="submit" className="button-large" disabled={value === null || rate.isPending}>
        {rate.isPending ? 'Skickar …' : 'Skicka mitt svar'}
      </button>
    </form>
  );
}
