import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { client, unwrap } from '../api/client';
import { ApiError, messageOf } from '../api/errors';
import { idempotencyKey } from '../api/idempotency';
import type { Checklist, ChecklistItem, Hemgang, ItemState, ItemValue, Membership, ThreadChecklists } from '../api/model';
import { checklistsQuery, keys, templatesQuery } from '../api/queries';
import { Alert, CheckboxField, Loading, SaveCancel, SelectField, TextArea, TextField } from '../components/ui';
import { formatDateTime, formatWhen, fromLocalInput, ITEM_STATE, isValidDate, shortName, toLocalInput } from '../format';
import {
  ImpliedValue,
  impliedValue,
  InlineChoice,
  isOneClick,
  SectionNotNeeded,
  useThreadHints,
  type ThreadHints,
} from './checklist-quick';
import { hemgangLabel, hemgangsklarText } from './hemgang-text';
import { itemValueText, parseItemValue } from './item-value';

const RECEIVING = new Set(['hemtjanst', 'hemsjukvard']);

interface Props {
  threadId: string;
  isOwner: boolean;
  /** My units in this thread. */
  myUnits: Membership[];
  /** Called after any change here: the thread (hemgångsklar) may have changed too. */
  onChanged: () => void;
  /** Avslutad or makulerad: shown, but nothing can be changed. */
  closed?: boolean;
  /** The medication list sent as an attachment: the item "skickad" links to its message. */
  medicationList?: MedicationListLink | null;
  /** The thread's one going-home state: after discharge or with times to check, it speaks instead of the rule. */
  hemgang?: Hemgang;
  /** YYYY-MM-DD: the readiness time starts on it. */
  plannedDischargeDate?: string | null;
}

export interface MedicationListLink {
  messageId: string;
  name: string;
}

/** Checklists, readiness of the receiving units, and why the thread is not yet hemgångsklar. */
export function ChecklistPanel({
  threadId,
  isOwner,
  myUnits,
  onChanged,
  closed = false,
  medicationList,
  hemgang,
  plannedDischargeDate,
}: Props) {
  const qc = useQueryClient();
  const [showAll, setShowAll] = useState(false);
  // Kept current by checklist, readiness and thread events (api/live-updates.ts).
  const { data: overview, error } = useQuery(checklistsQuery(threadId));

  const changed = () => {
    void qc.invalidateQueries({ queryKey: keys.checklists(threadId) });
    onChanged();
  };

  if (error && !overview) return <Alert title="Checklistorna kunde inte hämtas">{error.message}</Alert>;
  if (!overview) return <Loading text="Hämtar checklistor …" />;
  const receivingUnits = myUnits.filter((u) => RECEIVING.has(u.orgKind));
  // A unit other than the owning ward opens on its own items (the kinds it is responsible for), "Visa alla" one tap away.
  const myKinds = new Set<string>(myUnits.map((u) => u.orgKind));
  const myUnitIds = new Set(myUnits.map((u) => u.unitId));
  const ownItems = (c: Checklist) => c.items.filter((i) => i.applies && myKinds.has(i.responsible));
  const ownCount = overview.checklists.reduce((n, c) => n + ownItems(c).length, 0);
  const allCount = overview.checklists.reduce((n, c) => n + c.items.filter((i) => i.applies).length, 0);
  const ownOnly = !isOwner && ownCount > 0 && !showAll;
  const shownChecklists = ownOnly ? overview.checklists.filter((c) => ownItems(c).length > 0) : overview.checklists;
  const readyFrom = defaultReadyFrom(hemgang?.upphamtning, plannedDischargeDate);
  return (
    <div className="panel">
      <section aria-labelledby="hemgang-title" className="panel-section" id="hemgang">
        <h2 id="hemgang-title">Hemgång</h2>
        {hemgang && (hemgang.state === 'utskriven' || hemgang.state === 'kontrollera_tiderna') ? (
          <p className={hemgang.state === 'utskriven' ? 'muted' : 'state-warn-line'}>
            {hemgang.state === 'kontrollera_tiderna' && <span aria-hidden="true">⚠ </span>}
            <strong>{hemgangLabel(hemgang)}</strong>
          </p>
        ) : overview.hemgangsklar ? (
          <p className="ok-line">
            <span aria-hidden="true">✓ </span>
            {hemgangsklarText(overview)}
          </p>
        ) : (
          <MissingList
            missing={overview.missing}
            mine={(m) => Boolean((m.responsible && myKinds.has(m.responsible)) || (m.unitId && myUnitIds.has(m.unitId)))}
          />
        )}
        {(hemgang?.state === 'utskriven' ? [] : (hemgang?.kontrollera ?? overview.warnings ?? [])).map((w) => (
          <p key={w} className="state-warn-line">
            <span aria-hidden="true">⚠ </span>
            {w}
          </p>
        ))}
      </section>
      <section aria-labelledby="readiness-title" className="panel-section">
        <h2 id="readiness-title">Mottagande enheter</h2>
        {overview.readiness.length === 0 ? (
          <p className="muted">Ingen hemtjänst eller hemsjukvård deltar i ärendet.</p>
        ) : (
          <ul className="readiness">
            {overview.readiness.map((r) => (
              <li key={r.unitId} className={`readiness-${r.status}`}>
                <span className="readiness-unit">{r.unitName}</span>{' '}
                {r.status === 'redo' ? (
                  <span className="state state-klar">
                    <span aria-hidden="true">✓ </span>Redo från {formatDateTime(r.redoFran)}
                  </span>
                ) : r.status === 'aterkallad' ? (
                  <span className="state state-warn">Återkallad{r.since?.orsak ? `: ${r.since.orsak}` : ''}</span>
                ) : (
                  <span className="state state-ej_paborjad">Ej bekräftad</span>
                )}
                {r.since && (
                  <span className="muted small">
                    {' '}
                    ({shortName(r.since.name)} {formatWhen(r.since.at)})
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
        {!closed &&
          receivingUnits.map((u) => {
            const mine = overview.readiness.find((r) => r.unitId === u.unitId);
            return mine ? (
              <ReadinessForm key={u.unitId} threadId={threadId} unit={u} ready={mine.redo} onDone={changed} defaultFrom={readyFrom} />
            ) : null;
          })}
      </section>
      <section aria-labelledby="checklists-title" className="panel-section">
        <h2 id="checklists-title">Checklistor</h2>
        {overview.checklists.length === 0 && <p className="muted">Ingen checklista är tillagd ännu.</p>}
        {!isOwner && ownCount > 0 && (
          <p className="checklist-scope">
            {ownOnly ? `Visar era ${ownCount} punkter.` : `Visar alla ${allCount} punkter.`}{' '}
            <button type="button" className="link-button" aria-pressed={!ownOnly} onClick={() => setShowAll(ownOnly)}>
              {ownOnly ? `Visa alla ${allCount} punkter` : 'Visa bara era'}
            </button>
          </p>
        )}
        {shownChecklists.map((c) => (
          <ChecklistView
            key={c.id}
            threadId={threadId}
            checklist={c}
            onChanged={changed}
            closed={closed}
            medicationList={medicationList}
            only={ownOnly ? myKinds : undefined}
          />
        ))}
        {isOwner && !closed && (
          <ApplyTemplate threadId={threadId} applied={overview.checklists.map((c) => c.templateKey)} onDone={changed} />
        )}
      </section>
    </div>
  );
}

const MISSING_SHOWN = 4;

/**
 * The readiness form's start: the booked pick-up, else the planned discharge day at 10:00 (planned
 * before lunch), else now; never a time already past.
 */
function defaultReadyFrom(pickUp: string | undefined, planned: string | null | undefined): string {
  const now = toLocalInput(new Date());
  const start = pickUp ? toLocalInput(pickUp) : planned && isValidDate(planned) ? `${planned}T10:00` : now;
  return start > now ? start : now;
}

/** Why the thread is not hemgångsklar: the reader's own first, the first few shown, the rest a click away. */
function MissingList({
  missing: all0,
  mine,
}: {
  missing: ThreadChecklists['missing'];
  mine: (m: ThreadChecklists['missing'][number]) => boolean;
}) {
  const [all, setAll] = useState(false);
  const missing = [...all0.filter(mine), ...all0.filter((m) => !mine(m))];
  const shown = all ? missing : missing.slice(0, MISSING_SHOWN);
  return (
    <>
      <p>Det här återstår innan patienten är hemgångsklar:</p>
      <ul className="missing" id="missing-list">
        {shown.map((m, i) => (
          <li key={`${m.reason}-${m.itemId ?? m.unitId ?? i}`}>{m.message}</li>
        ))}
      </ul>
      {missing.length > MISSING_SHOWN && (
        <button type="button" className="link-button" aria-expanded={all} aria-controls="missing-list" onClick={() => setAll(!all)}>
          {all ? 'Visa färre' : `Visa alla ${missing.length}`}
        </button>
      )}
    </>
  );
}

function ReadinessForm({
  threadId,
  unit,
  ready,
  onDone,
  defaultFrom,
}: {
  threadId: string;
  unit: Membership;
  ready: boolean;
  onDone: () => void;
  defaultFrom: string;
}) {
  const [from, setFrom] = useState(defaultFrom);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [key, setKey] = useState(idempotencyKey);
  const path = { params: { path: { id: threadId } } };
  const declare = useMutation({
    mutationFn: (redoFran: string) =>
      unwrap(client.POST('/api/threads/{id}/readiness', { ...path, body: { redoFran, unitId: unit.unitId, idempotencyKey: key } })),
    onSuccess: () => {
      setKey(idempotencyKey());
      onDone();
    },
    onError: (err) => setError(err instanceof ApiError ? (err.fields.redoFran ?? err.message) : 'Det gick inte att bekräfta. Försök igen.'),
  });
  const takeBack = useMutation({
    mutationFn: (orsak: string) =>
      unwrap(
        client.POST('/api/threads/{id}/readiness/withdraw', {
          ...path,
          body: { unitId: unit.unitId, idempotencyKey: key, ...(orsak ? { orsak } : {}) },
        }),
      ),
    onSuccess: () => {
      setKey(idempotencyKey());
      setReason('');
      onDone();
    },
    onError: (err) => setError(messageOf(err, 'Det gick inte att återkalla. Försök igen.')),
  });
  const busy = declare.isPending || takeBack.isPending;

  const confirm = (e: FormEvent) => {
    e.preventDefault();
    const redoFran = fromLocalInput(from);
    if (!redoFran) {
      setError('Ange datum och klockslag, t.ex. 2026-11-24 10:00.');
      return;
    }
    setError(undefined);
    declare.mutate(redoFran);
  };
  const withdraw = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    takeBack.mutate(reason.trim());
  };

  return ready ? (
    <form className="readiness-form" onSubmit={withdraw} aria-label={`Återkalla redo för ${unit.unitName}`}>
      <TextField
        label={`Orsak till återkallelse (${unit.unitName})`}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={1000}
        error={error}
      />
      <button type="submit" className="secondary" disabled={busy}>
        Återkalla redo
      </button>
    </form>
  ) : (
    <form className="readiness-form" onSubmit={confirm} aria-label={`Bekräfta redo för ${unit.unitName}`}>
      <TextField
        label={`${unit.unitName} kan ta emot patienten från`}
        type="datetime-local"
        value={from}
        onChange={(e) => setFrom(e.target.value)}
        required
        error={error}
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Bekräftar …' : 'Bekräfta att vi är redo'}
      </button>
    </form>
  );
}

function ChecklistView({
  threadId,
  checklist,
  onChanged,
  closed,
  medicationList,
  only,
}: {
  threadId: string;
  checklist: Checklist;
  onChanged: () => void;
  closed: boolean;
  medicationList?: MedicationListLink | null;
  /** Only the items these organisation kinds are responsible for (the reader's own). */
  only?: Set<string>;
}) {
  const applicable = checklist.items.filter((i) => i.applies);
  const listed = only ? applicable.filter((i) => only.has(i.responsible)) : applicable;
  const done = applicable.filter((i) => i.state === 'klar' || i.state === 'ej_aktuell').length;
  const hidden = checklist.items.length - applicable.length;
  let group: string | null = null;
  return (
    <section className="checklist" aria-labelledby={`cl-${checklist.id}`}>
      <h3 id={`cl-${checklist.id}`}>
        {checklist.name}{' '}
        <span className="progress">
          {done} av {applicable.length} klara
        </span>
      </h3>
      {!closed && <SectionNotNeeded threadId={threadId} checklist={checklist} onChanged={onChanged} />}
      <ul className="items">
        {listed.map((item) => {
          const heading = item.group && item.group !== group ? item.group : null;
          group = item.group;
          return (
            <li key={item.id}>
              {heading && (
                <p className="item-group">
                  {heading}{' '}
                  {!closed && <SectionNotNeeded threadId={threadId} checklist={checklist} group={heading} onChanged={onChanged} />}
                </p>
              )}
              <ItemRow
                threadId={threadId}
                item={closed ? { ...item, mayChange: false } : item}
                onChanged={onChanged}
                attachment={item.key === 'lista_skickad' ? medicationList : null}
              />
            </li>
          );
        })}
      </ul>
      {hidden > 0 && <p className="muted small">{hidden} punkter gäller inte med de val som gjorts och visas inte.</p>}
    </section>
  );
}

const valueText = (item: ChecklistItem) => itemValueText(item.valueType, item.value);

function ItemRow({
  threadId,
  item,
  onChanged,
  attachment,
}: {
  threadId: string;
  item: ChecklistItem;
  onChanged: () => void;
  attachment?: MedicationListLink | null;
}) {
  const [editing, setEditing] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const label = `${item.group ? `${item.group}: ` : ''}${item.label}`;
  // Fetched when opened, again for each new version of the item.
  const changes = useQuery({
    queryKey: ['checklist-item-history', item.id, item.version],
    queryFn: async () =>
      (
        await unwrap(
          client.GET('/api/threads/{id}/checklists/items/{itemId}/history', { params: { path: { id: threadId, itemId: item.id } } }),
        )
      ).changes,
    enabled: historyOpen,
  });
  const history = !historyOpen ? null : changes.isError ? [] : (changes.data ?? null);
  const showHistory = () => setHistoryOpen((open) => !open);
  return (
    <div className={`item item-${item.state}`}>
      <div className="item-main">
        <span className="item-label">
          {item.label}
          {!item.required && <span className="muted"> (frivillig)</span>}
        </span>
        <span className={`state state-${item.state}`}>
          {item.state === 'klar' && <span aria-hidden="true">✓ </span>}
          {ITEM_STATE[item.state]}
        </span>
      </div>
      <div className="item-meta">
        {valueText(item) && <span className="item-value">{valueText(item)}</span>}
        {attachment && (
          <a
            href={`#msg-${attachment.messageId}`}
            className="small"
            onClick={() => document.getElementById(`msg-${attachment.messageId}`)?.focus()}
          >
            Bilaga: {attachment.name}
          </a>
        )}
        <span className="muted small">Ansvar: {item.responsibleLabel}</span>
        {item.updatedBy && item.updatedAt && (
          <span className="muted small">
            Ändrad av {shortName(item.updatedBy.name)}, {item.updatedBy.unitName} {formatWhen(item.updatedAt)}
          </span>
        )}
        <span className="item-actions">
          {item.mayChange && !editing && (
            <button type="button" className="link-button" onClick={() => setEditing(true)} aria-label={`Ändra: ${label}`}>
              Ändra
            </button>
          )}
          {item.version > 1 && (
            <button
              type="button"
              className="link-button"
              onClick={showHistory}
              aria-expanded={history !== null}
              aria-label={`Historik: ${label}`}
            >
              Historik
            </button>
          )}
        </span>
      </div>
      {item.mayChange && !editing && isOneClick(item) && (
        <InlineChoice threadId={threadId} item={item} label={label} onChanged={onChanged} />
      )}
      {item.mayChange && !editing && <ImpliedValue threadId={threadId} item={item} label={label} onChanged={onChanged} />}
      {item.help && <p className="hint small">{item.help}</p>}
      {history && (
        <ol className="history small" aria-label={`Historik för ${label}`}>
          {history.length === 0 && <li>Ingen historik.</li>}
          {history.map((h) => (
            <li key={h.version}>
              {formatWhen(h.changedAt)} {shortName(h.changedBy.name)} ({h.changedBy.unitName}): {ITEM_STATE[h.before.state]} →{' '}
              {ITEM_STATE[h.after.state]}
            </li>
          ))}
        </ol>
      )}
      {editing && (
        <ItemEditor
          threadId={threadId}
          item={item}
          label={label}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
    </div>
  );
}

function initialValue(item: ChecklistItem, hints: ThreadHints): string | boolean {
  const implied = impliedValue(item, hints)?.value;
  if (implied) return item.valueType === 'datetime' ? toLocalInput(implied) : implied;
  if (item.value === null) return item.valueType === 'boolean' ? false : item.valueType === 'datetime' ? toLocalInput(new Date()) : '';
  if (item.valueType === 'datetime' && typeof item.value === 'string') return toLocalInput(item.value);
  return item.value;
}

function ItemEditor({
  threadId,
  item,
  label,
  onCancel,
  onSaved,
}: {
  threadId: string;
  item: ChecklistItem;
  label: string;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const hints = useThreadHints(threadId);
  const [value, setValue] = useState<string | boolean>(() => initialValue(item, hints));
  const [state, setState] = useState<ItemState>(item.state === 'ej_paborjad' ? 'klar' : item.state);
  const [errors, setErrors] = useState<{ value?: string; state?: string; form?: string }>({});
  const change = useMutation({
    mutationFn: (parsed: ItemValue | undefined) =>
      unwrap(
        client.PATCH('/api/threads/{id}/checklists/items/{itemId}', {
          params: { path: { id: threadId, itemId: item.id } },
          body: { state, value: parsed, expectedVersion: item.version },
        }),
      ),
    onSuccess: onSaved,
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) {
        setErrors({ form: 'Någon annan ändrade punkten samtidigt. Den visar nu det senaste; gör din ändring igen om den behövs.' });
        onSaved();
      } else if (err instanceof ApiError)
        setErrors({
          value: err.fields.value,
          state: err.fields.state,
          form: err.fields.value || err.fields.state ? undefined : err.message,
        });
      else setErrors({ form: 'Ändringen sparades inte. Försök igen.' });
    },
  });
  const busy = change.isPending;

  const parse = () => parseItemValue(item, state, value);

  const save = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parse();
    if (parsed.error) {
      setErrors({ value: parsed.error });
      return;
    }
    setErrors({});
    change.mutate(parsed.value);
  };

  const valueLabel = item.label;
  return (
    <form className="item-editor" onSubmit={save} noValidate aria-label={`Ändra: ${label}`}>
      {errors.form && <Alert>{errors.form}</Alert>}
      {item.valueType === 'boolean' ? (
        <CheckboxField label={`${valueLabel}: ja`} checked={value === true} onChange={(e) => setValue(e.target.checked)} />
      ) : item.valueType === 'choice' ? (
        <SelectField label={valueLabel} value={String(value)} onChange={(e) => setValue(e.target.value)} error={errors.value}>
          <option value="">Välj …</option>
          {item.choices?.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </SelectField>
      ) : item.valueType === 'text' ? (
        <TextArea
          label={valueLabel}
          rows={2}
          value={String(value)}
          onChange={(e) => setValue(e.target.value)}
          error={errors.value}
          maxLength={2000}
        />
      ) : (
        <TextField
          label={valueLabel}
          type={item.valueType === 'date' ? 'date' : 'datetime-local'}
          value={String(value)}
          onChange={(e) => setValue(e.target.value)}
          error={errors.value}
          hint={item.notInPast ? 'Får inte ligga bakåt i tiden.' : undefined}
        />
      )}
      <SelectField label="Status" value={state} onChange={(e) => setState(e.target.value as ItemState)} error={errors.state}>
        {Object.entries(ITEM_STATE).map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </SelectField>
      <SaveCancel busy={busy} onCancel={onCancel} />
    </form>
  );
}

/** The templates not yet on the thread, each one click away. */
function ApplyTemplate({ threadId, applied, onDone }: { threadId: string; applied: string[]; onDone: () => void }) {
  const offered = useQuery(templatesQuery());
  const templates = offered.isError ? [] : (offered.data ?? null);
  const [error, setError] = useState<string | undefined>();
  const apply = useMutation({
    mutationFn: (templateKey: string) =>
      unwrap(client.POST('/api/threads/{id}/checklists', { params: { path: { id: threadId } }, body: { templateKey } })),
    onSuccess: () => {
      setError(undefined);
      onDone();
    },
    onError: (err) => setError(err instanceof ApiError ? (err.fields.templateKey ?? err.message) : 'Checklistan lades inte till.'),
  });
  const busy = apply.isPending;
  const available = (templates ?? []).filter((t) => !applied.includes(t.key));
  if (!templates || available.length === 0) return null;
  return (
    <div className="apply-template" role="group" aria-labelledby="apply-template-title">
      <p id="apply-template-title" className="small">
        Lägg till checklista:
      </p>
      {available.map((t) => (
        <button key={t.key} type="button" className="secondary" disabled={busy} onClick={() => apply.mutate(t.key)}>
          {t.name}
        </button>
      ))}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
