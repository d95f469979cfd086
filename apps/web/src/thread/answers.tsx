import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/errors';
import { idempotencyKey } from '../api/idempotency';
import { TextArea, TextField } from '../components/ui';
import { formatDayTime, formatWhen, fromLocalInput, shortName, toLocalInput } from '../format';
import type { Membership, Message } from '../api/model';
import { SIP_SVAR } from './kinds';
import { usePostMessage, type NewMessage } from './post-message';
import { acknowledgeable, latestPerUnit } from './timeline-grouping';

/** What the answer controls under a message need to know about the thread and the reader. */
export interface AnswerContext {
  threadId: string;
  /** Every unit taking part (the owning ward too). */
  participants: { unitId: string; name: string }[];
  /** Names of units that took part earlier (from the timeline). */
  formerNames?: Map<string, string>;
  /** My units in the thread that may post messages. */
  postingUnits: Membership[];
  closed: boolean;
  onPosted: (m: Message) => void;
  /** A write the server refused (e.g. 409: the thread was closed meanwhile). */
  onRefused: (e: ApiError) => void;
}

/** An answer under a message, for one of my units (a fresh key each: each answer is its own message). */
function answer(unitId: string, kind: 'sip_svar' | 'kvittens', payload: Record<string, unknown>): NewMessage {
  return { kind, payload, unitId, idempotencyKey: idempotencyKey() };
}

const svarText = (m: Message) => SIP_SVAR.find(([v]) => v === m.payload?.svar)?.[1] ?? String(m.payload?.svar ?? '');

/** The units a summons calls: those it names, or every other participant. */
export function invitedUnits(kallelse: Message, ctx: Pick<AnswerContext, 'participants'>): string[] {
  const named = kallelse.payload?.inbjudnaEnheter;
  if (Array.isArray(named)) return named.filter((u): u is string => typeof u === 'string');
  return ctx.participants.map((p) => p.unitId).filter((u) => u !== kallelse.author.unitId);
}

/** Under a SIP summons: each invited unit's answer, and the answer buttons for my invited units. */
export function SipAnswers({ kallelse, answers, ctx }: { kallelse: Message; answers: Message[]; ctx: AnswerContext }) {
  const invited = invitedUnits(kallelse, ctx);
  const latest = new Map(latestPerUnit(answers).map((a) => [a.author.unitId, a]));
  const nameOf = (unitId: string) =>
    ctx.participants.find((p) => p.unitId === unitId)?.name ??
    latest.get(unitId)?.author.unitName ??
    ctx.formerNames?.get(unitId) ??
    'Enhet som inte längre deltar';
  const mine = ctx.closed ? [] : ctx.postingUnits.filter((u) => invited.includes(u.unitId));
  return (
    <div className="answers">
      <p className="answers-title">Svar på kallelsen</p>
      <ul className="answer-list">
        {invited.map((unitId) => {
          const a = latest.get(unitId);
          return (
            <li key={unitId} className={a ? `svar-${String(a.payload?.svar)}` : 'svar-inget'}>
              <strong>{nameOf(unitId)}:</strong>{' '}
              {a ? (
                <>
                  {svarText(a)}
                  {typeof a.payload?.foreslagenTid === 'string' && <> {formatDayTime(a.payload.foreslagenTid)}</>}
                  {typeof a.payload?.orsak === 'string' && <> – {a.payload.orsak}</>}
                  <span className="muted small">
                    {' '}
                    ({shortName(a.author.name)} {formatWhen(a.createdAt)})
                  </span>
                </>
              ) : (
                <span className="muted">Inget svar ännu</span>
              )}
            </li>
          );
        })}
      </ul>
      {mine.map((u) => (
        <SipAnswerForm key={u.unitId} unit={u} kallelse={kallelse} answered={latest.has(u.unitId)} ctx={ctx} />
      ))}
    </div>
  );
}

type Mode = 'closed' | 'avbojer' | 'foreslar_annan_tid';

function SipAnswerForm({ unit, kallelse, answered, ctx }: { unit: Membership; kallelse: Message; answered: boolean; ctx: AnswerContext }) {
  const [open, setOpen] = useState(!answered);
  const [mode, setMode] = useState<Mode>('closed');
  const [orsak, setOrsak] = useState('');
  const [tid, setTid] = useState(() => (typeof kallelse.payload?.motesTid === 'string' ? toLocalInput(kallelse.payload.motesTid) : ''));
  const [errors, setErrors] = useState<{ orsak?: string; foreslagenTid?: string; form?: string }>({});
  const post = usePostMessage(ctx.threadId);
  const busy = post.isPending;

  const send = (svar: string, extra: Record<string, unknown> = {}) => {
    setErrors({});
    post.mutate(answer(unit.unitId, 'sip_svar', { kallelseId: kallelse.id, svar, ...extra }), {
      onSuccess: (m) => {
        ctx.onPosted(m);
        setMode('closed');
        setOpen(false);
      },
      onError: (e) => {
        if (e instanceof ApiError) {
          setErrors({ orsak: e.fields.orsak, foreslagenTid: e.fields.foreslagenTid, form: e.message });
          if (e.status === 409) ctx.onRefused(e);
        } else setErrors({ form: 'Svaret skickades inte. Försök igen.' });
      },
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const reason = orsak.trim();
    if (mode === 'avbojer') {
      if (!reason) return setErrors({ orsak: 'Ange varför ni avböjer.' });
      return send('avbojer', { orsak: reason });
    }
    const iso = fromLocalInput(tid);
    if (!iso) return setErrors({ foreslagenTid: 'Ange datum och klockslag, t.ex. 2026-11-24 10:00.' });
    send('foreslar_annan_tid', { foreslagenTid: iso, ...(reason ? { orsak: reason } : {}) });
  };

  if (!open) {
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        Ändra svaret för {unit.unitName}
      </button>
    );
  }
  return (
    <div className="answer-form" role="group" aria-label={`Svara på kallelsen för ${unit.unitName}`}>
      {mode === 'closed' ? (
        <div className="buttons">
          <button type="button" disabled={busy} onClick={() => send('accepterar')}>
            Acceptera
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => setMode('avbojer')}>
            Avböj …
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => setMode('foreslar_annan_tid')}>
            Föreslå annan tid …
          </button>
        </div>
      ) : (
        <form onSubmit={submit} noValidate aria-label={mode === 'avbojer' ? 'Avböj kallelsen' : 'Föreslå annan tid'}>
          {mode === 'foreslar_annan_tid' && (
            <TextField
              label="Föreslagen tid"
              type="datetime-local"
              required
              value={tid}
              onChange={(e) => setTid(e.target.value)}
              error={errors.foreslagenTid}
            />
          )}
          <TextArea
            label={mode === 'avbojer' ? 'Orsak' : 'Kommentar'}
            required={mode === 'avbojer'}
            rows={2}
            maxLength={1000}
            value={orsak}
            onChange={(e) => setOrsak(e.target.value)}
            error={errors.orsak}
          />
          <div className="buttons">
            <button type="submit" disabled={busy}>
              {mode === 'avbojer' ? 'Skicka avböjande' : 'Föreslå tiden'}
            </button>
            <button type="button" className="secondary" onClick={() => setMode('closed')}>
              Avbryt
            </button>
          </div>
        </form>
      )}
      {errors.form && !errors.orsak && !errors.foreslagenTid && (
        <p className="field-error" role="alert">
          {errors.form}
        </p>
      )}
    </div>
  );
}

/** Beside a structured message: who has acknowledged it, and "Kvittera" for my units that may. */
export function Kvittenser({ message, kvittenser, ctx }: { message: Message; kvittenser: Message[]; ctx: AnswerContext }) {
  const latest = latestPerUnit(kvittenser);
  const done = new Set(latest.map((k) => k.author.unitId));
  const mayAck =
    !ctx.closed && acknowledgeable(message)
      ? ctx.postingUnits.filter((u) => u.unitId !== message.author.unitId && !done.has(u.unitId))
      : [];
  if (!latest.length && !mayAck.length) return null;
  return (
    <div className="kvittenser">
      {latest.length > 0 && (
        <ul className="kvittens-list">
          {latest.map((k) => (
            <li key={k.author.unitId}>
              <span aria-hidden="true">✓ </span>Kvitterat av {k.author.unitName} {formatWhen(k.createdAt)}
              {typeof k.payload?.kommentar === 'string' && <>: ”{k.payload.kommentar}”</>}
            </li>
          ))}
        </ul>
      )}
      {mayAck.map((u) => (
        <KvitteraForm key={u.unitId} unit={u} message={message} ctx={ctx} several={mayAck.length > 1} />
      ))}
    </div>
  );
}

function KvitteraForm({ unit, message, ctx, several }: { unit: Membership; message: Message; ctx: AnswerContext; several: boolean }) {
  const [open, setOpen] = useState(false);
  const [kommentar, setKommentar] = useState('');
  const [error, setError] = useState<string | undefined>();
  const post = usePostMessage(ctx.threadId);
  const busy = post.isPending;
  const label = several ? `Kvittera för ${unit.unitName}` : 'Kvittera';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const text = kommentar.trim();
    post.mutate(answer(unit.unitId, 'kvittens', { meddelandeId: message.id, ...(text ? { kommentar: text } : {}) }), {
      onSuccess: (m) => {
        ctx.onPosted(m);
        setOpen(false);
      },
      onError: (e) => {
        setError(e instanceof ApiError ? (e.fields.kommentar ?? e.message) : 'Kvittensen skickades inte. Försök igen.');
        if (e instanceof ApiError && e.status === 409) ctx.onRefused(e);
      },
    });
  };
  if (!open) {
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  }
  return (
    <form className="answer-form" onSubmit={submit} noValidate aria-label={label}>
      <TextField
        label="Kommentar (frivillig)"
        value={kommentar}
        maxLength={1000}
        onChange={(e) => setKommentar(e.target.value)}
        error={error}
      />
      <div className="buttons">
        <button type="submit" disabled={busy}>
          Skicka kvittens
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Avbryt
        </button>
      </div>
    </form>
  );
}
