import { useState, type FormEvent } from 'react';
import type { ItemState, ItemValue, ValueType } from '../api/model';
import { CheckboxField, SelectField, TextArea, TextField } from '../components/ui';
import { ITEM_STATE, toLocalInput } from '../format';
import { itemValueText, parseItemValue } from '../thread/item-value';

/** What the phone knows of a checklist item to change it offline (kept in the copy and in the outbox item). */
export interface ItemShape {
  label: string;
  valueType?: ValueType;
  choices?: string[] | null;
  notInPast?: boolean;
}

/** The value as the field shows it (a datetime-local in the phone's time). */
function fieldValue(valueType: ValueType | undefined, value: ItemValue | undefined): string | boolean {
  if (value === null || value === undefined) return valueType === 'boolean' ? false : '';
  if (valueType === 'datetime' && typeof value === 'string') return toLocalInput(value);
  return value;
}

export function shownItemValue(item: ItemShape, value: ItemValue | undefined): string {
  return item.valueType ? itemValueText(item.valueType, value) : '';
}

/**
 * A checklist item's state and value changed without coverage (a färdtjänst time, a note about a
 * hjälpmedel): checked by the same rules as online, then handed to the outbox. A copy kept before
 * values could be changed offline has no valueType: then only the state.
 */
export function ItemChangeForm(props: {
  item: ItemShape;
  state: ItemState;
  value: ItemValue | undefined;
  submit: string;
  onSave: (change: { state: ItemState; value: ItemValue | undefined }) => Promise<void>;
  onCancel: () => void;
}) {
  const { item, submit, onSave, onCancel } = props;
  const [state, setState] = useState<ItemState>(props.state);
  const [raw, setRaw] = useState<string | boolean>(() => fieldValue(item.valueType, props.value));
  const [error, setError] = useState<string | undefined>();
  const save = (e: FormEvent) => {
    e.preventDefault();
    const parsed = item.valueType ? parseItemValue({ valueType: item.valueType, notInPast: !!item.notInPast }, state, raw) : {};
    if (parsed.error) return setError(parsed.error);
    setError(undefined);
    void onSave({ state, value: parsed.value });
  };
  const field = () => {
    switch (item.valueType) {
      case undefined:
        return null;
      case 'boolean':
        return <CheckboxField label={`${item.label}: ja`} checked={raw === true} onChange={(e) => setRaw(e.target.checked)} />;
      case 'choice':
        return (
          <SelectField label={item.label} value={String(raw)} onChange={(e) => setRaw(e.target.value)} error={error}>
            <option value="">Välj …</option>
            {item.choices?.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </SelectField>
        );
      case 'text':
        return (
          <TextArea
            label={item.label}
            rows={2}
            value={String(raw)}
            onChange={(e) => setRaw(e.target.value)}
            error={error}
            maxLength={2000}
          />
        );
      case 'date':
      case 'datetime':
        return (
          <TextField
            label={item.label}
            type={item.valueType === 'date' ? 'date' : 'datetime-local'}
            value={String(raw)}
            onChange={(e) => setRaw(e.target.value)}
            error={error}
            hint={item.notInPast ? 'Får inte ligga bakåt i tiden.' : undefined}
          />
        );
    }
  };
  return (
    <form className="item-editor offline-item-editor" onSubmit={save} noValidate aria-label={`Ändra: ${item.label}`}>
      {field()}
      <SelectField label="Status" value={state} onChange={(e) => setState(e.target.value as ItemState)}>
        {(Object.keys(ITEM_STATE) as ItemState[]).map((s) => (
          <option key={s} value={s}>
            {ITEM_STATE[s]}
          </option>
        ))}
      </SelectField>
      <div className="buttons">
        <button type="submit">{submit}</button>
        <button type="button" className="secondary" onClick={onCancel}>
          Avbryt
        </button>
      </div>
    </form>
  );
}
