import { ROLES } from '@brygga/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { client, unwrap } from '../api/client';
import type { Role } from '../api/model';
import type { components } from '../api/schema';
import { PageHeading } from '../components/page-heading';
import { Alert, Loading, SelectField } from '../components/ui';
import { formatDateTime, ROLE } from '../format';
import { useMe } from '../session';
import { useAdminUnits } from './admin-view';

type Member = components['schemas']['MemberDto'];
type MembershipRequest = components['schemas']['MembershipRequestDto'];

export const membershipsKey = ['admin', 'memberships'] as const;
const requestsKey = ['admin', 'membership-requests'] as const;

const REASON: Record<MembershipRequest['reason'], string> = {
  elevated_role: 'rollen når loggen eller behörigheterna',
  other_organisation: 'personen hör till en annan organisation',
};

/** Who works in the organisation's units and in which role; grants, removals and the four-eyes requests. */
export function MembersView() {
  const me = useMe();
  const qc = useQueryClient();
  const units = useAdminUnits('directory.admin');
  const members = useQuery({
    queryKey: membershipsKey,
    queryFn: async () => (await unwrap(client.GET('/api/admin/memberships'))).memberships,
  });
  const requests = useQuery({
    queryKey: requestsKey,
    queryFn: async () => (await unwrap(client.GET('/api/admin/membership-requests'))).requests,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['admin'] });

  const [confirming, setConfirming] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (m: Member) =>
      unwrap(client.DELETE('/api/admin/memberships/{membershipId}', { params: { path: { membershipId: m.membershipId } } })),
    onSuccess: () => setConfirming(null),
    onSettled: refresh,
  });

  const decide = useMutation({
    mutationFn: async ({ request, decision }: { request: MembershipRequest; decision: 'approve' | 'reject' }) => {
      const params = { path: { requestId: request.requestId } };
      if (decision === 'approve') await unwrap(client.POST('/api/admin/membership-requests/{requestId}/approve', { params, body: {} }));
      else await unwrap(client.POST('/api/admin/membership-requests/{requestId}/reject', { params, body: {} }));
    },
    onSettled: refresh,
  });

  const byUnit = new Map<string, Member[]>();
  for (const m of members.data ?? []) byUnit.set(m.unitId, [...(byUnit.get(m.unitId) ?? []), m]);
  const shownUnits = units.length ? units : [...byUnit.keys()].map((id) => ({ id, name: byUnit.get(id)![0].unitName }));

  return (
    <section aria-labelledby="members-title">
      <PageHeading title="Medlemmar och roller" id="members-title" />
      <p className="sub">
        Vem som arbetar på organisationens enheter och i vilken roll. Ingen kan ändra sina egna behörigheter, och roller som når loggen
        eller behörigheterna, eller en person från en annan organisation, kräver att en andra administratör godkänner.
      </p>
      <AddMembership people={members.data ?? []} units={units} onDone={refresh} />
      {(requests.data?.length ?? 0) > 0 && (
        <section aria-labelledby="requests-title" className="admin-block">
          <h2 id="requests-title">Väntar på godkännande</h2>
          {decide.error && <Alert title="Begäran kunde inte avgöras">{decide.error.message}</Alert>}
          <div className="table-scroll admin-table-scroll">
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Enhet</th>
                  <th scope="col">Roll</th>
                  <th scope="col">Skäl</th>
                  <th scope="col">Begärd av</th>
                  <th scope="col">Åtgärd</th>
                </tr>
              </thead>
              <tbody>
                {requests.data!.map((r) => {
                  const mine = r.requestedByUserId === me.user.id;
                  const busy = decide.isPending && decide.variables?.request.requestId === r.requestId;
                  return (
                    <tr key={r.requestId}>
                      <td>{r.name}</td>
                      <td>{r.unitName}</td>
                      <td>{ROLE[r.role] ?? r.role}</td>
                      <td>{REASON[r.reason] ?? r.reason}</td>
                      <td>
                        {r.requestedByName}, {formatDateTime(r.requestedAt)}
                      </td>
                      <td className="admin-actions">
                        {!mine && r.userId !== me.user.id && (
                          <button type="button" disabled={busy} onClick={() => decide.mutate({ request: r, decision: 'approve' })}>
                            Godkänn
                          </button>
                        )}
                        <button
                          type="button"
                          className="secondary"
                          disabled={busy}
                          onClick={() => decide.mutate({ request: r, decision: 'reject' })}
                        >
                          {mine ? 'Dra tillbaka' : 'Avslå'}
                        </button>
                        {mine && <span className="hint">Din begäran: en annan administratör godkänner.</span>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {members.error && <Alert title="Medlemmarna kunde inte hämtas">{members.error.message}</Alert>}
      {remove.error && <Alert title="Behörigheten togs inte bort">{remove.error.message}</Alert>}
      {!members.data && !members.error && <Loading text="Hämtar medlemmar …" />}
      {members.data &&
        shownUnits.map((unit) => {
          const rows = byUnit.get(unit.id) ?? [];
          return (
            <section key={unit.id} className="admin-block" aria-labelledby={`unit-${unit.id}`}>
              <h2 id={`unit-${unit.id}`}>{unit.name}</h2>
              {rows.length === 0 ? (
                <p className="empty">Ingen arbetar på enheten i Brygga.</p>
              ) : (
                <table className="admin-table" aria-labelledby={`unit-${unit.id}`}>
                  <thead>
                    <tr>
                      <th scope="col">Person</th>
                      <th scope="col">Roll</th>
                      <th scope="col">Åtgärd</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((m) => {
                      const self = m.userId === me.user.id;
                      const what = `${m.name} som ${ROLE[m.role] ?? m.role} på ${m.unitName}`;
                      return (
                        <tr key={m.membershipId} data-membership={m.membershipId}>
                          <td>
                            {m.name}
                            {self ? ' (du)' : ''}
                          </td>
                          <td>{ROLE[m.role] ?? m.role}</td>
                          <td className="admin-actions">
                            {self ? (
                              <span className="hint">Dina egna behörigheter ändras av en annan administratör.</span>
                            ) : confirming === m.membershipId ? (
                              <>
                                <button
                                  type="button"
                                  disabled={remove.isPending}
                                  onClick={() => remove.mutate(m)}
                                  aria-label={`Bekräfta: ta bort ${what}`}
                                >
                                  {remove.isPending ? 'Tar bort …' : 'Ta bort'}
                                </button>
                                <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                                  Avbryt
                                </button>
                              </>
                            ) : (
                              <button
                                type="button"
                                className="secondary"
                                onClick={() => setConfirming(m.membershipId)}
                                aria-label={`Ta bort ${what}`}
                              >
                                Ta bort …
                              </button>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )}
            </section>
          );
        })}
    </section>
  );
}

/** A grant: made at once (201) or a request for a second administrator (202); a refusal in the server's words. */
function AddMembership({ people, units, onDone }: { people: Member[]; units: { id: string; name: string }[]; onDone: () => void }) {
  const me = useMe();
  const [userId, setUserId] = useState('');
  const [unitId, setUnitId] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [missing, setMissing] = useState<Record<string, string>>({});
  const persons = [...new Map(people.map((p) => [p.userId, p.name])).entries()].sort((a, b) => a[1].localeCompare(b[1], 'sv'));
  const add = useMutation({
    // 201: the membership; 202: a request that waits for a second administrator.
    mutationFn: async (body: { userId: string; unitId: string; role: Role }) =>
      (await unwrap(client.POST('/api/admin/memberships', { body }))) as Member | { request: MembershipRequest },
    onSettled: onDone,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!userId) found.userId = 'Välj en person.';
    if (!unitId) found.unitId = 'Välj en enhet.';
    if (!role) found.role = 'Välj en roll.';
    setMissing(found);
    if (Object.keys(found).length || !role) return;
    add.mutate({ userId, unitId, role });
  };
  const granted = add.data && !('request' in add.data) ? add.data : null;
  const requested = add.data && 'request' in add.data ? add.data.request : null;
  return (
    <form className="admin-form" onSubmit={submit} noValidate aria-labelledby="add-title">
      <h2 id="add-title">Ge behörighet</h2>
      <div className="row">
        <SelectField
          label="Person"
          value={userId}
          onChange={(e) => setUserId(e.target.value)}
          error={missing.userId}
          hint="Personer som arbetar i organisationen."
        >
          <option value="">Välj person</option>
          {persons.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
              {id === me.user.id ? ' (du)' : ''}
            </option>
          ))}
        </SelectField>
        <SelectField label="Enhet" value={unitId} onChange={(e) => setUnitId(e.target.value)} error={missing.unitId}>
          <option value="">Välj enhet</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Roll" value={role} onChange={(e) => setRole(e.target.value as Role)} error={missing.role}>
          <option value="">Välj roll</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE[r]}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="buttons">
        <button type="submit" disabled={add.isPending}>
          {add.isPending ? 'Sparar …' : 'Ge behörighet'}
        </button>
      </div>
      <div aria-live="polite">
        {add.error && <Alert title="Behörigheten gavs inte">{add.error.message}</Alert>}
        {granted && (
          <Alert kind="success">
            {granted.name} är nu {ROLE[granted.role]} på {granted.unitName}.
          </Alert>
        )}
        {requested && (
          <Alert kind="info" title="Begäran väntar på en annan administratör">
            {requested.name} blir {ROLE[requested.role]} på {requested.unitName} när en andra administratör i organisationen har godkänt (
            {REASON[requested.reason]}).
          </Alert>
        )}
      </div>
    </form>
  );
}
