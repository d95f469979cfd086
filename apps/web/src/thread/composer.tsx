import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/errors';
import { idempotencyKey } from '../api/idempotency';
import { CheckboxField, ErrorSummary, SelectField, TextArea, TextField } from '../components/ui';
import { formatWhen, fromLocalInput, lowerFirst, toLocalInput } from '../format';
import type { Attachment, Message, OrgKind, ThreadStatus } from '../api/model';
import { AttachmentPicker } from './attachments';
import { useThreadHints } from './checklist-quick';
import { DischargeConflicts, useDischargeConflicts } from './discharge-check';
import { keepDraft, keptDraft } from './drafts';
import { usePostMessage, type NewMessage } from './post-message';
import { buildPayload, draftFromPayload, offeredKinds, type Draft, type FieldDef, type KindDef } from './kinds';

interface Props {
  threadId: string;
  isOwner: boolean;
  orgKinds: Set<OrgKind>;
  status: ThreadStatus;
  /** The other units taking part: who a SIP summons may call. */
  otherUnits: { unitId: string; name: string }[];
  onPosted: (message: Message) => void;
  /** A message of my unit to correct: the composer opens with its kind and content. */
  correcting?: Message | null;
  onCancelCorrection?: () => void;
  /** The server refused the write (409: e.g. the thread was closed meanwhile). */
  onRefused?: (error: ApiError) => void;
}

function initialDraft(def: KindDef, otherUnits: Props['otherUnits']): Draft {
  const draft: Draft = { body: '' };
  for (const f of def.fields) {
    draft[f.name] =
      f.type === 'checkbox'
        ? false
        : f.type === 'datetime' && f.required
          ? toLocalInput(new Date())
          : f.type === 'units'
            ? otherUnits.map((u) => u.unitId).join(',')
            : '';
  }
  return draft;
}

/** Free text and the structured kinds the user may send, validated before sending and by the server. */
export function Composer({ threadId, isOwner, orgKinds, status, otherUnits, onPosted, correcting, onCancelCorrection, onRefused }: Props) {
  const kinds = useMemo(() => offeredKinds(isOwner, orgKinds, status), [isOwner, orgKinds, status]);
  const [kind, setKind] = useState(correcting?.kind ?? 'fritext');
  const def = kinds.find((k) => k.kind === kind) ?? kinds[0];
  const [draft, setDraft] = useState<Draft>(() =>
    correcting && def?.kind === correcting.kind
      ? draftFromPayload(def, correcting.payload, correcting.body)
      : def
        ? { ...initialDraft(def, otherUnits), body: keptDraft(threadId) }
        : { body: '' },
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const post = usePostMessage(threadId);
  const sending = post.isPending;
  const [sent, setSent] = useState('');
  const [attached, setAttached] = useState<Attachment[]>([]);
  /** utskrivningsmeddelande: which attached file is the medication list. */
  const [medicationList, setMedicationList] = useState('');
  // One key per draft: a retry after a lost answer cannot post twice.
  const key = useRef(idempotencyKey());
  /** utskrivningsmeddelande: the plan's conflicts at the chosen time, and the ward's confirmation with its reason. */
  const discharging = def?.kind === 'utskrivningsmeddelande';
  const dischargeAt = discharging ? fromLocalInput(String(draft.utskrivenAt ?? '')) : null;
  const check = useDischargeConflicts(threadId, dischargeAt, discharging);
  const [confirmed, setConfirmed] = useState(false);
  const [reason, setReason] = useState('');

  // Kept outside the component: the text outlives the composer if the thread closes under the user (DraftRescue).
  const body = String(draft.body ?? '');
  useEffect(() => keepDraft(threadId, body), [threadId, body]);
  const hints = useThreadHints(threadId);

  if (!def) return null;
  const choose = (next: string) => {
    const d = kinds.find((k) => k.kind === next) ?? kinds[0];
    setKind(d.kind);
    // The planned date the thread already has (from the inskrivningsmeddelande) starts the planned-discharge form.
    const prefill: Draft = d.kind === 'planerad_utskrivning' && hints.planned ? { planeradUtskrivning: hints.planned } : {};
    setDraft((prev) => ({ ...initialDraft(d, otherUnits), ...prefill, body: prev.body }));
    setErrors({});
    setFailure(undefined);
    setConfirmed(false);
    setReason('');
    key.current = idempotencyKey();
  };
  const set = (name: string, value: string | boolean) => {
    setDraft((d) => ({ ...d, [name]: value }));
    if (errors[name]) setErrors(({ [name]: _, ...rest }) => rest);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = buildPayload(def, draft);
    if (discharging && check.conflicts.length) {
      if (!confirmed) built.errors.bekraftaTrotsKonflikter = 'Bekräfta att patienten skrivs ut trots avvikelserna, eller ändra tiden.';
      else if (!reason.trim()) built.errors.orsak = 'Skriv varför patienten skrivs ut ändå.';
    }
    setErrors(built.errors);
    setFailure(undefined);
    setSent('');
    if (Object.keys(built.errors).length) {
      focusFirstInvalid(event.currentTarget as HTMLFormElement);
      return;
    }
    const listId = def.kind === 'utskrivningsmeddelande' && attached.some((a) => a.id === medicationList) ? medicationList : '';
    const withList = listId ? { ...built.payload, lakemedelslistaBifogad: true, lakemedelslistaBilaga: listId } : built.payload;
    const payload =
      discharging && check.conflicts.length && confirmed ? { ...withList, bekraftaTrotsKonflikter: true, orsak: reason.trim() } : withList;
    const message = {
      kind: def.kind as NewMessage['kind'],
      ...(built.body ? { body: built.body } : {}),
      ...(payload ? { payload } : {}),
      ...(attached.length ? { attachmentIds: attached.map((a) => a.id) } : {}),
      ...(correcting ? { correctsMessageId: correcting.id, unitId: correcting.author.unitId } : {}),
      idempotencyKey: key.current,
    };
    post.mutate(message, {
      onSuccess: (posted) => {
        onPosted(posted);
        setAttached([]);
        setMedicationList('');
        setSent(correcting ? 'Rättelsen skickad.' : `${def.title} skickat.`);
        if (correcting) {
          onCancelCorrection?.();
          return;
        }
        // A structured message is a one-off: back to writing free text.
        choose('fritext');
        setDraft(initialDraft(kinds[0], otherUnits));
      },
      // The server's Swedish message beside each field it refused.
      onError: (e) => {
        if (e instanceof ApiError) {
          setErrors(e.fields);
          setFailure(Object.keys(e.fields).length ? 'Meddelandet skickades inte: rätta de markerade fälten.' : e.message);
          if (e.status === 409) onRefused?.(e);
          // The plan changed since the check: show the conflicts the server found.
          if (e.status === 409 && discharging) check.refetch();
        } else setFailure('Meddelandet skickades inte. Försök igen.');
      },
    });
  };

  const labels: Record<string, string> = {
    body: def.bodyLabel,
    ...Object.fromEntries(def.fields.map((f) => [f.name, f.label])),
    bekraftaTrotsKonflikter: 'Skriv ut ändå',
    orsak: def.fields.find((f) => f.name === 'orsak')?.label ?? 'Orsak',
  };
  const structured = def.fields.length > 0;
  const giltigtTillRequired = def.kind === 'hemgangsbeslut' && draft.per === 'period';
  return (
    <form
      className={`composer${structured ? ' composer-structured' : ''}${correcting ? ' composer-correcting' : ''}`}
      onSubmit={submit}
      noValidate
      aria-label={correcting ? 'Rätta meddelande' : 'Skriv i ärendet'}
    >
      {correcting ? (
        <div className="composer-top correcting-note">
          <p>
            <strong>Du rättar {lowerFirst(def.title)}</strong> från {formatWhen(correcting.createdAt)}. Rättelsen ersätter meddelandet, som
            visas överstruket.
          </p>
          <button type="button" className="secondary" onClick={onCancelCorrection}>
            Avbryt rättelsen
          </button>
        </div>
      ) : (
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
      )}
      {(failure || Object.keys(errors).length > 0) && <ErrorSummary errors={errors} labels={labels} message={failure} />}
      {structured && (
        <div className="composer-fields">
          {def.fields.map((f) => (
            <PayloadField
              key={f.name}
              field={f.name === 'giltigtTill' && giltigtTillRequired ? { ...f, required: true } : f}
              value={draft[f.name]}
              error={errors[f.name]}
              units={otherUnits}
              onChange={(v) => set(f.name, v)}
            />
          ))}
        </div>
      )}
      {discharging && (
        <DischargeConflicts
          conflicts={check.conflicts}
          loaded={check.loaded}
          confirmed={confirmed}
          reason={reason}
          errors={errors}
          onConfirm={(on) => {
            setConfirmed(on);
            setErrors(({ bekraftaTrotsKonflikter: _, ...rest }) => rest);
          }}
          onReason={(text) => {
            setReason(text);
            setErrors(({ orsak: _, ...rest }) => rest);
          }}
        />
      )}
      <AttachmentPicker threadId={threadId} attached={attached} onChange={setAttached} />
      {def.kind === 'utskrivningsmeddelande' && attached.length > 0 && (
        <SelectField
          label="Läkemedelslista (bilaga)"
          value={medicationList}
          onChange={(e) => setMedicationList(e.target.value)}
          hint="Filen som är patientens läkemedelslista."
        >
          <option value="">Ingen av filerna</option>
          {attached.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </SelectField>
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
          {sending ? 'Skickar …' : correcting ? 'Skicka rättelse' : structured ? `Skicka ${lowerFirst(def.title)}` : 'Skicka'}
        </button>
      </div>
    </form>
  );
}

export function focusFirstInvalid(form: HTMLFormElement): void {
  window.setTimeout(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
}

interface FieldProps {
  field: FieldDef;
  value: string | boolean | undefined;
  error?: string;
  units: Props['otherUnits'];
  onChange: (v: string | boolean) => void;
}

function PayloadField({ field: f, value, error, units, onChange }: FieldProps) {
  const common = { label: f.label, required: f.required, error, hint: f.hint };
  switch (f.type) {
    case 'units': {
      const chosen = new Set(
        String(value ?? '')
          .split(',')
          .filter(Boolean),
      );
      const toggle = (unitId: string, on: boolean) => {
        if (on) chosen.add(unitId);
        else chosen.delete(unitId);
        onChange(
          units
            .map((u) => u.unitId)
            .filter((u) => chosen.has(u))
            .join(','),
        );
      };
      return (
        <fieldset className={`field-wide unit-choice${error ? ' field-invalid' : ''}`}>
          <legend>{f.label}</legend>
          {units.length === 0 && <p className="muted small">Inga andra enheter deltar.</p>}
          {units.map((u) => (
            <CheckboxField
              key={u.unitId}
              label={u.name}
              checked={chosen.has(u.unitId)}
              onChange={(e) => toggle(u.unitId, e.target.checked)}
            />
          ))}
          {error && (
            <p className="field-error">
              <span aria-hidden="true">⚠ </span>
              {error}
            </p>
          )}
        </fieldset>
      );
    }
    case 'unit':
      return (
        <SelectField {...common} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
          <option value="">Välj enhet …</option>
          {units.map((u) => (
            <option key={u.unitId} value={u.unitId}>
              {u.name}
            </option>
          ))}
        </SelectField>
      );
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
      return (
        <TextArea {...common} rows={2} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} className="field-wide" />
      );
    case 'datetime':
      return <TextField {...common} type="datetime-local" value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />;
    case 'date':
      return <TextField {...common} type="date" value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />;
    case 'number':
      return (
        <TextField
          {...common}
          type="number"
          inputMode="decimal"
          min={0}
          max={f.max}
          step="0.5"
          value={String(value ?? '')}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case 'text':
      return (
        <TextField {...common} type="text" maxLength={f.maxLength} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />
      );
  }
}
