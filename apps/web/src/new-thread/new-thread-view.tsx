import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { client, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import { idempotencyKey } from '../api/idempotency';
import { unitsQuery } from '../api/queries';
import type { components } from '../api/schema';
import { PageHeading } from '../components/page-heading';
import { Alert, CheckboxField, ErrorSummary, Loading, SelectField, TextField } from '../components/ui';
import { focusFirstInvalid } from '../thread/composer';
import { isValidDate, ORG_KIND, TRIAGE } from '../format';
import { Link, navigate, paths } from '../router';
import { can, useMe } from '../session';
import type { OrgKind, Triage, Unit } from '../api/model';
import { checkIdentityNumber } from './identity-number';

const LABELS: Record<string, string> = {
  personnummer: 'Personnummer',
  samordningsnummer: 'Personnummer',
  givenName: 'Förnamn',
  familyName: 'Efternamn',
  participantUnitIds: 'Deltagare',
  triage: 'Triage',
  ownerUnitId: 'Avdelning',
  plannedDischargeDate: 'Planerad utskrivning',
};
const KIND_ORDER: OrgKind[] = ['sof', 'hemsjukvard', 'hemtjanst', 'primarvard', 'slutenvard'];

/** A ward opens a thread: the patient, who takes part, and the triage track. */
export function NewThreadView() {
  const me = useMe();
  const wards = me.units.filter((u) => u.orgKind === 'slutenvard');
  const directory = useQuery(unitsQuery());
  const units = directory.data ?? null;
  const loadError = directory.error?.message ?? null;
  const [pnr, setPnr] = useState('');
  const [pnrTouched, setPnrTouched] = useState(false);
  const [givenName, setGivenName] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [protectedIdentity, setProtectedIdentity] = useState(false);
  const [owner, setOwner] = useState(wards[0]?.unitId ?? '');
  const [participants, setParticipants] = useState<Set<string>>(new Set());
  const [triage, setTriage] = useState<Triage | ''>('');
  const [planned, setPlanned] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const key = useRef(idempotencyKey());
  const open = useMutation({
    mutationFn: (body: components['schemas']['CreateThreadDto']) => unwrap(client.POST('/api/threads', { body })),
    onSuccess: (t) => navigate(paths.thread(t.id)),
  });
  const busy = open.isPending;

  const check = checkIdentityNumber(pnr);
  const liveError = check.state === 'invalid' || (pnrTouched && check.state === 'incomplete') ? check.message : undefined;
  const pnrError = errors.personnummer ?? errors.samordningsnummer ?? liveError;

  const groups = useMemo(() => {
    const byKind = new Map<OrgKind, Unit[]>();
    for (const u of units ?? []) {
      if (u.id === owner) continue;
      byKind.set(u.orgKind, [...(byKind.get(u.orgKind) ?? []), u]);
    }
    return KIND_ORDER.filter((k) => byKind.has(k)).map((k) => [k, byKind.get(k)!] as const);
  }, [units, owner]);

  if (!can.openThread(me)) {
    return (
      <section className="page narrow">
        <PageHeading title="Nytt ärende" />
        <Alert kind="info">Ärenden öppnas av vårdavdelningen (vårdkoordinator eller läkare).</Alert>
      </section>
    );
  }

  const toggle = (id: string) =>
    setParticipants((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const found: Record<string, string> = {};
    setPnrTouched(true);
    if (check.state !== 'valid') found.personnummer = check.state === 'empty' ? 'Fyll i patientens personnummer.' : check.message;
    if (!givenName.trim()) found.givenName = 'Fyll i förnamn.';
    if (!familyName.trim()) found.familyName = 'Fyll i efternamn.';
    if (!participants.size) found.participantUnitIds = 'Välj minst en enhet som ska delta.';
    if (!triage) found.triage = 'Välj triage: grön, gul eller röd.';
    if (planned && !isValidDate(planned)) found.plannedDischargeDate = 'Ange ett giltigt datum.';
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length || check.state !== 'valid') {
      focusFirstInvalid(form);
      return;
    }
    open.mutate(
      {
        patient: {
          [check.kind]: check.display,
          givenName: givenName.trim(),
          familyName: familyName.trim(),
          ...(protectedIdentity ? { protectedIdentity: true } : {}),
        },
        ...(wards.length > 1 ? { ownerUnitId: owner } : {}),
        participantUnitIds: [...participants],
        triage: triage as Triage,
        ...(planned ? { plannedDischargeDate: planned } : {}),
        idempotencyKey: key.current,
      },
      {
        // The server's Swedish message beside each field it refused.
        onError: (err) => {
          if (err instanceof ApiError) {
            setErrors(err.fields);
            setFailure(Object.keys(err.fields).length ? 'Ärendet skapades inte: rätta de markerade fälten.' : err.message);
            focusFirstInvalid(form);
          } else setFailure('Ärendet skapades inte. Försök igen.');
        },
      },
    );
  };

  return (
    <section className="page narrow-wide">
      <p className="crumbs">
        <Link to={paths.inbox()}>
          <span aria-hidden="true">← </span>Inkorg
        </Link>
      </p>
      <PageHeading title="Nytt ärende" />
      <p className="sub">Öppna ett ärende när patienten skrivs in, så att kommunen kan börja planera hemgången.</p>
      <form onSubmit={submit} noValidate className="new-thread-form">
        {(failure || Object.keys(errors).length > 0) && <ErrorSummary errors={errors} labels={LABELS} message={failure} />}
        <fieldset>
          <legend>Patient</legend>
          <div className="row">
            <TextField
              label="Personnummer"
              required
              value={pnr}
              onChange={(e) => {
                setPnr(e.target.value);
                if (errors.personnummer) setErrors(({ personnummer: _, ...rest }) => rest);
              }}
              onBlur={() => setPnrTouched(true)}
              inputMode="numeric"
              autoComplete="off"
              placeholder="ÅÅÅÅMMDD-NNNN"
              hint="12 siffror. Kontrolleras medan du skriver."
              error={pnrError}
              className="field-pnr"
            />
            <p className="pnr-status" aria-live="polite">
              {check.state === 'valid' && (
                <span className="ok-line">
                  <span aria-hidden="true">✓ </span>
                  {check.kind === 'samordningsnummer' ? 'Giltigt samordningsnummer' : 'Giltigt personnummer'}: {check.display}
                </span>
              )}
            </p>
          </div>
          <div className="row">
            <TextField
              label="Förnamn"
              required
              value={givenName}
              onChange={(e) => setGivenName(e.target.value)}
              error={errors.givenName}
              maxLength={100}
              autoComplete="off"
            />
            <TextField
              label="Efternamn"
              required
              value={familyName}
              onChange={(e) => setFamilyName(e.target.value)}
              error={errors.familyName}
              maxLength={100}
              autoComplete="off"
            />
          </div>
          <CheckboxField
            label="Skyddade personuppgifter"
            hint="Namnet visas då bara för er avdelning; övriga ser födelsedatum utan de fyra sista siffrorna."
            checked={protectedIdentity}
            onChange={(e) => setProtectedIdentity(e.target.checked)}
          />
        </fieldset>
        {wards.length > 1 && (
          <SelectField label="Ansvarig avdelning" value={owner} onChange={(e) => setOwner(e.target.value)} error={errors.ownerUnitId}>
            {wards.map((w) => (
              <option key={w.unitId} value={w.unitId}>
                {w.unitName}
              </option>
            ))}
          </SelectField>
        )}
        <fieldset
          aria-describedby={errors.participantUnitIds ? 'participants-error' : undefined}
          className={errors.participantUnitIds ? 'field-invalid' : undefined}
        >
          <legend>
            Deltagare <span className="required">(obligatorisk)</span>
          </legend>
          <p className="hint">Välj de enheter som ska planera hemgången tillsammans med er.</p>
          {errors.participantUnitIds && (
            <p className="field-error" id="participants-error">
              <span aria-hidden="true">⚠ </span>
              {errors.participantUnitIds}
            </p>
          )}
          {loadError && <Alert>{loadError}</Alert>}
          {!units && !loadError && <Loading text="Hämtar enheter …" />}
          <div className="unit-groups">
            {groups.map(([kind, list]) => (
              <div key={kind} className="unit-group">
                <p className="unit-group-title">{ORG_KIND[kind]}</p>
                {list.map((u) => (
                  <CheckboxField
                    key={u.id}
                    label={u.name}
                    checked={participants.has(u.id)}
                    onChange={() => toggle(u.id)}
                    aria-invalid={errors.participantUnitIds ? true : undefined}
                  />
                ))}
              </div>
            ))}
          </div>
        </fieldset>
        <fieldset className={errors.triage ? 'field-invalid' : undefined} aria-describedby={errors.triage ? 'triage-error' : undefined}>
          <legend>
            Triage <span className="required">(obligatorisk)</span>
          </legend>
          {errors.triage && (
            <p className="field-error" id="triage-error">
              <span aria-hidden="true">⚠ </span>
              {errors.triage}
            </p>
          )}
          <div className="triage-choices">
            {(Object.keys(TRIAGE) as Triage[]).map((t) => (
              <label key={t} className={`triage-choice triage-choice-${t}${triage === t ? ' selected' : ''}`}>
                <input
                  type="radio"
                  name="triage"
                  value={t}
                  checked={triage === t}
                  onChange={() => setTriage(t)}
                  aria-invalid={errors.triage ? true : undefined}
                />
                <span className={`triage triage-${t}`}>
                  <span className="triage-mark" aria-hidden="true" />
                  {TRIAGE[t].label}
                </span>
                <span className="triage-desc">{TRIAGE[t].description.split(': ')[1]}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <TextField
          label="Planerad utskrivning"
          type="date"
          value={planned}
          onChange={(e) => setPlanned(e.target.value)}
          error={errors.plannedDischargeDate}
          hint="Om den redan är känd. Kan också meddelas senare i ärendet."
          className="field-date"
        />
        <div className="buttons">
          <button type="submit" disabled={busy}>
            {busy ? 'Skapar …' : 'Skapa ärende'}
          </button>
          <Link to={paths.inbox()} className="button secondary">
            Avbryt
          </Link>
        </div>
      </form>
    </section>
  );
}
