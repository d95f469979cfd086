import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { client, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import type { components } from '../api/schema';
import { PageHeading } from '../components/page-heading';
import { Alert, Loading, SelectField, TextField } from '../components/ui';
import { formatDateTime } from '../format';
import { useAdminUnits } from './admin-view';

type SystemClient = components['schemas']['SystemClientDto'];
type Secret = components['schemas']['SystemClientSecretDto'];

const clientsKey = ['admin', 'system-clients'] as const;

/** What the row is doing now: nothing, confirming a rotation or a disable, or editing the endpoint. */
type Pending = { id: string; action: 'secret' | 'disable' | 'endpoint' } | null;

/**
 * The organisation's hospital and municipal systems (FHIR system clients): register one (its secret
 * is shown once), rotate the secret, set where Brygga sends its messages, and disable or enable it.
 */
export function SystemClientsView() {
  const qc = useQueryClient();
  const units = useAdminUnits('system.admin');
  const clients = useQuery({
    queryKey: clientsKey,
    queryFn: async () => (await unwrap(client.GET('/api/admin/system-clients'))).systemClients,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: clientsKey });
  // The secret of the last registration or rotation: shown this once, gone when dismissed or the page is left.
  const [secret, setSecret] = useState<Secret | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [reason, setReason] = useState('');
  const [endpoint, setEndpoint] = useState('');

  const change = useMutation({
    mutationFn: async ({ c, action }: { c: SystemClient; action: 'secret' | 'disable' | 'enable' | 'endpoint' }) => {
      const path = { systemClientId: c.id };
      const body = reason.trim() ? { orsak: reason.trim() } : {};
      if (action === 'secret') return unwrap(client.POST('/api/admin/system-clients/{systemClientId}/secret', { params: { path }, body }));
      if (action === 'disable')
        return unwrap(client.POST('/api/admin/system-clients/{systemClientId}/disable', { params: { path }, body }));
      if (action === 'enable') return unwrap(client.POST('/api/admin/system-clients/{systemClientId}/enable', { params: { path }, body }));
      return unwrap(
        client.PUT('/api/admin/system-clients/{systemClientId}/endpoint', {
          params: { path },
          body: { endpointUrl: endpoint.trim() ? endpoint.trim() : null },
        }),
      );
    },
    onSuccess: (answer) => {
      if ('clientSecret' in answer) setSecret(answer);
      setPending(null);
      setReason('');
    },
    onSettled: refresh,
  });
  const begin = (c: SystemClient, action: NonNullable<Pending>['action']) => {
    change.reset();
    setReason('');
    setEndpoint(c.endpointUrl ?? '');
    setPending({ id: c.id, action });
  };

  return (
    <section aria-labelledby="systems-title">
      <PageHeading title="Systemklienter" id="systems-title" />
      <p className="sub">
        Sjukhusets och kommunens verksamhetssystem som utbyter FHIR-meddelanden med Brygga. Varje system agerar för en enhet. Hemligheten
        visas bara en gång: när systemet registreras och när den byts.
      </p>
      {secret && <SecretShown secret={secret} onDismiss={() => setSecret(null)} />}
      <RegisterSystem units={units} onRegistered={(s) => setSecret(s)} onDone={refresh} />
      <section aria-labelledby="systems-list-title" className="admin-block">
        <h2 id="systems-list-title">Registrerade system</h2>
        {clients.error && <Alert title="Systemen kunde inte hämtas">{clients.error.message}</Alert>}
        {change.error && <Alert title="Ändringen gjordes inte">{change.error.message}</Alert>}
        {!clients.data && !clients.error && <Loading text="Hämtar system …" />}
        {clients.data?.length === 0 && <p className="empty">Inga system är registrerade.</p>}
        {clients.data && clients.data.length > 0 && (
          <div className="table-scroll admin-table-scroll">
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">System</th>
                  <th scope="col">Enhet</th>
                  <th scope="col">Mottagaradress</th>
                  <th scope="col">Hemlighet</th>
                  <th scope="col">Status</th>
                  <th scope="col">Åtgärd</th>
                </tr>
              </thead>
              <tbody>
                {clients.data.map((c) => {
                  const open = pending?.id === c.id ? pending.action : null;
                  const busy = change.isPending && change.variables?.c.id === c.id;
                  return (
                    <tr key={c.id} data-system-client={c.clientId} className={c.disabledAt ? 'admin-disabled' : undefined}>
                      <td>
                        <strong>{c.name}</strong>
                        <br />
                        <span className="mono">{c.clientId}</span>
                      </td>
                      <td>{c.unitName}</td>
                      <td className="admin-url">
                        {open === 'endpoint' ? (
                          <form
                            onSubmit={(e: FormEvent) => {
                              e.preventDefault();
                              change.mutate({ c, action: 'endpoint' });
                            }}
                          >
                            <TextField
                              label={`Ny mottagaradress för ${c.name}`}
                              value={endpoint}
                              onChange={(e) => setEndpoint(e.target.value)}
                              hint="Tom: Brygga skickar inget till systemet."
                              error={change.error instanceof ApiError ? change.error.fields.endpointUrl : undefined}
                              inputMode="url"
                            />
                            <div className="buttons">
                              <button type="submit" disabled={busy}>
                                {busy ? 'Sparar …' : 'Spara adressen'}
                              </button>
                              <button type="button" className="secondary" onClick={() => setPending(null)}>
                                Avbryt
                              </button>
                            </div>
                          </form>
                        ) : (
                          (c.endpointUrl ?? <span className="hint">Ingen: inget skickas</span>)
                        )}
                      </td>
                      <td>{c.secretSetAt ? `Satt ${formatDateTime(c.secretSetAt)}` : <span className="hint">Ingen i Brygga</span>}</td>
                      <td>{c.disabledAt ? `Avstängt ${formatDateTime(c.disabledAt)}` : 'Aktivt'}</td>
                      <td className="admin-actions">
                        {open === 'secret' || open === 'disable' ? (
                          <form
                            onSubmit={(e: FormEvent) => {
                              e.preventDefault();
                              change.mutate({ c, action: open });
                            }}
                          >
                            <p className="admin-warning">
                              {open === 'secret'
                                ? 'Den gamla hemligheten och dess åtkomst slutar gälla direkt.'
                                : 'Systemet får ingen åtkomst och inga meddelanden skickas till det.'}
                            </p>
                            <TextField
                              label="Orsak (frivillig)"
                              value={reason}
                              onChange={(e) => setReason(e.target.value)}
                              maxLength={300}
                            />
                            <div className="buttons">
                              <button type="submit" disabled={busy}>
                                {busy ? 'Sparar …' : open === 'secret' ? 'Byt hemligheten' : 'Stäng av systemet'}
                              </button>
                              <button type="button" className="secondary" onClick={() => setPending(null)}>
                                Avbryt
                              </button>
                            </div>
                          </form>
                        ) : (
                          <>
                            <button
                              type="button"
                              className="secondary"
                              onClick={() => begin(c, 'secret')}
                              aria-label={`Byt hemlighet för ${c.name}`}
                            >
                              Byt hemlighet …
                            </button>
                            <button
                              type="button"
                              className="secondary"
                              onClick={() => begin(c, 'endpoint')}
                              aria-label={`Ändra mottagaradress för ${c.name}`}
                            >
                              Ändra mottagaradress …
                            </button>
                            {c.disabledAt ? (
                              <button
                                type="button"
                                className="secondary"
                                disabled={busy}
                                onClick={() => {
                                  setReason('');
                                  change.mutate({ c, action: 'enable' });
                                }}
                                aria-label={`Aktivera ${c.name}`}
                              >
                                Aktivera
                              </button>
                            ) : (
                              <button
                                type="button"
                                className="secondary"
                                onClick={() => begin(c, 'disable')}
                                aria-label={`Stäng av ${c.name}`}
                              >
                                Stäng av …
                              </button>
                            )}
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}

/** The secret, once: Brygga keeps only its hash, so it cannot be shown again. */
function SecretShown({ secret, onDismiss }: { secret: Secret; onDismiss: () => void }) {
  return (
    <section className="admin-secret" aria-labelledby="secret-title" role="region">
      <h2 id="secret-title">Hemligheten för {secret.systemClient.name}: visas bara nu</h2>
      <p>Ge den till systemets förvaltare på ett säkert sätt. Brygga sparar bara ett kontrollvärde och kan inte visa den igen.</p>
      <dl className="admin-secret-values">
        <dt>Klient-id</dt>
        <dd className="mono" data-value="client-id">
          {secret.systemClient.clientId}
        </dd>
        <dt>Hemlighet</dt>
        <dd className="mono" data-value="client-secret">
          {secret.clientSecret}
        </dd>
        <dt>Adress för åtkomsttoken</dt>
        <dd className="mono">{secret.tokenEndpoint}</dd>
      </dl>
      <button type="button" onClick={onDismiss}>
        Jag har sparat hemligheten
      </button>
    </section>
  );
}

function RegisterSystem({
  units,
  onRegistered,
  onDone,
}: {
  units: { id: string; name: string }[];
  onRegistered: (secret: Secret) => void;
  onDone: () => void;
}) {
  const empty = { name: '', unitId: '', clientId: '', endpointUrl: '' };
  const [draft, setDraft] = useState(empty);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const register = useMutation({
    mutationFn: () =>
      unwrap(
        client.POST('/api/admin/system-clients', {
          body: {
            name: draft.name.trim(),
            unitId: draft.unitId,
            ...(draft.clientId.trim() ? { clientId: draft.clientId.trim() } : {}),
            ...(draft.endpointUrl.trim() ? { endpointUrl: draft.endpointUrl.trim() } : {}),
          },
        }),
      ),
    onSuccess: (answer) => {
      setDraft(empty);
      onRegistered(answer);
    },
    onSettled: onDone,
  });
  const fields = register.error instanceof ApiError ? register.error.fields : {};
  const errors = { ...fields, ...missing };
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!draft.name.trim()) found.name = 'Ange systemets namn.';
    if (!draft.unitId) found.unitId = 'Välj enheten som systemet agerar för.';
    setMissing(found);
    if (!Object.keys(found).length) register.mutate();
  };
  return (
    <form className="admin-form" onSubmit={submit} noValidate aria-labelledby="register-title">
      <h2 id="register-title">Registrera system</h2>
      <div className="row">
        <TextField label="Namn" value={draft.name} onChange={set('name')} error={errors.name} required maxLength={200} />
        <SelectField label="Enhet" value={draft.unitId} onChange={set('unitId')} error={errors.unitId} required>
          <option value="">Välj enhet</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="row">
        <TextField
          label="Klient-id (frivilligt)"
          value={draft.clientId}
          onChange={set('clientId')}
          error={errors.clientId}
          hint="Tomt: Brygga skapar ett."
          maxLength={64}
        />
        <TextField
          label="Mottagaradress (frivillig)"
          value={draft.endpointUrl}
          onChange={set('endpointUrl')}
          error={errors.endpointUrl}
          hint="Systemets $process-message, t.ex. https://system.example.se/fhir/$process-message"
          inputMode="url"
        />
      </div>
      <div className="buttons">
        <button type="submit" disabled={register.isPending}>
          {register.isPending ? 'Registrerar …' : 'Registrera systemet'}
        </button>
      </div>
      <div aria-live="polite">{register.error && <Alert title="Systemet registrerades inte">{register.error.message}</Alert>}</div>
    </form>
  );
}
