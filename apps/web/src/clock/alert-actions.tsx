import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/errors';
import { keys } from '../api/queries';
import { alertKeys, markAlert, type ThreadAlert } from './alerts';

/** "Markera som sedd" and "Hanterad" for an alert that concerns one of my units. */
export function AlertActions({ alert }: { alert: ThreadAlert }) {
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const mark = useMutation({
    mutationFn: (state: 'sedd' | 'hanterad') => markAlert(alert.threadId, alert.id, state),
    onSuccess: () => {
      setError(null);
      void qc.invalidateQueries({ queryKey: alertKeys.thread(alert.threadId) });
      void qc.invalidateQueries({ queryKey: keys.bevakning() });
    },
    onError: (err) => setError(err instanceof ApiError ? err.message : 'Det gick inte att markera larmet. Försök igen.'),
  });
  if (!alert.concernsMe || alert.state === 'hanterad') return null;
  return (
    <span className="alert-actions">
      {alert.state === 'ny' && (
        <button type="button" className="secondary" disabled={mark.isPending} onClick={() => mark.mutate('sedd')}>
          Markera som sedd
        </button>
      )}
      <button type="button" className="secondary" disabled={mark.isPending} onClick={() => mark.mutate('hanterad')}>
        Hanterad
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
