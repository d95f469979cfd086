import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, idempotencyKey } from '../api';
import { Alert, CheckboxField, Loading, SaveCancel, SelectField, TextArea, TextField } from '../components/ui';
import { useDebouncedCallback } from '../components/use-debounced';
import { formatDate, formatDateTime, formatWhen, fromLocalInput, ITEM_STATE, isValidDate, shortName, toLocalInput } from '../format';
import { useSocketEvent } from '../socket';
import { hemgangsklarText } from './hemgang-text';
import type { Checklist, ChecklistItem, ItemChange, ItemState, ItemValue, Membership, Template, ThreadChecklists } from '../api/model';

const RECEIVING = new Set(['hemtjanst', 'hemsjukvard']);

interface Props {
  threadId: string;
  isOwner: boolean;
  /** My units in this thread. */
  myUnits: Membership[];
  /** Called after any change here: the thread (hemgångsklar) may have changed too. */
  onChanged: () => void;
  onOverview: (overview: ThreadChecklists) => void;
  /** Avslutad or makulerad: shown, but nothing can be changed. */
  closed?: boolean;
  /** The medication list sent as an attachment: the item "skickad" links to its message. */
  medicationList?: MedicationListLink | null;
}

export interface MedicationListLink {
  messageId: string;
  name: string;
}

/** Checklists, readiness of the receiving units, and why the thread is not yet hemgångsklar. */
export function ChecklistPanel({ threadId, isOwner, myUnits, onChanged, onOverview, closed = false, medicationList }: Props) {
  const [overview, setOverview] = useState<ThreadChecklists | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/threads/${encodeURIComponent(threadId)}`;

  const load = useCallback(() => {
    api
      .get<ThreadChecklists>(`${base}/checklists`)
      .then((o) => {
        setOverview(o);
        onOverview(o);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [base, onOverview]);
  useEffect(load, [load]);
  const reload = useDebouncedCallback(load, 200);
  const forThread = (e: { threadId: string }) => {
    if (e.threadId === threadId) reload();
  };
  useSocketEvent('checklist:changed', forThread);
  useSocketEvent('readiness:changed', forThread);
  useSocketEvent('thread:changed', forThread);

  const changed = () => {
    load();
    onChanged();
  };

  if (error && !overview) return <Alert title="Checklistorna kunde inte hämtas">{error}</Alert>;
  if (!overview) return <Loading text="Hämtar checklistor …" />;
  const receivingUnits = myUnits.filter((u) => RECEIVING.has(u.orgKind));
  return (
    <div className="panel">
      <section aria-labelledby="hemgang-title" className="panel-section" id="hemgang">
        <h2 id="hemgang-title">Hemgång</h2>
        {overview.hemgangsklar ? (
          <p className="ok-line">
            <span aria-hidden="true">✓ </span>
            {hemgangsklarText(overview)}
          </p>
        ) : (
          <MissingList missing={overview.missing} />
        )}
        {(overview.warnings ?? []).map((w) => (
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
        {!closed && receivingUnits.map((u) => {
          const mine = overview.readiness.find((r) => r.unitId === u.unitId);
          return mine ? <ReadinessForm key={u.unitId} base={base} unit={u} ready={mine.redo} onDone={changed} /> : null;
        })}
      </section>
      <section aria-labelledby="checklists-title" className="panel-section">
        <h2 id="checklists-title">Checklistor</h2>
        {overview.checklists.length === 0 && <p className="muted">Ingen checklista är tillagd ännu.</p>}
        {overview.checklists.map((c) => (
          <ChecklistView key={c.id} base={base} checklist={c} onChanged={changed} closed={closed} medicationList={medicationList} />
        ))}
        {isOwner && !closed && <ApplyTemplate base={base} applied={overview.checklists.map((c) => c.templateKey)} onDone={changed} />}
      </section>
    </div>
  );
}

const MISSING_SHOWN = 4;

/** Why the thread is not hemgångsklar: the first few reasons, the rest a click away. */
function MissingList({ missing }: { missing: ThreadChecklists['missing'] }) {
  const [all, setAll] = useState(false);
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

function ReadinessForm({ base, unit, ready, onDone }: { base: string; unit: Membership; ready: boolean; onDone: () => void }) {
  const [from, setFrom] = useState(() => toLocalInput(new Date()));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(idempotencyKey);

  const confirm = (e: FormEvent) => {
    e.preventDefault();
    const redoFran = fromLocalInput(from);
    if (!redoFran) {
      setError('Ange datum och klockslag, t.ex. 2026-11-24 10:00.');
      return;
    }
    setBusy(true);
    setError(undefined);
    api
      .post(`${base}/readiness`, { redoFran, unitId: unit.unitId, idempotencyKey: key })
      .then(() => {
        setKey(idempotencyKey());
        onDone();
      })
      .catch((err: unknown) => setError(err instanceof ApiError ? (err.fields.redoFran ?? err.message) : 'Det gick inte att bekräfta. Försök igen.'))
      .finally(() => setBusy(false));
  };
  const withdraw = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    api
      .post(`${base}/readiness/withdraw`, { unitId: unit.unitId, idempotencyKey: key, ...(reason.trim() ? { orsak: reason.trim() } : {}) })
      .then(() => {
        setKey(idempotencyKey());
        setReason('');
        onDone();
      })
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : 'Det gick inte att återkalla. Försök igen.'))
      .finally(() => setBusy(false));
  };

  return ready ? (
    <form className="readiness-form" onSubmit={withdraw} aria-label={`Återkalla redo för ${unit.unitName}`}>
      <TextField label={`Orsak till återkallelse (${unit.unitName})`} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} error={error} />
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
  base,
  checklist,
  onChanged,
  closed,
  medicationList,
}: {
  base: string;
  checklist: Checklist;
  onChanged: () => void;
  closed: boolean;
  medicationList?: MedicationListLink | null;
}) {
  const applicable = checklist.items.filter((i) => i.applies);
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
      <ul className="items">
        {applicable.map((item) => {
          const heading = item.group && item.group !== group ? item.group : null;
          group = item.group;
          return (
            <li key={item.id}>
              {heading && <p className="item-group">{heading}</p>}
              <ItemRow base={base} item={closed ? { ...item, mayChange: false } : item} onChanged={onChanged} attachment={item.key === 'lista_skickad' ? medicationList : null} />
            </li>
          );
        })}
      </ul>
      {hidden > 0 && <p className="muted small">{hidden} punkter gäller inte med de val som gjorts och visas inte.</p>}
    </section>
  );
}

function valueText(item: ChecklistItem): string {
  const v = item.value;
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'Ja' : 'Nej';
  if (item.valueType === 'datetime') return formatDateTime(v);
  if (item.valueType === 'date') return formatDate(v);
  return v;
}

function ItemRow({ base, item, onChanged, attachment }: { base: string; item: ChecklistItem; onChanged: () => void; attachment?: MedicationListLink | null }) {
  const [editing, setEditing] = useState(false);
  const [history, setHistory] = useState<ItemChange[] | null>(null);
  const label = `${item.group ? `${item.group}: ` : ''}${item.label}`;
  const showHistory = () => {
    if (history) {
      setHistory(null);
      return;
    }
    api
      .get<{ changes?: ItemChange[]; history?: ItemChange[] } | ItemChange[]>(`${base}/checklists/items/${item.id}/history`)
      .then((h) => setHistory(Array.isArray(h) ? h : (h.changes ?? h.history ?? [])))
      .catch(() => setHistory([]));
  };
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
          <a href={`#msg-${attachment.messageId}`} className="small" onClick={() => document.getElementById(`msg-${attachment.messageId}`)?.focus()}>
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
            <button type="button" className="link-button" onClick={showHistory} aria-expanded={history !== null} aria-label={`Historik: ${label}`}>
              Historik
            </button>
          )}
        </span>
      </div>
      {item.help && <p className="hint small">{item.help}</p>}
      {history && (
        <ol className="history small" aria-label={`Historik för ${label}`}>
          {history.length === 0 && <li>Ingen historik.</li>}
          {history.map((h) => (
            <li key={h.version}>
              {formatWhen(h.changedAt)} {shortName(h.changedBy.name)} ({h.changedBy.unitName}): {ITEM_STATE[h.before.state]} → {ITEM_STATE[h.after.state]}
            </li>
          ))}
        </ol>
      )}
      {editing && (
        <ItemEditor
          base={base}
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

function initialValue(item: ChecklistItem): string | boolean {
  if (item.value === null) return item.valueType === 'boolean' ? false : item.valueType === 'datetime' ? toLocalInput(new Date()) : '';
  if (item.valueType === 'datetime' && typeof item.value === 'string') return toLocalInput(item.value);
  return item.value;
}

function ItemEditor({ base, item, label, onCancel, onSaved }: { base: string; item: ChecklistItem; label: string; onCancel: () => void; onSaved: () => void }) {
  const [value, setValue] = useState<string | boolean>(() => initialValue(item));
  const [state, setState] = useState<ItemState>(item.state === 'ej_paborjad' ? 'klar' : item.state);
  const [errors, setErrors] = useState<{ value?: string; state?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  const parse = (): { value?: ItemValue; error?: string } => {
    if (state === 'ej_aktuell' || state === 'ej_paborjad') {
      if (value === '' ) return { value: null };
    }
    switch (item.valueType) {
      case 'boolean':
        return { value: value === true };
      case 'datetime': {
        if (value === '') return state === 'klar' ? { error: 'Ange datum och klockslag.' } : { value: null };
        const iso = fromLocalInput(String(value));
        if (!iso) return { error: 'Ange datum och klockslag, t.ex. 2026-11-24 10:00.' };
        if (item.notInPast && new Date(iso).getTime() < Date.now() - 60_000) return { error: 'Tidpunkten har redan passerat.' };
        return { value: iso };
      }
      case 'date':
        if (value === '') return state === 'klar' ? { error: 'Ange ett datum.' } : { value: null };
        if (!isValidDate(String(value))) return { error: 'Ange ett giltigt datum (ÅÅÅÅ-MM-DD).' };
        return { value: String(value) };
      case 'choice':
        if (value === '') return state === 'klar' ? { error: 'Välj ett alternativ.' } : { value: null };
        return { value: String(value) };
      case 'text': {
        const text = String(value).trim();
        if (!text) return state === 'klar' ? { error: 'Fyll i fältet.' } : { value: null };
        if (text.length > 2000) return { error: 'Högst 2000 tecken.' };
        return { value: text };
      }
    }
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parse();
    if (parsed.error) {
      setErrors({ value: parsed.error });
      return;
    }
    setBusy(true);
    setErrors({});
    api
      .patch(`${base}/checklists/items/${item.id}`, { state, value: parsed.value, expectedVersion: item.version })
      .then(onSaved)
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 409) {
          setErrors({ form: 'Någon annan ändrade punkten samtidigt. Den visar nu det senaste; gör din ändring igen om den behövs.' });
          onSaved();
        } else if (err instanceof ApiError) setErrors({ value: err.fields.value, state: err.fields.state, form: err.fields.value || err.fields.state ? undefined : err.message });
        else setErrors({ form: 'Ändringen sparades inte. Försök igen.' });
      })
      .finally(() => setBusy(false));
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
        <TextArea label={valueLabel} rows={2} value={String(value)} onChange={(e) => setValue(e.target.value)} error={errors.value} maxLength={2000} />
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

function ApplyTemplate({ base, applied, onDone }: { base: string; applied: string[]; onDone: () => void }) {
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api
      .get<{ templates: Template[] }>('/api/checklist-templates')
      .then((r) => setTemplates(r.templates))
      .catch(() => setTemplates([]));
  }, []);
  const available = (templates ?? []).filter((t) => !applied.includes(t.key));
  if (!templates || available.length === 0) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!key) {
      setError('Välj en checklista.');
      return;
    }
    setBusy(true);
    setError(undefined);
    api
      .post(`${base}/checklists`, { templateKey: key })
      .then(() => {
        setKey('');
        onDone();
      })
      .catch((err: unknown) => setError(err instanceof ApiError ? (err.fields.templateKey ?? err.message) : 'Checklistan lades inte till.'))
      .finally(() => setBusy(false));
  };
  return (
    <form className="apply-template" onSubmit={submit} noValidate>
      <SelectField label="Lägg till checklista" value={key} onChange={(e) => setKey(e.target.value)} error={error}>
        <option value="">Välj …</option>
        {available.map((t) => (
          <option key={t.key} value={t.key}>
            {t.name}
          </option>
        ))}
      </SelectField>
      <button type="submit" disabled={busy}>
        Lägg till
      </button>
    </form>
  );
}
