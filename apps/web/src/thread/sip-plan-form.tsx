import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { client, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import type { components } from '../api/schema';
import { Alert, CheckboxField, SelectField, TextArea, TextField } from '../components/ui';
import { todayDate } from '../format';
import './sip-plan.css';

type SipPlan = components['schemas']['SipPlanDto'];
type SipVersion = components['schemas']['SipPlanVersionDto'];
type SipPlanInput = components['schemas']['SipPlanInput'];

/** A unit taking part in the thread, as the form offers it. */
export interface SipUnit {
  id: string;
  name: string;
  organisationName?: string;
}

export const SIP_PLATS: Record<SipPlanInput['plats'], string> = {
  i_hemmet: 'I hemmet',
  pa_sjukhuset: 'På sjukhuset',
  digitalt: 'Digitalt',
  annat: 'Annat',
};
export const SIP_TYP: Record<SipPlanInput['typ'], string> = { forebyggande: 'Förebyggande', vid_utskrivning: 'Vid utskrivning' };
export const SIP_RESULTAT: Record<string, string> = { uppnatt: 'Uppnått', delvis: 'Delvis uppnått', ej_uppnatt: 'Ej uppnått' };

interface Insats {
  vad: string;
  enhetId: string;
  fran: string;
  hurOfta: string;
}
interface Values {
  situation: string;
  mal: string[];
  insatser: Insats[];
  sipAnsvarigEnhet: string;
  sipAnsvarigNamn: string;
  enheter: string[];
  patientenDeltog: boolean;
  narstaendeDeltog: boolean;
  plats: string;
  typ: string;
  motesdatum: string;
  uppfoljningsdatum: string;
}

/** The form starts from the current version (a change) or from nothing but the writer's unit (the first). */
function initialValues(current: SipVersion | null | undefined, units: SipUnit[], myUnitId: string | undefined): Values {
  if (!current) {
    return {
      situation: '',
      mal: [''],
      insatser: [],
      sipAnsvarigEnhet: myUnitId ?? '',
      sipAnsvarigNamn: '',
      enheter: myUnitId ? [myUnitId] : [],
      patientenDeltog: false,
      narstaendeDeltog: false,
      plats: '',
      typ: '',
      motesdatum: todayDate(),
      uppfoljningsdatum: '',
    };
  }
  // The read gives the taking-part units by name; the thread's units give their ids back.
  const byName = new Map(units.map((u) => [u.name, u.id]));
  return {
    situation: current.situation,
    mal: current.mal.length ? [...current.mal] : [''],
    insatser: current.insatser.map((i) => ({ vad: i.vad, enhetId: i.enhetId, fran: i.fran, hurOfta: i.hurOfta })),
    sipAnsvarigEnhet: current.sipAnsvarigEnhet,
    sipAnsvarigNamn: current.sipAnsvarigNamn ?? '',
    enheter: current.deltagandeEnheter.map((n) => byName.get(n)).filter((id): id is string => !!id),
    patientenDeltog: current.patientenDeltog,
    narstaendeDeltog: current.narstaendeDeltog,
    plats: current.plats,
    typ: current.typ,
    motesdatum: current.motesdatum,
    uppfoljningsdatum: current.uppfoljningsdatum,
  };
}

function toInput(v: Values, grundversion: number | undefined): SipPlanInput {
  return {
    situation: v.situation.trim(),
    mal: v.mal.map((m) => m.trim()),
    insatser: v.insatser.map((i) => ({ vad: i.vad.trim(), enhetId: i.enhetId, fran: i.fran, hurOfta: i.hurOfta.trim() })),
    sipAnsvarigEnhet: v.sipAnsvarigEnhet,
    ...(v.sipAnsvarigNamn.trim() ? { sipAnsvarigNamn: v.sipAnsvarigNamn.trim() } : {}),
    deltagare: { enheter: v.enheter, patientenDeltog: v.patientenDeltog, narstaendeDeltog: v.narstaendeDeltog },
    plats: v.plats as SipPlanInput['plats'],
    typ: v.typ as SipPlanInput['typ'],
    motesdatum: v.motesdatum,
    uppfoljningsdatum: v.uppfoljningsdatum,
    ...(grundversion ? { grundversion } : {}),
  };
}

/**
 * The server's message per field, in words for this form: the lists' codes and the unit ids the
 * server names are replaced by what the user chose from.
 */
function fieldErrors(e: ApiError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(e.fields)) {
    let text = message;
    if (field === 'plats') text = 'välj var mötet hölls';
    else if (field === 'typ') text = 'välj om planen är förebyggande eller gjord vid utskrivning';
    else if (/enhetId$|^sipAnsvarigEnhet$|^deltagare\.enheter/.test(field) && /id|enhet/.test(message))
      text = 'välj en enhet som deltar i ärendet';
    out[field] = text.charAt(0).toUpperCase() + text.slice(1);
  }
  return out;
}

const FIELD_LABEL: Record<string, string> = {
  situation: 'Situation',
  mal: 'Mål',
  insatser: 'Insatser',
  sipAnsvarigEnhet: 'SIP-ansvarig enhet',
  sipAnsvarigNamn: 'SIP-ansvarig',
  'deltagare.enheter': 'Deltagande enheter',
  plats: 'Plats',
  typ: 'Typ av SIP',
  motesdatum: 'Mötesdatum',
  uppfoljningsdatum: 'Uppföljningsdatum',
};
const labelOf = (field: string) => {
  const insats = /^insatser\.(\d+)\.(\w+)$/.exec(field);
  if (insats) return `Insats ${Number(insats[1]) + 1}`;
  const goal = /^mal\.(\d+)$/.exec(field);
  if (goal) return `Mål ${Number(goal[1]) + 1}`;
  return FIELD_LABEL[field] ?? field;
};

/**
 * Writes a version of the SIP plan: the first, or a change of the current one (its fields filled
 * in). The server checks everything; its Swedish messages are shown beside the fields. When someone
 * else saved a version meanwhile (409), the user's text stays in the form and the user chooses:
 * start again from the new version, or save this text as the next version.
 */
export function SipPlanForm({
  threadId,
  plan,
  units,
  myUnitId,
  onSaved,
  onCancel,
  onStale,
}: {
  threadId: string;
  plan: SipPlan;
  units: SipUnit[];
  myUnitId: string | undefined;
  onSaved: (plan: SipPlan) => void;
  onCancel: () => void;
  onStale: () => void;
}) {
  const [base, setBase] = useState<number | undefined>(plan.current?.version);
  const [values, setValues] = useState<Values>(() => initialValues(plan.current, units, myUnitId));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [stale, setStale] = useState(false);
  const [invalid, setInvalid] = useState(false);
  const latest = plan.current?.version;
  const save = useMutation({
    mutationFn: (body: SipPlanInput) => unwrap(client.POST('/api/threads/{id}/sip-plan', { params: { path: { id: threadId } }, body })),
    onSuccess: (saved) => {
      setErrors({});
      setFailure(undefined);
      setStale(false);
      onSaved(saved);
    },
    onError: (e) => {
      if (!(e instanceof ApiError)) {
        setInvalid(false);
        setFailure('Planen kunde inte sparas. Försök igen.');
        return;
      }
      setErrors(fieldErrors(e));
      setInvalid(e.status === 400);
      if (e.status === 409 && /ändrats/.test(e.message)) {
        setStale(true);
        onStale();
      }
      setFailure(e.status === 400 ? 'Planen sparades inte. Rätta det som är markerat.' : e.message);
    },
  });
  // An edited field's message goes away (its list entry too); the rest stay until the next save.
  const forget = (prefix: string) =>
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([f]) => f !== prefix && !f.startsWith(`${prefix}.`))));
  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    forget(key === 'enheter' ? 'deltagare.enheter' : key);
  };
  const setGoal = (i: number, text: string) =>
    set(
      'mal',
      values.mal.map((m, n) => (n === i ? text : m)),
    );
  const setInsats = (i: number, change: Partial<Insats>) => {
    setValues((v) => ({ ...v, insatser: v.insatser.map((x, n) => (n === i ? { ...x, ...change } : x)) }));
    for (const f of Object.keys(change)) forget(`insatser.${i}.${f}`);
  };
  const toggleUnit = (id: string, on: boolean) =>
    set('enheter', on ? [...values.enheter.filter((u) => u !== id), id] : values.enheter.filter((u) => u !== id));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(toInput(values, base));
  };
  const restart = () => {
    setValues(initialValues(plan.current, units, myUnitId));
    setBase(latest);
    setStale(false);
    setFailure(undefined);
    setErrors({});
  };
  const keepMine = () => {
    setBase(latest);
    setStale(false);
    save.mutate(toInput(values, latest));
  };
  const err = (field: string) => errors[field];
  const insatsError = (i: number) =>
    ['vad', 'enhetId', 'fran', 'hurOfta']
      .map((f) => err(`insatser.${i}.${f}`))
      .filter(Boolean)
      .join(' ');
  const unitOptions = (
    <>
      <option value="">Välj enhet</option>
      {units.map((u) => (
        <option key={u.id} value={u.id}>
          {u.name}
          {u.organisationName ? ` (${u.organisationName})` : ''}
        </option>
      ))}
    </>
  );
  const listed = Object.entries(errors);
  const showFailure = failure && (!invalid || listed.length > 0);
  return (
    <form className="sip-form" onSubmit={submit} noValidate aria-labelledby="sip-form-title">
      <h3 id="sip-form-title">{base ? `Ändra planen (ny version utifrån version ${base})` : 'Ny SIP-plan'}</h3>
      {showFailure && (
        <div className="alert alert-error" role="alert">
          <p className="alert-title">{failure}</p>
          {stale && (
            <>
              <p>Dina ändringar finns kvar i formuläret. Den senaste versionen visas ovanför.</p>
              <div className="buttons">
                <button type="button" onClick={keepMine} disabled={save.isPending || !latest}>
                  Spara mina ändringar som version {(latest ?? 0) + 1}
                </button>
                <button type="button" className="secondary" onClick={restart}>
                  Börja om från version {latest}
                </button>
              </div>
            </>
          )}
          {listed.length > 0 && (
            <ul>
              {listed.map(([field, text]) => (
                <li key={field}>
                  {labelOf(field)}: {text}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <TextArea
        label="Situation (kartläggning)"
        rows={4}
        required
        value={values.situation}
        error={err('situation')}
        onChange={(e) => set('situation', e.target.value)}
      />
      <fieldset className={err('mal') ? 'field-invalid' : undefined}>
        <legend>Personens egna mål (med personens ord)</legend>
        {values.mal.map((m, i) => (
          <div className="sip-row" key={i}>
            <TextField
              label={`Mål ${i + 1}`}
              value={m}
              error={err(`mal.${i}`)}
              onChange={(e) => setGoal(i, e.target.value)}
              className="sip-grow"
            />
            {values.mal.length > 1 && (
              <button
                type="button"
                className="secondary"
                onClick={() =>
                  set(
                    'mal',
                    values.mal.filter((_, n) => n !== i),
                  )
                }
              >
                Ta bort mål {i + 1}
              </button>
            )}
          </div>
        ))}
        {err('mal') && (
          <p className="field-error">
            <span aria-hidden="true">⚠ </span>
            {err('mal')}
          </p>
        )}
        <button type="button" className="secondary" onClick={() => set('mal', [...values.mal, ''])}>
          Lägg till mål
        </button>
      </fieldset>
      <fieldset className={err('insatser') ? 'field-invalid' : undefined}>
        <legend>Insatser</legend>
        {values.insatser.length === 0 && <p className="muted small">Inga insatser ännu.</p>}
        {values.insatser.map((ins, i) => (
          <fieldset key={i} className={`sip-insats${insatsError(i) ? ' field-invalid' : ''}`}>
            <legend>Insats {i + 1}</legend>
            <TextField
              label="Vad"
              value={ins.vad}
              error={err(`insatser.${i}.vad`)}
              onChange={(e) => setInsats(i, { vad: e.target.value })}
            />
            <SelectField
              label="Organisation och enhet"
              value={ins.enhetId}
              error={err(`insatser.${i}.enhetId`)}
              onChange={(e) => setInsats(i, { enhetId: e.target.value })}
            >
              {unitOptions}
            </SelectField>
            <div className="sip-pair">
              <TextField
                label="Från"
                type="date"
                value={ins.fran}
                error={err(`insatser.${i}.fran`)}
                onChange={(e) => setInsats(i, { fran: e.target.value })}
              />
              <TextField
                label="Hur ofta"
                value={ins.hurOfta}
                error={err(`insatser.${i}.hurOfta`)}
                onChange={(e) => setInsats(i, { hurOfta: e.target.value })}
              />
            </div>
            <button
              type="button"
              className="secondary"
              onClick={() =>
                set(
                  'insatser',
                  values.insatser.filter((_, n) => n !== i),
                )
              }
            >
              Ta bort insats {i + 1}
            </button>
          </fieldset>
        ))}
        {err('insatser') && (
          <p className="field-error">
            <span aria-hidden="true">⚠ </span>
            {err('insatser')}
          </p>
        )}
        <button
          type="button"
          className="secondary"
          onClick={() => set('insatser', [...values.insatser, { vad: '', enhetId: '', fran: todayDate(), hurOfta: '' }])}
        >
          Lägg till insats
        </button>
      </fieldset>
      <div className="sip-pair">
        <SelectField
          label="SIP-ansvarig enhet"
          required
          value={values.sipAnsvarigEnhet}
          error={err('sipAnsvarigEnhet')}
          onChange={(e) => set('sipAnsvarigEnhet', e.target.value)}
        >
          {unitOptions}
        </SelectField>
        <TextField
          label="SIP-ansvarig (namn)"
          value={values.sipAnsvarigNamn}
          error={err('sipAnsvarigNamn')}
          onChange={(e) => set('sipAnsvarigNamn', e.target.value)}
        />
      </div>
      <fieldset className={err('deltagare.enheter') ? 'field-invalid' : undefined}>
        <legend>Deltagare</legend>
        {units.map((u) => (
          <CheckboxField
            key={u.id}
            label={u.organisationName ? `${u.name} (${u.organisationName})` : u.name}
            checked={values.enheter.includes(u.id)}
            onChange={(e) => toggleUnit(u.id, e.target.checked)}
          />
        ))}
        {err('deltagare.enheter') && (
          <p className="field-error">
            <span aria-hidden="true">⚠ </span>
            {err('deltagare.enheter')}
          </p>
        )}
        <CheckboxField
          label="Personen deltog"
          checked={values.patientenDeltog}
          onChange={(e) => set('patientenDeltog', e.target.checked)}
        />
        <CheckboxField
          label="Närstående deltog"
          checked={values.narstaendeDeltog}
          onChange={(e) => set('narstaendeDeltog', e.target.checked)}
        />
      </fieldset>
      <div className="sip-pair">
        <SelectField label="Plats" required value={values.plats} error={err('plats')} onChange={(e) => set('plats', e.target.value)}>
          <option value="">Välj plats</option>
          {Object.entries(SIP_PLATS).map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Typ av SIP" required value={values.typ} error={err('typ')} onChange={(e) => set('typ', e.target.value)}>
          <option value="">Välj typ</option>
          {Object.entries(SIP_TYP).map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="sip-pair">
        <TextField
          label="Mötesdatum"
          type="date"
          required
          value={values.motesdatum}
          error={err('motesdatum')}
          onChange={(e) => set('motesdatum', e.target.value)}
        />
        <TextField
          label="Uppföljningsdatum"
          type="date"
          required
          value={values.uppfoljningsdatum}
          error={err('uppfoljningsdatum')}
          onChange={(e) => set('uppfoljningsdatum', e.target.value)}
        />
      </div>
      <div className="buttons">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Sparar …' : base ? `Spara som version ${base + 1}` : 'Spara SIP-planen'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Avbryt
        </button>
      </div>
    </form>
  );
}

/** A follow-up (uppföljning) or an evaluation (utvärdering, with a result per goal) of the current version. */
export function SipEntryForm({
  threadId,
  goals,
  onSaved,
  onCancel,
}: {
  threadId: string;
  goals: string[];
  onSaved: (plan: SipPlan) => void;
  onCancel: () => void;
}) {
  const [typ, setTyp] = useState<'uppfoljning' | 'utvardering'>('uppfoljning');
  const [datum, setDatum] = useState(todayDate());
  const [text, setText] = useState('');
  const [results, setResults] = useState<string[]>(() => goals.map(() => ''));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: (body: components['schemas']['SipPlanEntryInput']) =>
      unwrap(client.POST('/api/threads/{id}/sip-plan/entries', { params: { path: { id: threadId } }, body })),
    onSuccess: onSaved,
    onError: (e) => {
      if (!(e instanceof ApiError)) return setFailure('Anteckningen kunde inte sparas. Försök igen.');
      const fields: Record<string, string> = {};
      for (const [f, m] of Object.entries(e.fields)) fields[f] = m.charAt(0).toUpperCase() + m.slice(1);
      setErrors(fields);
      setFailure(e.status === 400 ? 'Anteckningen sparades inte. Rätta det som är markerat.' : e.message);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = results.filter(Boolean);
    // The server takes the results in the goals' order: all of them or none.
    if (typ === 'utvardering' && chosen.length > 0 && chosen.length < goals.length) {
      setErrors({ malResultat: 'Bedöm alla mål, eller inget.' });
      setFailure('Anteckningen sparades inte. Rätta det som är markerat.');
      return;
    }
    type Result = NonNullable<components['schemas']['SipPlanEntryInput']['malResultat']>[number];
    const malResultat = results as Result[];
    save.mutate({ typ, datum, text: text.trim(), ...(typ === 'utvardering' && chosen.length ? { malResultat } : {}) });
  };
  return (
    <form className="sip-form sip-entry-form" onSubmit={submit} noValidate aria-labelledby="sip-entry-title">
      <h3 id="sip-entry-title">Ny uppföljning eller utvärdering</h3>
      {failure && <Alert>{failure}</Alert>}
      <div className="sip-pair">
        <SelectField label="Typ" value={typ} error={errors.typ} onChange={(e) => setTyp(e.target.value as typeof typ)}>
          <option value="uppfoljning">Uppföljning</option>
          <option value="utvardering">Utvärdering</option>
        </SelectField>
        <TextField label="Datum" type="date" required value={datum} error={errors.datum} onChange={(e) => setDatum(e.target.value)} />
      </div>
      <TextArea
        label="Vad kom ni fram till?"
        rows={3}
        required
        value={text}
        error={errors.text}
        onChange={(e) => setText(e.target.value)}
      />
      {typ === 'utvardering' && goals.length > 0 && (
        <fieldset className={errors.malResultat ? 'field-invalid' : undefined}>
          <legend>Måluppfyllelse</legend>
          {goals.map((g, i) => (
            <SelectField
              key={i}
              label={`Mål ${i + 1}: ${g}`}
              value={results[i] ?? ''}
              onChange={(e) => setResults((r) => r.map((x, n) => (n === i ? e.target.value : x)))}
            >
              <option value="">Inte bedömt</option>
              {Object.entries(SIP_RESULTAT).map(([v, label]) => (
                <option key={v} value={v}>
                  {label}
                </option>
              ))}
            </SelectField>
          ))}
          {errors.malResultat && (
            <p className="field-error">
              <span aria-hidden="true">⚠ </span>
              {errors.malResultat}
            </p>
          )}
        </fieldset>
      )}
      <div className="buttons">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Sparar …' : 'Spara anteckningen'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Avbryt
        </button>
      </div>
    </form>
  );
}
