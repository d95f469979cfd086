import { useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, idempotencyKey } from '../api';
import { CheckboxField, ErrorSummary, SelectField, TextArea, TextField } from '../components/ui';
import { toLocalInput } from '../format';
import type { Message, OrgKind } from '../types';
import { buildPayload, COMPOSABLE, type Draft, type FieldDef, type KindDef } from './kinds';

interface Props {
  threadId: string;
  isOwner: boolean;
  orgKinds: Set<OrgKind>;
  onPosted: (message: Message) => void;
}

function allowed(def: KindDef, isOwner: boolean, orgKinds: Set<OrgKind>): boolean {
  if (def.postedBy === 'any') return true;
  if (def.postedBy === 'owner') return isOwner;
  return def.postedBy.some((k) => orgKinds.has(k));
}

function initialDraft(def: KindDef): Draft {
  const draft: Draft = { body: '' };
  for (const f of def.fields) draft[f.name] = f.type === 'checkbox' ? false : f.type === 'datetime' && f.required ? toLocalInput(new Date()) : '';
  return draft;
}

/** Free text and the structured kinds the user may send, validated before sending and by the server. */
export function Composer({ threadId, isOwner, orgKinds, onPosted }: Props) {
  const kinds = useMemo(() => COMPOSABLE.filter((k) => allowed(k, isOwner, orgKinds)), [isOwner, orgKinds]);
  const [kind, setKind] = useState('fritext');
  const def = kinds.find((k) => k.kind === kind) ?? kinds[0];
  const [draft, setDraft] = useState<Draft>(() => initialDraft(def));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState('');
  // One key per draft: a retry after a lost answer cannot post twice.
  const key = useRef(idempotencyKey());

  const choose = (next: string) => {
    const d = kinds.find((k) => k.kind === next) ?? kinds[0];
    setKind(d.kind);
    setDraft((prev) => ({ ...initialDraft(d), body: prev.body }));
    setErrors({});
    setFailure(undefined);
    key.current = idempotencyKey();
  };
  const set = (name: string, value: string | boolean) => {
    setDraft((d) => ({ ...d, [name]: value }));
    if (errors[name]) setErrors(({ [name]: _, ...rest }) => rest);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = buildPayload(def, draft);
    setErrors(built.errors);
    setFailure(undefined);
    setSent('');
    if (Object.keys(built.errors).length) {
      focusFirstInvalid(event.currentTarget as HTMLFormElement);
      return;
    }
    setSending(true);
    api
      .post<Message>(`/api/threads/${encodeURIComponent(threadId)}/messages`, {
        kind: def.kind,
        ...(built.body ? { body: built.body } : {}),
        ...(built.payload ? { payload: built.payload } : {}),
        idempotencyKey: key.current,
      })
      .then((message) => {
        onPosted(message);
        setSent(`${def.title} skickat.`);
        // A structured message is a one-off: back to writing free text.
        choose('fritext');
        setDraft(initialDraft(kinds[0]));
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError) {
          setErrors(e.fields);
          setFailure(Object.keys(e.fields).length ? 'Meddelandet skickades inte: rätta de markerade fälten.' : e.message);
        } else setFailure('Meddelandet skickades inte. Försök igen.');
      })
      .finally(() => setSending(false));
  };

  const labels: Record<string, string> = { body: def.bodyLabel, ...Object.fromEntries(def.fields.map((f) => [f.name, f.label])) };
  const structured = def.fields.length > 0;
  return (
    <form className={`composer${structured ? ' composer-structured' : ''}`} onSubmit={submit} noValidate aria-label="Skriv i ärendet">
      <div className="composer-top">
        <SelectField label="Typ av meddelande" value={def.kind} onChange={(e) => choose(e.target.value)} className="composer-kind">
          {kinds.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.title}
            </option>
          ))}
        </SelectField>
        <p className="composer-status" role="status">
          {sent}
        </p>
      </div>
      {(failure || Object.keys(errors).length > 0) && <ErrorSummary errors={errors} labels={labels} message={failure} />}
      {structured && (
        <div className="composer-fields">
          {def.fields.map((f) => (
            <PayloadField key={f.name} field={f} value={draft[f.name]} error={errors[f.name]} onChange={(v) => set(f.name, v)} />
          ))}
        </div>
      )}
      <div className="composer-bottom">
        <TextArea
          label={def.bodyLabel}
          required={def.bodyRequired}
          rows={structured ? 1 : 2}
          value={String(draft.body ?? '')}
          error={errors.body}
          onChange={(e) => set('body', e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit();
          }}
          className="composer-body"
          hint={structured ? undefined : 'Ctrl+Enter skickar.'}
        />
        <button type="submit" disabled={sending}>
          {sending ? 'Skickar …' : structured ? `Skicka ${def.title.toLowerCase()}` : 'Skicka'}
        </button>
      </div>
    </form>
  );
}

export function focusFirstInvalid(form: HTMLFormElement): void {
  window.setTimeout(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
}

function PayloadField({ field: f, value, error, onChange }: { field: FieldDef; value: string | boolean | undefined; error?: string; onChange: (v: string | boolean) => void }) {
  const common = { label: f.label, required: f.required, error, hint: f.hint };
  switch (f.type) {
    case 'checkbox':
      return <CheckboxField label={f.label} checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
    case 'select':
      return (
        <SelectField {...common} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
          <option value="">Välj …</option>
          {f.options?.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </SelectField>
      );
    case 'textarea':
    case 'lines':
      return <TextArea {...common} rows={2} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} className="field-wide" />;
    case 'datetime':
      return <TextField {...common} type="datetime-local" value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />;
    case 'date':
      return <TextField {...common} type="date" value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />;
    case 'number':
      return <TextField {...common} type="number" inputMode="decimal" min={0} max={f.max} step="0.5" value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />;
    case 'text':
      return <TextField {...common} type="text" maxLength={f.maxLength} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />;
  }
}
