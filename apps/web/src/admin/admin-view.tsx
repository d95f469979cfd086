import { useQuery } from '@tanstack/react-query';
import { unitsQuery } from '../api/queries';
import { PageHeading } from '../components/page-heading';
import { Link, paths, type AdminSection } from '../router';
import { useMe } from '../session';
import type { Me } from '../api/model';
import { MembersView } from './members-view';
import { SystemClientsView } from './system-clients-view';
import { TemplatesView } from './templates-view';
import './admin.css';

type AdminCapability = 'directory.admin' | 'template.admin' | 'system.admin';

const SECTIONS: readonly { section: AdminSection; label: string; capability: AdminCapability }[] = [
  { section: 'medlemmar', label: 'Medlemmar och roller', capability: 'directory.admin' },
  { section: 'mallar', label: 'Checklistmallar', capability: 'template.admin' },
  { section: 'systemklienter', label: 'Systemklienter', capability: 'system.admin' },
];

/** The organisations in which my role grants the capability (the server decides; this only chooses what to offer). */
export function adminOrganisations(me: Me, capability: AdminCapability): { id: string; name: string }[] {
  const found = new Map<string, string>();
  for (const m of me.units) if (m.capabilities.includes(capability)) found.set(m.organisationId, m.organisationName);
  return [...found].map(([id, name]) => ({ id, name }));
}

/** The units of the organisations I administer with the capability, by name. */
export function useAdminUnits(capability: AdminCapability) {
  const orgIds = new Set(adminOrganisations(useMe(), capability).map((o) => o.id));
  return (useQuery(unitsQuery()).data ?? []).filter((u) => orgIds.has(u.organisationId)).sort((a, b) => a.name.localeCompare(b.name, 'sv'));
}

/**
 * Administration for an organisation's administrator: who works in its units and in which role,
 * its checklist template versions, and its hospital and municipal systems. No patient data here;
 * every read and change is access-logged by the server, which also enforces the trust model.
 */
export function AdminView({ section }: { section: AdminSection | null }) {
  const me = useMe();
  const allowed = SECTIONS.filter((s) => me.units.some((m) => m.capabilities.includes(s.capability)));
  const current = section ? allowed.find((s) => s.section === section) : allowed[0];
  return (
    <div className="page admin">
      <nav aria-label="Administration" className="admin-nav">
        <ul>
          {allowed.map((s) => (
            <li key={s.section}>
              <Link to={paths.admin(s.section)} aria-current={current?.section === s.section ? 'page' : undefined}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {!current && (
        <section aria-labelledby="admin-title">
          <PageHeading title="Ingen behörighet" id="admin-title" />
          <p>Din roll ger inte behörighet till den här delen av administrationen.</p>
        </section>
      )}
      {current?.section === 'medlemmar' && <MembersView />}
      {current?.section === 'mallar' && <TemplatesView />}
      {current?.section === 'systemklienter' && <SystemClientsView />}
    </div>
  );
}
