import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { client, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import { CheckboxField, SaveCancel, TextArea, TextField } from '../components/ui';
import { ORG_KIND } from '../format';
import type { Fact, FactKey, OrgKind } from '../api/model';

/** Who owns each fact: only a unit of that organisation kind sets it (the server decides). */
export const FACT_OWNER: Record<FactKey, OrgKind> = {
  folkbokforingsadress: 'slutenvard',
  narstaende: 'slutenvard',
  samtycke: 'slutenvard',
  avdelningens_telefon: 'slutenvard',
  fast_vardkontakt: 'primarvard',
  stod_fore_inskrivning: 'sof',
  ansvarig_handlaggare: 'sof',
};

export const FACT_LABEL: Record<FactKey, string> = {
  folkbokforingsadress: 'Folkbokföringsadress',
  narstaende: 'Närstående',
  samtycke: 'Samtycke till informationsöverföring',
  avdelningens_telefon: 'Avdelningens telefon',
  fast_vardkontakt: 'Fast vårdkontakt',
  stod_fore_inskrivning: 'Stöd före inskrivningen',
  ansvarig_handlaggare: 'Ansvarig handläggare',
};

export const FACT_KEYS = Object.keys(FACT_OWNER) as FactKey[];

export const SAMTYCKE: Record<string, string> = { givet: 'Givet', ej_givet: 'Ej givet', kan_ej_ta_stallning: 'Kan inte ta ställning' };
const CONSENT_KINDS: OrgKind[] = ['sof', 'hemsjukvard', 'hemtjanst', 'primarvard', 'slutenvard'];

interface Person {
  namn: string;
  relation: string;
  telefon: string;
  informerad: boolean;
}
type Values = Record<string, string | boolean>;

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const EMPTY_PERSON: Person = { namn: '', relation: '', telefon: '', informerad: false };

function initialValues(key: FactKey, fact?: Fact): Values {
  const v = fact?.value ?? {};
  if (key === 'folkbokforingsadress')
    return { skyddad: v.skyddad === true, gatuadress: str(v.gatuadress), postnummer: str(v.postnummer), ort: str(v.ort) };
  if (key === 'samtycke') {
    const orgs = Array.isArray(v.organisationer) ? (v.organisationer as string[]) : ['sof', 'hemsjukvard', 'hemtjanst'];
    return { status: str(v.status), ...Object.fromEntries(CONSENT_KINDS.map((k) => [`org_${k}`, orgs.includes(k)])) };
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'boolean' ? x : str(x)]));
}

/** The value to send, trimmed; empty optional fields left out. */
function buildValue(key: FactKey, values: Values, persons: Person[]): Record<string, unknown> {
  const t = (name: string) => str(values[name]).trim();
  switch (key) {
    case 'folkbokforingsadress':
      return values.skyddad === true
        ? { skyddad: true }
        : { skyddad: false, gatuadress: t('gatuadress'), postnummer: t('postnummer'), ort: t('ort') };
    case 'narstaende':
      return {
        personer: persons.map((p) => ({
          namn: p.namn.trim(),
          relation: p.relation.trim(),
          telefon: p.telefon.trim(),
          informerad: p.informerad,
        })),
      };
    case 'samtycke':
      return t('status') === 'givet'
        ? { status: 'givet', organisationer: CONSENT_KINDS.filter((k) => values[`org_${k}`] === true) }
        : { status: t('status') };
    case 'avdelningens_telefon':
      return { telefon: t('telefon') };
    case 'fast_vardkontakt':
      return { namn: t('namn'), enhet: t('enhet'), telefon: t('telefon') };
    case 'stod_fore_inskrivning':
      return { beskrivning: t('beskrivning') };
    case 'ansvarig_handlaggare':
      return { namn: t('namn'), telefon: t('telefon') };
  }
}

/** "value.postnummer" → "postnummer"; the server's messages begin in lower case. */
function fieldErrors(e: ApiError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(e.fields)) {
    const name = field.replace(/^value\./, '');
    out[name] = message.charAt(0).toUpperCase() + message.slice(1);
  }
  return out;
}

interface FormProps {
  threadId: string;
  factKey: FactKey;
  fact?: Fact;
  onSaved: (fact: Fact) => void;
  onCancel: () => void;
  onRefused: (e: ApiError) => void;
}

/** Sets one fact, with the server's validation message beside each field. */
export function FactForm({ threadId, factKey, fact, onSaved, onCancel, onRefused }: FormProps) {
  const [values, setValues] = useState<Values>(() => initialValues(factKey, fact));
  const [persons, setPersons] = useState<Person[]>(() => {
    const list = fact?.value.personer;
    return Array.isArray(list) && list.length ? (list as Person[]).map((p) => ({ ...EMPTY_PERSON, ...p })) : [{ ...EMPTY_PERSON }];
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: (body: { value: Record<string, unknown>; expectedVersion: number }) =>
      unwrap(client.PUT('/api/threads/{id}/facts/{key}', { params: { path: { id: threadId, key: factKey } }, body })),
    onSuccess: onSaved,
    onError: (e) => {
      if (!(e instanceof ApiError)) return setFailure('Uppgiften sparades inte. Försök igen.');
      const fields = fieldErrors(e);
      setErrors(fields);
      setFailure(Object.keys(fields).length ? 'Uppgiften sparades inte: rätta de markerade fälten.' : e.message);
      if (e.status === 409) onRefused(e);
    },
  });
  const busy = save.isPending;
  const label = FACT_LABEL[factKey];

  const set = (name: string, value: string | boolean) => setValues((v) => ({ ...v, [name]: value }));
  const setPerson = (i: number, patch: Partial<Person>) => setPersons((list) => list.map((p, j) => (j === i ? { ...p, ...patch } : p)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFailure(undefined);
    save.mutate({ value: buildValue(factKey, values, persons), expectedVersion: fact?.version ?? 0 });
  };

  const text = (
    name: string,
    fieldLabel: string,
    extra: { required?: boolean; hint?: string; inputMode?: 'tel' | 'numeric'; type?: string } = {},
  ) => (
    <TextField
      label={fieldLabel}
      required={extra.required ?? true}
      hint={extra.hint}
      type={extra.type ?? 'text'}
      inputMode={extra.inputMode}
      value={str(values[name])}
      onChange={(e) => set(name, e.target.value)}
      error={errors[name]}
    />
  );
  const PHONE_HINT = 'T.ex. 0498-26 80 00 eller +46 498 26 80 00.';

  return (
    <form className="fact-form" onSubmit={submit} noValidate aria-label={`Ändra: ${label}`}>
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
      {factKey === 'folkbokforingsadress' && (
        <>
          <CheckboxField
            label="Skyddad adress (skyddad folkbokföring)"
            checked={values.skyddad === true}
            onChange={(e) => set('skyddad', e.target.checked)}
          />
          {values.skyddad !== true && (
            <div className="row">
              {text('gatuadress', 'Gatuadress')}
              {text('postnummer', 'Postnummer', { hint: 'Fem siffror, t.ex. 621 84.', inputMode: 'numeric' })}
              {text('ort', 'Ort')}
            </div>
          )}
        </>
      )}
      {factKey === 'narstaende' && (
        <>
          {persons.map((p, i) => (
            <fieldset key={i} className="person">
              <legend>Närstående {i + 1}</legend>
              <div className="row">
                <TextField
                  label="Namn"
                  required
                  value={p.namn}
                  onChange={(e) => setPerson(i, { namn: e.target.value })}
                  error={errors[`personer.${i}.namn`]}
                />
                <TextField
                  label="Relation"
                  required
                  hint="T.ex. dotter, make."
                  value={p.relation}
                  onChange={(e) => setPerson(i, { relation: e.target.value })}
                  error={errors[`personer.${i}.relation`]}
                />
                <TextField
                  label="Telefon"
                  required
                  type="tel"
                  hint={PHONE_HINT}
                  value={p.telefon}
                  onChange={(e) => setPerson(i, { telefon: e.target.value })}
                  error={errors[`personer.${i}.telefon`]}
                />
              </div>
              <CheckboxField
                label="Informerad om planerad utskrivning"
                checked={p.informerad}
                onChange={(e) => setPerson(i, { informerad: e.target.checked })}
              />
              {persons.length > 1 && (
                <button type="button" className="link-button" onClick={() => setPersons((list) => list.filter((_, j) => j !== i))}>
                  Ta bort närstående {i + 1}
                </button>
              )}
            </fieldset>
          ))}
          {persons.length < 10 && (
            <button type="button" className="secondary" onClick={() => setPersons((list) => [...list, { ...EMPTY_PERSON }])}>
              Lägg till närstående
            </button>
          )}
        </>
      )}
      {factKey === 'samtycke' && (
        <>
          <fieldset className={errors.status ? 'field-invalid' : undefined}>
            <legend>Patientens samtycke till att uppgifter lämnas mellan verksamheterna</legend>
            {Object.entries(SAMTYCKE).map(([v, l]) => (
              <label key={v} className="radio">
                <input type="radio" name="samtycke-status" value={v} checked={values.status === v} onChange={() => set('status', v)} /> {l}
              </label>
            ))}
            {errors.status && <p className="field-error">{errors.status}</p>}
          </fieldset>
          {values.status === 'givet' && (
            <fieldset>
              <legend>Samtycket gäller</legend>
              {CONSENT_KINDS.map((k) => (
                <CheckboxField
                  key={k}
                  label={ORG_KIND[k]}
                  checked={values[`org_${k}`] === true}
                  onChange={(e) => set(`org_${k}`, e.target.checked)}
                />
              ))}
              {errors.organisationer && <p className="field-error">{errors.organisationer}</p>}
            </fieldset>
          )}
        </>
      )}
      {factKey === 'avdelningens_telefon' && text('telefon', 'Telefon', { hint: PHONE_HINT, type: 'tel' })}
      {factKey === 'fast_vardkontakt' && (
        <div className="row">
          {text('namn', 'Namn')}
          {text('enhet', 'Vårdenhet')}
          {text('telefon', 'Telefon', { hint: PHONE_HINT, type: 'tel' })}
        </div>
      )}
      {factKey === 'stod_fore_inskrivning' && (
        <TextArea
          label="Beskrivning"
          required
          rows={3}
          maxLength={2000}
          hint="T.ex. hemtjänst två gånger om dagen, trygghetslarm."
          value={str(values.beskrivning)}
          onChange={(e) => set('beskrivning', e.target.value)}
          error={errors.beskrivning}
        />
      )}
      {factKey === 'ansvarig_handlaggare' && (
        <div className="row">
          {text('namn', 'Namn')}
          {text('telefon', 'Telefon', { hint: PHONE_HINT, type: 'tel' })}
        </div>
      )}
      <SaveCancel busy={busy} onCancel={onCancel} />
    </form>
  );
}
