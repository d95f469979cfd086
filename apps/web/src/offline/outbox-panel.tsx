import { useCallback, useEffect, useState } from 'react';
import { formatWhen, ITEM_STATE } from '../format';
import { ItemChangeForm, shownItemValue } from './item-change';
import { ACTION_TEXT, consequence, edit, onOutboxChange, outboxItems, send, withdraw, type OutboxItem } from './outbox';

export function useOutbox(): { items: OutboxItem[]; reload: () => void } {
  const [items, setItems] = useState<OutboxItem[]>([]);
  const reload = useCallback(() => {
    outboxItems().then(setItems, () => setItems([]));
  }, []);
  useEffect(() => {
    reload();
    return onOutboxChange(reload);
  }, [reload]);
  return { items, reload };
}

const pending = (i: OutboxItem) => i.state === 'vantar' || i.state === 'bekrafta';

/**
 * "Sparat på telefonen – skickas när du har täckning (N)": every queued write, editable or
 * withdrawable while it waits, asked again when it changes hemgångsklar, and what became of it.
 */
export function OutboxPanel({ online }: { online: boolean }) {
  const { items } = useOutbox();
  if (!items.length) return null;
  const waiting = items.filter(pending).length;
  const done = items.filter((i) => !pending(i));
  return (
    <section className="outbox" aria-labelledby="outbox-title" data-testid="outbox">
      <h2 id="outbox-title" className="outbox-title">
        {waiting
          ? online
            ? `Sparat på telefonen – skickas nu (${waiting})`
            : `Sparat på telefonen – skickas när du har täckning (${waiting})`
          : done.some((i) => i.state === 'inte_skickat')
            ? 'Från telefonen: se vad som hände med varje ändring'
            : 'Skickat från telefonen'}
      </h2>
      <ul className="outbox-list">
        {items.map((item) => (
          <OutboxRow key={item.id} item={item} online={online} />
        ))}
      </ul>
      {done.length > 0 && (
        <button type="button" className="secondary" onClick={() => void Promise.all(done.map(withdraw))}>
          Ta bort skickade och avvisade från listan
        </button>
      )}
    </section>
  );
}

function OutboxRow({ item, online }: { item: OutboxItem; online: boolean }) {
  // Once sent (coverage came back meanwhile), an open edit is closed: it would change what already went.
  const [editingOpen, setEditing] = useState(false);
  const editing = editingOpen && item.state === 'vantar';
  const [text, setText] = useState(item.body ?? item.orsak ?? '');
  const editable = item.action !== 'redo' && item.action !== 'mottagen_hemma';
  const what = `${ACTION_TEXT[item.action]} · ${item.patient}`;
  const shown = item.action === 'punkt' ? punktText(item) : (item.body ?? item.orsak);
  return (
    <li className={`outbox-item outbox-${item.state}`} data-testid="outbox-item">
      <p className="outbox-what">
        <strong>{what}</strong> <span className="hint">gjort {formatWhen(item.observedAt)}</span>
      </p>
      {editing && item.action === 'punkt' ? (
        <ItemChangeForm
          item={{ ...item, label: item.label ?? '' }}
          state={item.itemState ?? 'klar'}
          value={item.itemValue !== undefined ? item.itemValue : item.valueBefore}
          submit="Spara ändringen"
          onSave={({ state, value }) => edit(item, { itemState: state, itemValue: value }).then(() => setEditing(false))}
          onCancel={() => setEditing(false)}
        />
      ) : editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void edit(item, item.action === 'meddelande' ? { body: text } : { orsak: text }).then(() => setEditing(false));
          }}
        >
          <label>
            {item.action === 'meddelande' ? 'Meddelande' : 'Orsak'}
            <textarea value={text} onChange={(e) => setText(e.target.value)} rows={3} />
          </label>
          <button type="submit">Spara ändringen</button>
        </form>
      ) : (
        shown && <p className="outbox-body">{shown}</p>
      )}
      {item.state === 'vantar' && (
        <p className="outbox-actions">
          <span className="hint">Väntar på täckning.</span>
          {editable && !editing && (
            <button type="button" className="link-button" onClick={() => setEditing(true)}>
              Ändra
            </button>
          )}
          <button type="button" className="link-button" onClick={() => void withdraw(item)}>
            Ta tillbaka
          </button>
        </p>
      )}
      {item.state === 'bekrafta' && (
        <div className="outbox-confirm" role="group" aria-label={`Bekräfta: ${what}`}>
          <p>
            {consequence(item)}
            Gjordes {formatWhen(item.observedAt)} utan täckning. Stämmer det fortfarande?
          </p>
          <button type="button" disabled={!online} onClick={() => void send(item)}>
            Skicka nu
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => void edit(item, { state: 'inte_skickat', result: 'Inte skickat: du valde att inte skicka det.' })}
          >
            Skicka inte
          </button>
        </div>
      )}
      {item.result && (
        <p className={`outbox-result ${item.state === 'skickat' ? 'ok' : 'refused'}`} role="status">
          {item.result}
        </p>
      )}
    </li>
  );
}

/** "Färdtjänst hem: Klar – 2026-12-08 10:00": the item, its new state and, when changed, its new value. */
function punktText(item: OutboxItem): string {
  const value = item.itemValue !== undefined ? shownItemValue({ label: '', valueType: item.valueType }, item.itemValue) : '';
  return `${item.label ?? ''}: ${ITEM_STATE[item.itemState ?? 'klar']}${value ? ` – ${value}` : ''}`;
}
