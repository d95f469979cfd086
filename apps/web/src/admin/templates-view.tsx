import { ORG_KINDS, VALUE_TYPES } from '@brygga/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { client, unwrap } from '../api/client';
import type { OrgKind, ValueType } from '../api/model';
import { keys } from '../api/queries';
import type { components } from '../api/schema';
import { PageHeading } from '../components/page-heading';
import { Alert, Loading, SelectField, TextArea, TextField } from '../components/ui';
import { formatDateTime, ORG_KIND } from '../format';
import { useMe } from '../session';
import { adminOrganisations } from './admin-view';

type Template = components['schemas']['TemplateDto'];
type Item = components['schemas']['TemplateItemView'];

const templatesKey = ['admin', 'templates'] as const;

const VALUE_TYPE: Record<ValueType, string> = {
  boolean: 'Ja/nej',
  datetime: 'Datum och tid',
  date: 'Datum',
  text: 'Text',
  choice: 'Val',
};

/** The version an organisation applies now: its own latest, or else the standard's latest. */
function inForce(versions: Template[], orgIds: Set<string>): Template | undefined {
  const own = versions.filter((t) => t.organisationId && orgIds.has(t.organisationId));
  const pool = own.length ? own : versions.filter((t) => !t.organisationId);
  return pool.reduce<Template | undefined>((best, t) => (!best || t.version > best.version ? t : best), undefined);
}

/** A template key from the item's text: `Rollator levererad` → `rollator_levererad`, unique in the template. */
export function itemKey(label: string, taken: readonly string[]): string {
  const base =
    label
      .toLowerCase()
      .replace(/[åä]/g, 'a')
      .replace(/ö/g, 'o')
      .replace(/é/g, 'e')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^[^a-z]+|_+$/g, '')
      .slice(0, 50) || 'punkt';
  let key = base;
  for (let n = 2; taken.includes(key); n++) key = `${base}_${n}`;
  return key;
}

/** Checklist template versions: every version of the standard and the organisation's own, a preview, and a new version. */
export function TemplatesView() {
  const me = useMe();
  const orgs = adminOrganisations(me, 'template.admin');
  const orgIds = new Set(orgs.map((o) => o.id));
  const templates = useQuery({
    queryKey: templatesKey,
    queryFn: async () => (await unwrap(client.GET('/api/checklist-templates', { params: { query: { all: 'true' } } }))).templates,
  });
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<Template | null>(null);
  const [published, setPublished] = useState<Template | null>(null);

  const groups = new Map<string, Template[]>();
  for (const t of templates.data ?? []) groups.set(t.key, [...(groups.get(t.key) ?? []), t]);
  const shown = templates.data?.find((t) => t.id === selected) ?? null;
  const orgName = (id: string | null) => (id ? (orgs.find((o) => o.id === id)?.name ?? 'Egen') : 'Standard');

  return (
    <section aria-labelledby="templates-title">
      <PageHeading title="Checklistmallar" id="templates-title" />
      <p className="sub">
        Mallarnas versioner: standardmallarna och organisationens egna. En ny version gäller checklistor som läggs på efter att den
        publicerats; checklistor som redan finns på ärenden behåller sin version.
      </p>
      {published && (
        <Alert kind="success">
          Version {published.version} av {published.name} är publicerad.
        </Alert>
      )}
      {templates.error && <Alert title="Mallarna kunde inte hämtas">{templates.error.message}</Alert>}
      {!templates.data && !templates.error && <Loading text="Hämtar mallar …" />}
      <div className="admin-split">
        {templates.data && (
          <div className="table-scroll admin-table-scroll">
            <table className="admin-table">
              <caption className="visually-hidden">Mallversioner</caption>
              <thead>
                <tr>
                  <th scope="col">Mall</th>
                  <th scope="col">Version</th>
                  <th scope="col">Ägare</th>
                  <th scope="col">Skapad</th>
                  <th scope="col">Åtgärd</th>
                </tr>
              </thead>
              <tbody>
                {[...groups.values()].flatMap((versions) => {
                  const current = inForce(versions, orgIds);
                  return versions.map((t) => (
                    <tr key={t.id} data-template={`${t.key}:${t.version}`} className={t.id === selected ? 'admin-selected' : undefined}>
                      <td>{t.name}</td>
                      <td>
                        {t.version}
                        {t.id === current?.id && <span className="admin-tag">Gäller nu</span>}
                      </td>
                      <td>{orgName(t.organisationId)}</td>
                      <td>
                        {formatDateTime(t.createdAt)}
                        {t.createdBy ? `, ${t.createdBy.name}` : ''}
                      </td>
                      <td>
                        <button
                          type="button"
                          className="secondary"
                          aria-label={`Visa ${t.name} version ${t.version}`}
                          aria-pressed={t.id === selected}
                          onClick={() => {
                            setSelected(t.id);
                            setEditing(null);
                          }}
                        >
                          Visa
                        </button>
                      </td>
                    </tr>
                  ));
                })}
              </tbody>
            </table>
          </div>
        )}
        {shown && !editing && (
          <TemplatePreview
            template={shown}
            onNewVersion={() => {
              setPublished(null);
              setEditing(shown);
            }}
          />
        )}
        {editing && (
          <TemplateEditor
            base={editing}
            current={inForce(groups.get(editing.key) ?? [], orgIds)}
            orgs={orgs}
            onCancel={() => setEditing(null)}
            onPublished={(t) => {
              setPublished(t);
              setEditing(null);
              setSelected(t.id);
            }}
          />
        )}
      </div>
    </section>
  );
}

/** The items as a checklist would show them: under their groups, with who answers and whether they are required. */
function TemplatePreview({ template, onNewVersion }: { template: Template; onNewVersion: () => void }) {
  const ref = useRef<HTMLElement>(null);
  // On a tablet the preview sits below the list: bring it into view when another version is chosen.
  // A block body: Chromium's scrollIntoView may return a promise, which React would take for a cleanup.
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, [template.id]);
  const label = (key: string) => template.items.find((i) => i.key === key)?.label ?? key;
  const groups = new Map<string, Item[]>();
  for (const item of template.items) groups.set(item.group ?? '', [...(groups.get(item.group ?? '') ?? []), item]);
  return (
    <section className="admin-preview" aria-labelledby="preview-title" ref={ref}>
      <h2 id="preview-title">
        {template.name}, version {template.version}
      </h2>
      {template.description && <p>{template.description}</p>}
      <p className="hint">
        {template.items.length} punkter, varav {template.items.filter((i) => i.required).length} obligatoriska.
      </p>
      {[...groups].map(([group, items]) => (
        <div key={group || '-'} className="admin-preview-group">
          {group && <h3>{group}</h3>}
          <ul>
            {items.map((item) => (
              <li key={item.key}>
                <span className="admin-item-label">{item.label}</span>
                <span className="admin-item-meta">
                  {item.required ? 'Obligatorisk' : 'Valfri'} · {ORG_KIND[item.responsible as OrgKind] ?? item.responsible} ·{' '}
                  {VALUE_TYPE[item.valueType as ValueType] ?? item.valueType}
                  {item.choices?.length ? `: ${item.choices.join(', ')}` : ''}
                  {item.when
                    ? ` · bara när ”${label(item.when.item)}” är ${item.when.in.map((v) => (v === true ? 'ja' : v === false ? 'nej' : v)).join(' eller ')}`
                    : ''}
                </span>
                {item.help && <span className="hint">{item.help}</span>}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <button type="button" onClick={onNewVersion}>
        Skapa ny version utifrån denna
      </button>
    </section>
  );
}

interface NewItem {
  label: string;
  group: string;
  responsible: OrgKind;
  valueType: ValueType;
  choices: string;
  required: boolean;
}
const EMPTY_ITEM: NewItem = { label: '', group: '', responsible: 'slutenvard', valueType: 'boolean', choices: '', required: true };

/**
 * A new version from an existing one: change the name, the description and the items' texts and
 * whether they are required, remove items and add new ones. Dropping a required item of the
 * version in force must be confirmed (the server asks for it too).
 */
function TemplateEditor({
  base,
  current,
  orgs,
  onCancel,
  onPublished,
}: {
  base: Template;
  current: Template | undefined;
  orgs: { id: string; name: string }[];
  onCancel: () => void;
  onPublished: (t: Template) => void;
}) {
  const qc = useQueryClient();
  const [name, setName] = useState(base.name);
  const [description, setDescription] = useState(base.description ?? '');
  const [items, setItems] = useState<Item[]>(base.items);
  const [organisationId, setOrganisationId] = useState(
    base.organisationId && orgs.some((o) => o.id === base.organisationId) ? base.organisationId : (orgs[0]?.id ?? ''),
  );
  const [adding, setAdding] = useState<NewItem>(EMPTY_ITEM);
  const [addError, setAddError] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [confirmError, setConfirmError] = useState<string | null>(null);

  const stillRequired = new Set(items.filter((i) => i.required).map((i) => i.key));
  const dropped = (current?.items ?? []).filter((i) => i.required && !stillRequired.has(i.key));

  const publish = useMutation({
    mutationFn: () =>
      unwrap(
        client.POST('/api/checklist-templates', {
          body: {
            key: base.key,
            name: name.trim(),
            ...(description.trim() ? { description: description.trim() } : {}),
            // The generated type of a condition's values is not expressible (string or boolean): the server validates them.
            items: items.map((i) => ({ ...i, label: i.label.trim() })) as unknown as components['schemas']['TemplateItemDto'][],
            ...(organisationId ? { organisationId } : {}),
            ...(dropped.length ? { confirmRemovedRequired: dropped.map((i) => i.key) } : {}),
          },
        }),
      ),
    onSuccess: (t) => {
      void qc.invalidateQueries({ queryKey: templatesKey });
      // The thread view's template choice shows the version in force.
      void qc.invalidateQueries({ queryKey: keys.templates() });
      onPublished(t);
    },
  });

  const update = (index: number, change: Partial<Item>) =>
    setItems((list) => list.map((item, i) => (i === index ? { ...item, ...change } : item)));
  const addItem = () => {
    const label = adding.label.trim();
    const choices = adding.choices
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    if (!label) return setAddError('Skriv punktens text.');
    if (adding.valueType === 'choice' && choices.length < 2) return setAddError('Ange minst två val, åtskilda med kommatecken.');
    setAddError(null);
    setItems((list) => [
      ...list,
      {
        key: itemKey(
          label,
          list.map((i) => i.key),
        ),
        label,
        ...(adding.group.trim() ? { group: adding.group.trim() } : {}),
        responsible: adding.responsible,
        required: adding.required,
        valueType: adding.valueType,
        ...(adding.valueType === 'choice' ? { choices } : {}),
      },
    ]);
    setAdding(EMPTY_ITEM);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (dropped.length && !confirmed) {
      setConfirmError('Bekräfta att de obligatoriska punkterna tas bort eller blir valfria.');
      return;
    }
    setConfirmError(null);
    publish.mutate();
  };

  return (
    <form className="admin-preview admin-editor" onSubmit={submit} noValidate aria-labelledby="editor-title">
      <h2 id="editor-title">Ny version av {base.name}</h2>
      <p className="hint">Utgår från version {base.version}. Ärenden som redan har checklistan behåller sin version.</p>
      {orgs.length > 1 && (
        <SelectField label="Organisation" value={organisationId} onChange={(e) => setOrganisationId(e.target.value)}>
          {orgs.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </SelectField>
      )}
      <TextField label="Mallens namn" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      <TextArea label="Beskrivning" value={description} onChange={(e) => setDescription(e.target.value)} rows={2} maxLength={2000} />
      <fieldset>
        <legend>Punkter ({items.length})</legend>
        <ol className="admin-items">
          {items.map((item, index) => (
            <li key={item.key}>
              <TextField
                label={`Punkt ${index + 1}`}
                value={item.label}
                onChange={(e) => update(index, { label: e.target.value })}
                maxLength={200}
              />
              <span className="admin-item-meta">
                {item.group ? `${item.group} · ` : ''}
                {ORG_KIND[item.responsible as OrgKind] ?? item.responsible} · {VALUE_TYPE[item.valueType as ValueType] ?? item.valueType}
              </span>
              <label className="check-inline">
                <input type="checkbox" checked={item.required} onChange={(e) => update(index, { required: e.target.checked })} />{' '}
                Obligatorisk
              </label>
              <button
                type="button"
                className="secondary"
                aria-label={`Ta bort punkt ${index + 1}: ${item.label}`}
                onClick={() => setItems((list) => list.filter((_, i) => i !== index))}
              >
                Ta bort
              </button>
            </li>
          ))}
        </ol>
      </fieldset>
      <fieldset>
        <legend>Lägg till punkt</legend>
        <div className="row">
          <TextField
            label="Text"
            value={adding.label}
            onChange={(e) => setAdding({ ...adding, label: e.target.value })}
            error={addError ?? undefined}
            maxLength={200}
          />
          <TextField
            label="Grupp (frivillig)"
            value={adding.group}
            onChange={(e) => setAdding({ ...adding, group: e.target.value })}
            maxLength={200}
          />
        </div>
        <div className="row">
          <SelectField
            label="Ansvarar"
            value={adding.responsible}
            onChange={(e) => setAdding({ ...adding, responsible: e.target.value as OrgKind })}
          >
            {ORG_KINDS.map((k) => (
              <option key={k} value={k}>
                {ORG_KIND[k]}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Svarstyp"
            value={adding.valueType}
            onChange={(e) => setAdding({ ...adding, valueType: e.target.value as ValueType })}
          >
            {VALUE_TYPES.map((v) => (
              <option key={v} value={v}>
                {VALUE_TYPE[v]}
              </option>
            ))}
          </SelectField>
          {adding.valueType === 'choice' && (
            <TextField
              label="Val (åtskilda med komma)"
              value={adding.choices}
              onChange={(e) => setAdding({ ...adding, choices: e.target.value })}
            />
          )}
        </div>
        <label className="check-inline">
          <input type="checkbox" checked={adding.required} onChange={(e) => setAdding({ ...adding, required: e.target.checked })} />{' '}
          Obligatorisk
        </label>{' '}
        <button type="button" className="secondary" onClick={addItem}>
          Lägg till punkten
        </button>
      </fieldset>
      {dropped.length > 0 && (
        <div className={`field field-check${confirmError ? ' field-invalid' : ''}`}>
          <input id="confirm-dropped" type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
          <label htmlFor="confirm-dropped">
            Jag bekräftar att dessa obligatoriska punkter tas bort eller blir valfria: {dropped.map((i) => i.label).join(', ')}. Det blir
            lättare att bli hemgångsklar.
          </label>
          {confirmError && (
            <p className="field-error">
              <span aria-hidden="true">⚠ </span>
              {confirmError}
            </p>
          )}
        </div>
      )}
      <div aria-live="polite">{publish.error && <Alert title="Versionen publicerades inte">{publish.error.message}</Alert>}</div>
      <div className="buttons">
        <button type="submit" disabled={publish.isPending}>
          {publish.isPending ? 'Publicerar …' : 'Publicera versionen'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Avbryt
        </button>
      </div>
    </form>
  );
}
