import { KIND_RULES, type KindPoster, type MessagePayloads, type PostableKind } from '@brygga/contracts';

/**
 * A message kind's form: who may post it and when come from the contract (@brygga/contracts
 * KIND_RULES, which the server enforces); its fields are named by the kind's payload there, so a
 * field the server would refuse does not compile (test/message-kinds-contract.spec.ts checks the rest).
 */
export type FieldType = 'datetime' | 'date' | 'text' | 'textarea' | 'number' | 'select' | 'checkbox' | 'lines' | 'units' | 'unit';

export interface FieldDef<N extends string = string> {
  name: N;
  label: string;
  type: FieldType;
  required?: boolean;
  hint?: string;
  options?: [string, string][];
  max?: number;
  maxLength?: number;
}

export interface KindDef {
  kind: PostableKind;
  title: string;
  /** Who may post it: the owning ward, anyone taking part, or these organisation kinds. */
  postedBy: KindPoster;
  fields: FieldDef[];
  /** The optional (or, for fritext, required) free text's label. */
  bodyLabel: string;
  bodyRequired: boolean;
  /** The ward's admission-phase notices: not offered once the patient is utskriven. */
  beforeDischargeOnly?: boolean;
  /** The home phase's reports: offered only once the patient is utskriven. */
  afterDischargeOnly?: boolean;
}

/** The payload fields of a kind (none for free text). */
type PayloadField<K extends PostableKind> = MessagePayloads[K] extends null ? never : keyof MessagePayloads[K] & string;

/** What the web adds to a kind: its title, labels and fields as people fill them in. */
export interface FormOf<K extends PostableKind> {
  kind: K;
  title: string;
  fields: FieldDef<PayloadField<K>>[];
  bodyLabel: string;
}

export function form<K extends PostableKind>(def: FormOf<K>): KindDef {
  return { ...KIND_RULES[def.kind], ...def };
}
