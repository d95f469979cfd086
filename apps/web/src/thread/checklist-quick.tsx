import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { client, unwrap } from '../api/client';
import { ApiError, messageOf } from '../api/errors';
import type { Checklist, ChecklistItem, ItemValue } from '../api/model';
import { threadQuery } from '../api/queries';
import { formatDate, formatDateTime, fromLocalInput, isValidDate, todayDate } from '../format';

/**
 * One-click checklist work (issue 27): a choice or yes/no answered by its button and saved at once,
 * a date the plan already implies offered as one button, and "Behövs inte" for a whole section.
 * Every change still carries the item's version: a stale one is answered in Swedish and the
 * fresh value is shown (the checklist query is refetched by the caller's onChanged).
 */

export const NOT_NEEDED = 'Behövs inte';

/** Items answered by one click: a choice among its alternatives, or yes/no. */
export function isOneClick(item: ChecklistItem): boolean {
  return item.valueType === 'boolean' || (item.valueType === 'choice' && (item.choices?.length ?? 0) > 0);
}

function valueLabel(item: ChecklistItem, value: ItemValue): string {
  if (value === null) return '–';
  if (typeof value === 'boolean') return value ? 'Ja' : 'Nej';
  if (item.valueType === 'datetime') return formatDateTime(value);
  if (item.valueType === 'date') return formatDate(value);
  return value;
}

/** Saves one value of an item (state klar) with the version it was shown at. */
function useQuickSave(threadId: string, item: ChecklistItem, onChanged: () => void) {
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (value: ItemValue) =>
      unwrap(
        client.PATCH('/api/threads/{id}/checklists/items/{itemId}', {
          params: { path: { id: threadId, itemId: item.id } },
          body: { state: 'klar', value, expectedVersion: item.version },
        }),
      ),
    onSuccess: () => {
      setError(null);
      onChanged();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) {
        setError('Någon annan hann ändra punkten före dig. Det som står nu visas här; välj igen om det behövs.');
        onChanged();
      } else setError(err instanceof ApiError ? (err.fields.value ?? err.message) : 'Ändringen sparades inte. Försök igen.');
    },
  });
  return { save, error };
}

/** The alternatives of a choice (or Ja/Nej) as buttons; the chosen one is pressed. One click saves. */
export function InlineChoice({
  threadId,
  item,
  label,
  onChanged,
}: {
  threadId: string;
  item: ChecklistItem;
  label: string;
  onChanged: () => void;
}) {
  const { save, error } = useQuickSave(threadId, item, onChanged);
  const options: { value: ItemValue; text: string }[] =
    item.valueType === 'boolean'
      ? [
          { value: true, text: 'Ja' },
          { value: false, text: 'Nej' },
        ]
      : (item.choices ?? []).map((c) => ({ value: c, text: c }));
  const chosen = item.state === 'klar' || item.state === 'pagar' ? item.value : null;
  return (
    <div className="inline-choice">
      <div role="group" aria-label={label} className="choice-buttons">
        {options.map((o) => (
          <button
            key={String(o.value)}
            type="button"
            className={`choice-button${chosen === o.value ? ' chosen' : ''}`}
            aria-pressed={chosen === o.value}
            disabled={save.isPending}
            onClick={() => {
              if (chosen !== o.value || item.state !== 'klar') save.mutate(o.value);
            }}
          >
            {o.text}
          </button>
        ))}
      </div>
      {error && (
        <p className="field-error small" role="alert">
          {error} {item.value !== null && <>Nu: {valueLabel(item, item.value)}.</>}
        </p>
      )}
    </div>
  );
}

/** What the thread already says that an item may take over: the planned discharge day and the ward's name. */
export interface ThreadHints {
  planned: string | null;
  wardName: string | null;
}

/**
 * The value an item without one most likely takes, offered as one button:
 * - a moment the patient can come home from (pick-up, first ApoDos delivery, a device at home):
 *   the planned discharge day (a pick-up before lunch: 10:00);
 * - when something was done (ordered, sent): today, or now;
 * - where the patient is picked up from ("Från"): the ward.
 * Null when nothing fits (or the moment would lie in the past where that is not allowed).
 */
export function impliedValue(item: ChecklistItem, hints: ThreadHints, now = new Date()): { value: string; text: string } | null {
  if (item.value !== null) return null;
  if (item.valueType === 'text') return item.key === 'fran' && hints.wardName ? { value: hints.wardName, text: hints.wardName } : null;
  const fromPlan = item.readyFrom || item.notInPast;
  if (fromPlan) {
    const planned = hints.planned && isValidDate(hints.planned) ? hints.planned : null;
    if (!planned) return null;
    if (item.valueType === 'date') return { value: planned, text: `Planerad hemgång ${formatDate(planned)}` };
    if (item.valueType !== 'datetime') return null;
    const iso = fromLocalInput(`${planned}T10:00`);
    if (!iso || new Date(iso).getTime() < now.getTime()) return null;
    return { value: iso, text: `Planerad hemgång ${formatDateTime(iso)}` };
  }
  if (item.valueType === 'date') return { value: todayDate(), text: `Idag ${formatDate(todayDate())}` };
  if (item.valueType === 'datetime') return { value: now.toISOString(), text: 'Nu' };
  return null;
}

/** The thread's planned discharge date and ward, from the thread query the page already holds. */
export function useThreadHints(threadId: string): ThreadHints {
  const thread = useQuery({ ...threadQuery(threadId), enabled: false }).data;
  return { planned: thread?.dates.plannedDischargeDate ?? null, wardName: thread?.ownerUnit.name ?? null };
}

/** The implied value as one button that sets the item (klar) at once. */
export function ImpliedValue({
  threadId,
  item,
  label,
  onChanged,
}: {
  threadId: string;
  item: ChecklistItem;
  label: string;
  onChanged: () => void;
}) {
  const implied = impliedValue(item, useThreadHints(threadId));
  const { save, error } = useQuickSave(threadId, item, onChanged);
  if (!implied) return null;
  return (
    <span className="implied-value">
      <button
        type="button"
        className="secondary"
        disabled={save.isPending}
        onClick={() => save.mutate(item.valueType === 'datetime' && implied.text === 'Nu' ? new Date().toISOString() : implied.value)}
        aria-label={`${label}: ${implied.text}`}
      >
        {implied.text}
      </button>
      {error && (
        <span className="field-error small" role="alert">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}

/** The section's items that "Behövs inte" would touch: any that is not yet settled. */
function openItems(items: ChecklistItem[]): ChecklistItem[] {
  return items.filter(
    (i) => i.applies && (i.state === 'ej_paborjad' || i.state === 'pagar' || (i.state === 'klar' && i.value === 'Behövs')),
  );
}

/**
 * "Behövs inte" for a group of items (a device) or for the whole checklist, in one action. Shown
 * when the reader may change every item of it and something in it is still open.
 */
export function SectionNotNeeded({
  threadId,
  checklist,
  group,
  onChanged,
}: {
  threadId: string;
  checklist: Checklist;
  group?: string;
  onChanged: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const items = group ? checklist.items.filter((i) => i.group === group) : checklist.items;
  const run = useMutation({
    mutationFn: () =>
      unwrap(
        client.POST('/api/threads/{id}/checklists/{checklistId}/not-needed', {
          params: { path: { id: threadId, checklistId: checklist.id } },
          body: group ? { group } : {},
        }),
      ),
    onSuccess: () => {
      setError(null);
      onChanged();
    },
    onError: (err) => {
      setError(messageOf(err, 'Det sparades inte. Försök igen.'));
      onChanged();
    },
  });
  if (!items.every((i) => i.mayChange) || openItems(items).length === 0) return null;
  const what = group ?? checklist.name;
  return (
    <span className="not-needed">
      <button
        type="button"
        className="link-button"
        disabled={run.isPending}
        onClick={() => run.mutate()}
        aria-label={group ? `${NOT_NEEDED}: ${what}` : `Inget av detta behövs: ${what}`}
      >
        {group ? NOT_NEEDED : 'Inget av detta behövs'}
      </button>
      {error && (
        <span className="field-error small" role="alert">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}
