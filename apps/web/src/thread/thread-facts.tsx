import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { client, unwrap } from '../api/client';
import type { ApiError } from '../api/errors';
import { formatWhen, ORG_KIND, shortName } from '../format';
import type { Fact, FactKey, OrgKind } from '../api/model';
import { FACT_KEYS, FACT_LABEL, FACT_OWNER, FactForm, SAMTYCKE } from './fact-forms';

const OWNER_TEXT: Record<OrgKind, string> = {
  slutenvard: 'avdelningen',
  primarvard: 'primärvården',
  sof: 'socialtjänsten',
  hemsjukvard: 'hemsjukvården',
  hemtjanst: 'hemtjänsten',
};

const s = (v: unknown) => (typeof v === 'string' ? v : '');

/** A fact as people read it, in one line. */
export function factText(fact: Fact): string {
  const v = fact.value;
  switch (fact.key) {
    case 'folkbokforingsadress':
      return v.skyddad === true
        ? 'Skyddad adress'
        : [s(v.gatuadress), [s(v.postnummer), s(v.ort)].filter(Boolean).join(' ')].filter(Boolean).join(', ');
    case 'narstaende': {
      const list = Array.isArray(v.personer) ? (v.personer as Record<string, unknown>[]) : [];
      if (!list.length) return 'Inga närstående angivna';
      return list
        .map((p) => `${s(p.namn)} (${s(p.relation)}), ${s(p.telefon)}, ${p.informerad === true ? 'informerad' : 'inte informerad'}`)
        .join('; ');
    }
    case 'samtycke': {
      const status = SAMTYCKE[s(v.status)] ?? s(v.status);
      const orgs = Array.isArray(v.organisationer) ? (v.organisationer as OrgKind[]).map((k) => ORG_KIND[k] ?? k) : [];
      return v.status === 'givet' && orgs.length ? `${status}: ${orgs.join(', ')}` : status;
    }
    case 'avdelningens_telefon':
      return s(v.telefon);
    case 'fast_vardkontakt':
      return [s(v.namn), s(v.enhet), s(v.telefon)].filter(Boolean).join(', ');
    case 'stod_fore_inskrivning':
      return s(v.beskrivning);
    case 'ansvarig_handlaggare':
      return [s(v.namn), s(v.telefon)].filter(Boolean).join(', ');
  }
}

interface Props {
  threadId: string;
  facts: Fact[];
  /** The organisation kinds in which I may set facts in this thread (none when closed). */
  mayWrite: Set<OrgKind>;
  onSaved: () => void;
  onRefused: (e: ApiError) => void;
}

/** The structured facts at the top of the thread: shown to every reader, set by the organisation that owns each. */
export function ThreadFacts({ threadId, facts, mayWrite, onSaved, onRefused }: Props) {
  const [editing, setEditing] = useState<FactKey | null>(null);
  const [historyKey, setHistoryKey] = useState<FactKey | null>(null);
  // A fact's versions, fetched when its history is opened (again after each new version).
  const versions = useQuery({
    queryKey: ['fact-history', threadId, historyKey, facts.find((f) => f.key === historyKey)?.version],
    queryFn: async () =>
      (await unwrap(client.GET('/api/threads/{id}/facts/{key}/history', { params: { path: { id: threadId, key: historyKey! } } })))
        .versions,
    enabled: historyKey !== null,
  });
  const history: { key: FactKey; versions: Fact[] } | null =
    historyKey && (versions.data || versions.isError) ? { key: historyKey, versions: versions.data ?? [] } : null;
  const byKey = new Map(facts.map((f) => [f.key, f]));
  const set = FACT_KEYS.filter((k) => byKey.has(k)).length;

  const showHistory = (key: FactKey) => {
    setHistoryKey((open) => (open === key ? null : key));
  };

  return (
    <section className="facts" aria-labelledby="facts-title">
      <h2 id="facts-title">
        Uppgifter{' '}
        <span className="muted small">
          ({set} av {FACT_KEYS.length} angivna)
        </span>
      </h2>
      <dl className="facts-grid">
        {FACT_KEYS.map((key) => {
          const fact = byKey.get(key);
          const owner = FACT_OWNER[key];
          return (
            <div key={key} className={`fact fact-${key}${fact ? '' : ' fact-unset'}`}>
              <dt>
                {FACT_LABEL[key]}
                {mayWrite.has(owner) && editing !== key && (
                  <button
                    type="button"
                    className="link-button fact-edit"
                    onClick={() => setEditing(key)}
                    aria-label={`${fact ? 'Ändra' : 'Ange'}: ${FACT_LABEL[key]}`}
                  >
                    {fact ? 'Ändra' : 'Ange'}
                  </button>
                )}
              </dt>
              <dd>
                {fact ? (
                  <>
                    <span className="fact-value">{factText(fact)}</span>
                    <span className="fact-meta">
                      {shortName(fact.setBy.name)}, {fact.setBy.unitName} {formatWhen(fact.setAt)}
                      {fact.version > 1 && (
                        <>
                          {' '}
                          ·{' '}
                          <button
                            type="button"
                            className="link-button"
                            aria-expanded={history?.key === key}
                            onClick={() => showHistory(key)}
                            aria-label={`Historik: ${FACT_LABEL[key]}`}
                          >
                            Historik
                          </button>
                        </>
                      )}
                    </span>
                  </>
                ) : (
                  <span className="muted">Inte angiven (anges av {OWNER_TEXT[owner]})</span>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
      {history && (
        <ol className="history small" aria-label={`Historik för ${FACT_LABEL[history.key]}`}>
          {history.versions.map((v) => (
            <li key={v.version}>
              Version {v.version}, {formatWhen(v.setAt)} {shortName(v.setBy.name)} ({v.setBy.unitName}): {factText(v)}
            </li>
          ))}
        </ol>
      )}
      {editing && (
        <FactForm
          key={editing}
          threadId={threadId}
          factKey={editing}
          fact={byKey.get(editing)}
          onCancel={() => setEditing(null)}
          onRefused={onRefused}
          onSaved={() => {
            setEditing(null);
            onSaved();
          }}
        />
      )}
    </section>
  );
}
