import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { client, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import { PageHeading } from '../components/page-heading';
import { Alert, CheckboxField, ErrorSummary, Loading, TextField } from '../components/ui';
import { currentSubscription, disablePush, enablePush, pushSupported } from './push-device';

/**
 * Inställningar → Aviseringar: which events notify me, push on this device, and the e-mail nudge
 * (docs/notifications.md). A notice never says anything about a patient.
 */
const SETTINGS_KEY = ['notification-settings'] as const;

interface Settings {
  message: boolean;
  deadline: boolean;
  hemgangsklar: boolean;
  emailEnabled: boolean;
  emailAddress: string | null;
}

const LABELS: Record<string, string> = { emailAddress: 'E-postadress', emailEnabled: 'E-post' };

export function NotificationsView() {
  const qc = useQueryClient();
  const answer = useQuery({ queryKey: SETTINGS_KEY, queryFn: () => unwrap(client.GET('/api/notifications/settings')) });
  const [draft, setDraft] = useState<Settings | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (answer.data && !draft) setDraft({ ...answer.data });
  }, [answer.data, draft]);
  const save = useMutation({
    // Only the settings themselves: the answer's other fields (devices, emailAvailable …) are not input.
    mutationFn: (d: Settings) =>
      unwrap(
        client.PUT('/api/notifications/settings', {
          body: {
            message: d.message,
            deadline: d.deadline,
            hemgangsklar: d.hemgangsklar,
            emailEnabled: d.emailEnabled,
            emailAddress: d.emailAddress?.trim() || null,
          },
        }),
      ),
    onSuccess: (settings) => {
      qc.setQueryData(SETTINGS_KEY, settings);
      setSaved(true);
    },
  });
  const errors = save.error instanceof ApiError ? save.error.fields : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (draft) save.mutate(draft);
  };
  const change = (patch: Partial<Settings>) => {
    setSaved(false);
    setDraft((d) => (d ? { ...d, ...patch } : d));
  };

  return (
    <section className="page narrow" aria-labelledby="aviseringar-title">
      <PageHeading title="Aviseringar" id="aviseringar-title" />
      <p className="sub">
        Brygga kan säga till när något händer i dina enheters ärenden, även när appen är stängd. En avisering säger bara &quot;Nytt i Brygga
        för&quot; och enhetens namn – aldrig något om patienten. Ärendet öppnas när du har loggat in.
      </p>
      <ThisDevice onChange={() => void qc.invalidateQueries({ queryKey: SETTINGS_KEY })} />
      {answer.error && <Alert title="Inställningarna kunde inte hämtas">{answer.error.message}</Alert>}
      {!draft && !answer.error && <Loading text="Hämtar inställningar …" />}
      {draft && answer.data && (
        <form onSubmit={submit} noValidate>
          <ErrorSummary errors={errors} labels={LABELS} message={save.error ? save.error.message : undefined} />
          <fieldset>
            <legend>Säg till när</legend>
            <CheckboxField
              label="ett nytt meddelande kommer till min enhet"
              checked={draft.message}
              onChange={(e) => change({ message: e.target.checked })}
            />
            <CheckboxField
              label="en frist närmar sig eller har passerat (Bevakning)"
              checked={draft.deadline}
              onChange={(e) => change({ deadline: e.target.checked })}
            />
            <CheckboxField
              label="ett ärende blir hemgångsklart eller inte längre är det"
              checked={draft.hemgangsklar}
              onChange={(e) => change({ hemgangsklar: e.target.checked })}
            />
          </fieldset>
          <fieldset>
            <legend>E-post</legend>
            {answer.data.emailAvailable ? (
              <>
                <CheckboxField
                  label="Skicka också en kort påminnelse med e-post"
                  hint={`Högst ett e-postmeddelande var ${answer.data.emailIntervalMinutes}:e minut.`}
                  checked={draft.emailEnabled}
                  onChange={(e) => change({ emailEnabled: e.target.checked })}
                />
                <TextField
                  label="E-postadress"
                  type="email"
                  autoComplete="email"
                  value={draft.emailAddress ?? ''}
                  error={errors.emailAddress}
                  required={draft.emailEnabled}
                  onChange={(e) => change({ emailAddress: e.target.value })}
                />
              </>
            ) : (
              <p className="hint">Den här installationen av Brygga skickar ingen e-post.</p>
            )}
          </fieldset>
          <div className="buttons">
            <button type="submit" disabled={save.isPending}>
              {save.isPending ? 'Sparar …' : 'Spara'}
            </button>
          </div>
          {saved && (
            <Alert kind="success">
              <span data-testid="aviseringar-sparade">Inställningarna är sparade.</span>
            </Alert>
          )}
        </form>
      )}
    </section>
  );
}

/** Push on this device: on or off, with the browser's permission. */
function ThisDevice({ onChange }: { onChange: () => void }) {
  const [on, setOn] = useState<boolean | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    currentSubscription()
      .then((s) => setOn(Boolean(s)))
      .catch(() => setOn(false));
  }, []);
  if (!pushSupported()) {
    return (
      <Alert kind="info">Den här webbläsaren kan inte ta emot aviseringar. Installera Brygga som app på telefonen för att få dem.</Alert>
    );
  }
  const toggle = async () => {
    setBusy(true);
    setProblem(null);
    try {
      if (on) await disablePush();
      else await enablePush();
      setOn(!on);
      onChange();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="push-device">
      <p data-testid="push-status">
        {on === null ? 'Kontrollerar …' : on ? 'Den här enheten får aviseringar.' : 'Den här enheten får inga aviseringar.'}
      </p>
      <button type="button" className={on ? 'secondary' : undefined} disabled={busy || on === null} onClick={() => void toggle()}>
        {busy ? 'Ändrar …' : on ? 'Stäng av aviseringar på den här enheten' : 'Slå på aviseringar på den här enheten'}
      </button>
      {problem && <Alert title="Aviseringarna kunde inte ändras">{problem}</Alert>}
    </div>
  );
}
