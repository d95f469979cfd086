import { getMetadataStorage } from 'class-validator';
import { KIND_RULES, PAYLOAD_FIELDS, POSTABLE_KINDS, type PostableKind, type StructuredKind } from '@brygga/contracts';
import { kindRule, MESSAGE_KIND_NAMES } from '../libs/threads/src/message-kinds';
import { COMPOSABLE } from '../apps/web/src/thread/kinds';

/**
 * One definition of the message kinds (issue 33): @brygga/contracts. The compiler holds the types
 * (the server's classes equal the contract's payloads, the web's field names are payload fields);
 * this holds at run time what types cannot see: the validation classes' decorated fields and
 * optionality, and the forms' required fields.
 */
const structured = POSTABLE_KINDS.filter((k): k is StructuredKind => k !== 'fritext');

/** A validation class's fields, and which of them may be left out (IsOptional or ValidateIf). */
function classFields(target: new () => object): Record<string, 'required' | 'optional'> {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  const fields: Record<string, 'required' | 'optional'> = {};
  for (const m of metadata) fields[m.propertyName] ??= 'required';
  for (const m of metadata) if (m.type === 'conditionalValidation') fields[m.propertyName] = 'optional';
  return fields;
}

describe('the message kinds: one contract', () => {
  it('the server posts exactly the contract’s kinds, by its rules', () => {
    expect([...MESSAGE_KIND_NAMES].sort()).toEqual(Object.keys(KIND_RULES).sort());
    for (const kind of POSTABLE_KINDS) {
      const contract = KIND_RULES[kind];
      const server = kindRule(kind);
      expect({ kind, ...server, payload: undefined, effect: undefined }).toEqual({
        kind,
        capability: contract.capability,
        bodyRequired: contract.bodyRequired,
        ownerOnly: contract.postedBy === 'owner',
        postedBy: typeof contract.postedBy === 'string' ? undefined : contract.postedBy,
        beforeDischargeOnly: 'beforeDischargeOnly' in contract ? contract.beforeDischargeOnly : undefined,
        afterDischargeOnly: 'afterDischargeOnly' in contract ? contract.afterDischargeOnly : undefined,
        payload: undefined,
        effect: undefined,
      });
    }
    expect(kindRule('fritext').payload).toBeUndefined();
  });

  it.each(structured)('%s: the server validates exactly the contract’s payload fields, optional where it says', (kind) => {
    const payload = kindRule(kind).payload;
    expect(payload).toBeDefined();
    expect(classFields(payload!)).toEqual(PAYLOAD_FIELDS[kind]);
  });

  it('the web’s forms offer the contract’s kinds with its rules, and ask for every required field', () => {
    for (const def of COMPOSABLE) {
      const kind: PostableKind = def.kind;
      const { capability: _capability, ...rule } = KIND_RULES[kind];
      expect({ kind, ...rule }).toEqual({
        kind,
        postedBy: def.postedBy,
        bodyRequired: def.bodyRequired,
        ...(def.beforeDischargeOnly === undefined ? {} : { beforeDischargeOnly: def.beforeDischargeOnly }),
        ...(def.afterDischargeOnly === undefined ? {} : { afterDischargeOnly: def.afterDischargeOnly }),
      });
      const fields: Record<string, string> = kind === 'fritext' ? {} : PAYLOAD_FIELDS[kind];
      for (const field of def.fields) expect(`${kind}.${field.name}: ${field.name in fields}`).toBe(`${kind}.${field.name}: true`);
      const required = Object.keys(fields).filter((f) => fields[f] === 'required');
      const asked = def.fields.filter((f) => f.required).map((f) => f.name);
      expect({ kind, missing: required.filter((f) => !asked.includes(f)) }).toEqual({ kind, missing: [] });
    }
  });
});
