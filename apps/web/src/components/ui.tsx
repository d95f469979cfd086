import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { TRIAGE, STATUS } from '../format';
import type { Hemgang, ThreadStatus, Triage } from '../api/model';
import { hemgangLabel, hemgangReason } from '../thread/hemgang-text';

/** Triage as colour, shape and word: colour is never the only signal. */
export function TriageBadge({ triage }: { triage: Triage }) {
  const t = TRIAGE[triage];
  return (
    <span className={`triage triage-${triage}`} title={t.description}>
      <span className="triage-mark" aria-hidden="true" />
      {t.label}
    </span>
  );
}

export function StatusBadge({ status }: { status: ThreadStatus }) {
  return <span className={`status status-${status}`}>{STATUS[status] ?? status}</span>;
}

const HEMGANG_CLASS: Record<Hemgang['state'], string> = {
  klar: 'hk-ja',
  ej_klar: 'hk-nej',
  kontrollera_tiderna: 'hk-amber',
  utskriven: 'hk-utskriven',
};

/** The going-home state as a badge: word and mark, never colour alone; the reason as its title. */
/** `compact`: a short date, for the inbox table's column (see hemgangLabel). */
export function HemgangBadge({ hemgang, compact = false }: { hemgang: Hemgang; compact?: boolean }) {
  const reason = hemgangReason(hemgang);
  return (
    <span className={`hk ${HEMGANG_CLASS[hemgang.state]}`} title={reason || undefined} data-hemgang={hemgang.state}>
      {hemgang.state === 'klar' && <span aria-hidden="true">✓ </span>}
      {hemgang.state === 'kontrollera_tiderna' && <span aria-hidden="true">⚠ </span>}
      {hemgangLabel(hemgang, Date.now(), compact)}
    </span>
  );
}

export function Alert({
  kind = 'error',
  children,
  title,
}: {
  kind?: 'error' | 'info' | 'success' | 'warning';
  children: ReactNode;
  title?: string;
}) {
  return (
    <div className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {title && <p className="alert-title">{title}</p>}
      <div>{children}</div>
    </div>
  );
}

export function Loading({ text = 'Laddar …' }: { text?: string }) {
  return (
    <p className="loading" role="status">
      {text}
    </p>
  );
}

interface FieldShell {
  label: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
}

function Shell({ id, label, error, hint, required, className, children }: FieldShell & { id: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="required"> (obligatorisk)</span> : null}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
    </div>
  );
}

const describedBy = (id: string, error?: string, hint?: ReactNode) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function TextField({ label, error, hint, required, className, ...input }: FieldShell & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <Shell id={id} label={label} error={error} hint={hint} required={required} className={className}>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        aria-required={required || undefined}
        {...input}
      />
    </Shell>
  );
}

export function TextArea({ label, error, hint, required, className, ...input }: FieldShell & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <Shell id={id} label={label} error={error} hint={hint} required={required} className={className}>
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        aria-required={required || undefined}
        {...input}
      />
    </Shell>
  );
}

export function SelectField({
  label,
  error,
  hint,
  required,
  className,
  children,
  ...select
}: FieldShell & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }) {
  const id = useId();
  return (
    <Shell id={id} label={label} error={error} hint={hint} required={required} className={className}>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        aria-required={required || undefined}
        {...select}
      >
        {children}
      </select>
    </Shell>
  );
}

export function CheckboxField({ label, hint, ...input }: { label: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="field field-check">
      <input id={id} type="checkbox" aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** A summary of the form's errors at its top, each a link to its field (for keyboard and screen reader users). */
export function ErrorSummary({
  errors,
  labels,
  message,
}: {
  errors: Record<string, string>;
  labels: Record<string, string>;
  message?: string;
}) {
  const entries = Object.entries(errors);
  if (!entries.length && !message) return null;
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{message ?? 'Formuläret innehåller fel'}</p>
      {entries.length > 0 && (
        <ul>
          {entries.map(([field, text]) => (
            <li key={field}>
              {labels[field] ?? field}: {text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A form's last row: Spara (Sparar … while busy) and Avbryt. */
export function SaveCancel({ busy, onCancel }: { busy: boolean; onCancel: () => void }) {
  return (
    <div className="buttons">
      <button type="submit" disabled={busy}>
        {busy ? 'Sparar …' : 'Spara'}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Avbryt
      </button>
    </div>
  );
}
