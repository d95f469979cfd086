import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { client, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import { unitsQuery } from '../api/queries';
import { SelectField } from '../components/ui';
import { ORG_KIND } from '../format';
import { myUnitsWith, useMe } from '../session';
import type { OrgKind, Participant, Thread, Unit } from '../api/model';

type Change = { how: 'add' | 'remove' | 'transfer'; unitId: string };

/** The units SOF chooses through the biståndsbeslut, and may add or remove. */
const SOF_CHOOSES: OrgKind[] = ['hemtjanst', 'hemsjukvard'];
const KIND_ORDER: OrgKind[] = ['slutenvard', 'sof', 'hemsjukvard', 'hemtjanst', 'primarvard'];

interface Props {
  thread: Thread;
  closed: boolean;
  /** The thread as the server answered after a change. */
  onChanged: (thread: Thread) => void;
  onRefused: (e: ApiError) => void;
}

/** Who takes part; the owning ward adds and removes any unit and hands over, SOF the home-care units. */
export function ParticipantsPanel({ thread, closed, onChanged, onRefused }: Props) {
  const me = useMe();
  const managing = closed ? [] : myUnitsWith(me, thread, 'participants.manage');
  const asOwner = managing.some((m) => m.unitId === thread.ownerUnit.id);
  const asSof = managing.some((m) => m.orgKind === 'sof');
  const mayChange = (kind: OrgKind) => asOwner || (asSof && SOF_CHOOSES.includes(kind));
  const directory = useQuery({ ...unitsQuery(), enabled: managing.length > 0 });
  const units: Unit[] | null = directory.isError ? [] : (directory.data ?? null);
  const [error, setError] = useState<string | undefined>();
  const [removing, setRemoving] = useState<string | null>(null);

  // Each change answers with the thread as it now is.
  const change = useMutation({
    mutationFn: ({ how, unitId }: Change) => {
      const id = { path: { id: thread.id } };
      if (how === 'remove')
        return unwrap(client.DELETE('/api/threads/{id}/participants/{unitId}', { params: { path: { id: thread.id, unitId } } }));
      if (how === 'add') return unwrap(client.POST('/api/threads/{id}/participants', { params: id, body: { unitId } }));
      return unwrap(client.POST('/api/threads/{id}/transfer', { params: id, body: { unitId } }));
    },
    onSuccess: (t: Thread, { how }) => {
      onChanged(t);
      if (how === 'remove') setRemoving(null);
    },
    onError: (e) => {
      if (e instanceof ApiError) {
        setError(e.message);
        if (e.status === 409 && /avslutat|makulerat/.test(e.message)) onRefused(e);
      } else setError('Ändringen gick inte igenom. Försök igen.');
    },
  });
  const busy = change.isPending;
  const run = (c: Change) => {
    setError(undefined);
    change.mutate(c);
  };

  const others = thread.participants.filter((p) => p.unitId !== thread.ownerUnit.id);
  const taking = new Set([thread.ownerUnit.id, ...thread.participants.map((p) => p.unitId)]);
  const addable = (units ?? []).filter((u) => !taking.has(u.id) && mayChange(u.orgKind));
  const wards = (units ?? []).filter((u) => u.orgKind === 'slutenvard' && u.id !== thread.ownerUnit.id);

  return (
    <section className="panel-section" aria-labelledby="participants-title">
      <h2 id="participants-title">Deltagare</h2>
      <ul className="participants">
        <li>
          {thread.ownerUnit.name} <span className="muted small">(ansvarig avdelning)</span>
        </li>
        {others.map((p) => (
          <ParticipantRow
            key={p.unitId}
            p={p}
            removable={mayChange(p.orgKind)}
            confirming={removing === p.unitId}
            busy={busy}
            onAsk={() => setRemoving(p.unitId)}
            onCancel={() => setRemoving(null)}
            onConfirm={() => run({ how: 'remove', unitId: p.unitId })}
          />
        ))}
      </ul>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {managing.length > 0 && units !== null && (
        <UnitPicker
          label="Ny deltagare"
          button="Lägg till deltagare"
          units={addable}
          busy={busy}
          hint={asOwner ? undefined : 'Socialtjänsten lägger till hemtjänst och hemsjukvård.'}
          onPick={(unitId) => run({ how: 'add', unitId })}
        />
      )}
      {asOwner && units !== null && wards.length > 0 && (
        <details className="transfer">
          <summary>Lämna över ärendet till en annan avdelning</summary>
          <UnitPicker
            label="Ny ansvarig avdelning"
            button="Lämna över"
            units={wards}
            busy={busy}
            hint="Den nya avdelningen blir ansvarig; din avdelning fortsätter att delta."
            onPick={(unitId) => run({ how: 'transfer', unitId })}
          />
        </details>
      )}
    </section>
  );
}

interface RowProps {
  p: Participant;
  removable: boolean;
  confirming: boolean;
  busy: boolean;
  onAsk: () => void;
  onCancel: () => void;
  onConfirm: () => void;
}

function ParticipantRow({ p, removable, confirming, busy, onAsk, onCancel, onConfirm }: RowProps) {
  return (
    <li>
      {p.name} <span className="muted small">({ORG_KIND[p.orgKind]})</span>
      {removable && !confirming && (
        <button type="button" className="link-button participant-remove" onClick={onAsk} aria-label={`Ta bort ${p.name}`}>
          Ta bort
        </button>
      )}
      {confirming && (
        <span className="confirm" role="group" aria-label={`Ta bort ${p.name}?`}>
          {' '}
          Ta bort {p.name} ur ärendet? Enheten förlorar åtkomsten direkt.{' '}
          <button type="button" className="danger small-button" disabled={busy} onClick={onConfirm}>
            Ja, ta bort
          </button>{' '}
          <button type="button" className="secondary small-button" onClick={onCancel}>
            Avbryt
          </button>
        </span>
      )}
    </li>
  );
}

function UnitPicker({
  label,
  button,
  units,
  busy,
  hint,
  onPick,
}: {
  label: string;
  button: string;
  units: Unit[];
  busy: boolean;
  hint?: string;
  onPick: (unitId: string) => void;
}) {
  const [unitId, setUnitId] = useState('');
  const [error, setError] = useState<string | undefined>();
  const groups = useMemo(
    () => KIND_ORDER.map((k) => [k, units.filter((u) => u.orgKind === k)] as const).filter(([, list]) => list.length),
    [units],
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!unitId) return setError('Välj en enhet.');
    setError(undefined);
    onPick(unitId);
    setUnitId('');
  };
  if (!units.length) return null;
  return (
    <form className="apply-template" onSubmit={submit} noValidate>
      <SelectField label={label} value={unitId} onChange={(e) => setUnitId(e.target.value)} error={error} hint={hint}>
        <option value="">Välj …</option>
        {groups.map(([kind, list]) => (
          <optgroup key={kind} label={ORG_KIND[kind]}>
            {list.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </optgroup>
        ))}
      </SelectField>
      <button type="submit" disabled={busy}>
        {button}
      </button>
    </form>
  );
}
