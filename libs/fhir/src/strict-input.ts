import { FhirRefusal } from './bundle-reader';
import { MEDCOM_EVENT_CODES } from './codes';
import { validateAgainstProfiles } from './profile-validator';
import { validateMessage } from './validation';

/** Each char code's class in base64Binary (RFC 4648 §4; FHIR allows whitespace): a table, so a 27 MB string is one tight pass. */
const CHAR = new Uint8Array(65536);
const [INVALID, DIGIT, SPACE, PAD] = [0, 1, 2, 3];
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') CHAR[c.charCodeAt(0)] = DIGIT;
for (const c of ' \t\n\r') CHAR[c.charCodeAt(0)] = SPACE;
CHAR['='.charCodeAt(0)] = PAD;

/**
 * Whether a base64Binary is valid, in one pass over its characters and no regular expression: a
 * backtracking pattern over the whole value overflowed the stack at about 3.35 MB (issue 31).
 * Four-character groups, `=` padding (at most two) only at the very end.
 */
export function isBase64(value: string): boolean {
  let count = 0;
  let padding = 0;
  for (let i = 0; i < value.length; i++) {
    const kind = CHAR[value.charCodeAt(i)];
    if (kind === DIGIT) {
      if (padding) return false;
      count++;
    } else if (kind === PAD) {
      if (++padding > 2) return false;
      count++;
    } else if (kind === INVALID) return false;
  }
  return count > 0 && count % 4 === 0;
}

/** Bytes of a valid base64Binary (whitespace dropped by Node's decoder), or undefined. */
export function decodeBase64(value: string): Buffer | undefined {
  return isBase64(value) ? Buffer.from(value, 'base64') : undefined;
}

type Json = unknown;

/** A date with a time of day and no offset: FHIR's dateTime and instant refuse it (a time SHALL have its zone). */
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * The first dateTime or instant with a time but no offset, and where it is. Judged by shape: a
 * FHIR string that is exactly a local date-time is one of those types in every message Brygga reads.
 */
function timeWithoutOffset(value: Json, path: string): { path: string; value: string } | undefined {
  if (typeof value === 'string') return LOCAL_TIME.test(value) ? { path, value } : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = timeWithoutOffset(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = timeWithoutOffset(inner, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}
const isObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A copy of the message in which every base64Binary `data` (an Attachment's, a Binary's) is checked
 * here, in linear time, and replaced by a placeholder: the structure and profile validators then
 * judge the message, not megabytes of file (the profile validator refuses any string over 1 MB
 * and took tens of seconds on one). The real data stays in the original, for the import.
 */
export function withoutFileData(message: Json, path = 'Bundle'): Json {
  if (Array.isArray(message)) return message.map((item, i) => withoutFileData(item, `${path}[${i}]`));
  if (!isObject(message)) return message;
  const copy: Record<string, Json> = {};
  for (const [key, value] of Object.entries(message)) {
    // SampledData.data is a string of numbers, not a file: SampledData has `dimensions`.
    if (key === 'data' && typeof value === 'string' && !('dimensions' in message)) {
      if (!isBase64(value)) throw new FhirRefusal('value', 'Bilagan är inte giltig base64.', `${path}.data`);
      copy[key] = 'AAAA';
    } else copy[key] = withoutFileData(value, `${path}.${key}`);
  }
  return copy;
}

/** Every modifierExtension: Brygga knows none, and FHIR says a receiver SHALL refuse what it does not know. */
function modifierExtensions(value: Json, path: string, found: { path: string; url: string }[]): void {
  if (Array.isArray(value)) value.forEach((item, i) => modifierExtensions(item, `${path}[${i}]`, found));
  else if (isObject(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'modifierExtension' && Array.isArray(inner))
        inner.forEach((e, i) =>
          found.push({ path: `${path}.modifierExtension[${i}]`, url: isObject(e) && typeof e.url === 'string' ? e.url : '' }),
        );
      modifierExtensions(inner, `${path}.${key}`, found);
    }
  }
}

/** Every `reference` string in a resource, with where it is. */
function references(value: Json, path: string, found: { path: string; reference: string }[]): void {
  if (Array.isArray(value)) value.forEach((item, i) => references(item, `${path}[${i}]`, found));
  else if (isObject(value)) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'reference' && typeof inner === 'string') found.push({ path: `${path}.reference`, reference: inner });
      else if (key !== 'contained') references(inner, `${path}.${key}`, found);
    }
  }
}

interface Entry {
  fullUrl?: unknown;
  resource?: { resourceType?: unknown; id?: unknown; contained?: { id?: unknown }[]; target?: { reference?: unknown }[] };
}

/**
 * FHIR's rule for references in a Bundle (bundle.html#references): an absolute URL or a `urn:uuid:`
 * resolves to the entry with that fullUrl; a relative `Type/id` to the entry of that type and id
 * (its fullUrl ending in it); `#id` to a contained resource. A message is whole: MedCom lets only
 * the Provenance chain point outside it, at the MessageHeaders of earlier messages (and the
 * Provenances of earlier messages, carried along, at what those messages held).
 */
function unresolvedReferences(entries: Entry[]): { path: string; reference: string }[] {
  const fullUrls = new Set(entries.map((e) => e.fullUrl).filter((u): u is string => typeof u === 'string'));
  const typed = new Set(entries.map((e) => `${String(e.resource?.resourceType)}/${String(e.resource?.id)}`));
  const headerUrl = typeof entries[0]?.fullUrl === 'string' ? entries[0].fullUrl : undefined;
  const headerRef = `MessageHeader/${String(entries[0]?.resource?.id)}`;
  const ownProvenance = (resource: Entry['resource']) =>
    (resource?.target ?? []).some(
      (t) => typeof t?.reference === 'string' && (t.reference === headerUrl || t.reference.endsWith(headerRef)),
    );
  const unresolved: { path: string; reference: string }[] = [];
  entries.forEach((entry, index) => {
    const resource = entry.resource;
    if (!resource) return;
    const provenance = resource.resourceType === 'Provenance';
    // An earlier message's Provenance, carried along: what it names was in that message.
    if (provenance && !ownProvenance(resource)) return;
    const found: { path: string; reference: string }[] = [];
    references(resource, `Bundle.entry[${index}].resource`, found);
    const contained = new Set((resource.contained ?? []).map((c) => `#${String(c?.id)}`));
    for (const { path, reference } of found) {
      if (provenance && /\.(target|entity\[\d+\]\.what)(\[\d+\])?\.reference$/.test(path) && /(^|\/)MessageHeader\/[^/]+$/.test(reference))
        continue;
      const ok =
        fullUrls.has(reference) ||
        contained.has(reference) ||
        (/^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(reference) && typed.has(reference));
      if (!ok) unresolved.push({ path, reference });
    }
  });
  return unresolved;
}

/**
 * What $process-message refuses before reading a message (issue 31: strict input), each as a
 * FhirRefusal with the standard issue code and the element in `expression`, so that nothing is
 * written: Brygga's messaging rules and FHIR R4's structure, file data that is not base64, any
 * modifierExtension, a reference that does not resolve within the message, an event code of
 * another system, and — where MedCom's profiles apply (`profiles`: Danish identifiers) — any error
 * the profile validator finds. Returns nothing: the message itself is read as sent.
 */
export function refuseInvalidInput(message: Json, options: { profiles: boolean }): void {
  const light = withoutFileData(message);
  const local = timeWithoutOffset(light, 'Bundle');
  if (local)
    throw new FhirRefusal(
      'value',
      `Tidpunkten ${local.value} saknar tidszon: FHIR kräver Z eller ±hh:mm när ett klockslag anges (dateTime, instant).`,
      local.path,
    );
  validateMessage(light);
  const bundle = light as { entry: Entry[] } & Record<string, Json>;
  const header = bundle.entry[0].resource as { eventCoding?: { system?: unknown } };
  if (header.eventCoding?.system !== MEDCOM_EVENT_CODES)
    throw new FhirRefusal(
      header.eventCoding?.system === undefined ? 'required' : 'code-invalid',
      `MessageHeader.eventCoding.system måste vara ${MEDCOM_EVENT_CODES}.`,
      'Bundle.entry[0].resource.eventCoding.system',
    );
  const modifiers: { path: string; url: string }[] = [];
  modifierExtensions(bundle, 'Bundle', modifiers);
  if (modifiers.length)
    throw new FhirRefusal(
      'extension',
      `Meddelandet har ett modifierExtension som Brygga inte känner (${modifiers[0].url || 'utan url'}) och kan därför inte läsas rätt.`,
      modifiers[0].path,
    );
  const unresolved = unresolvedReferences(bundle.entry);
  if (unresolved.length)
    throw new FhirRefusal(
      'not-found',
      `Referensen ${unresolved[0].reference} pekar inte på någon post i meddelandet (Bundle.entry.fullUrl eller typ/id).`,
      unresolved[0].path,
    );
  if (!options.profiles) return;
  const errors = validateAgainstProfiles(light).filter((i) => i.severity === 'error' || i.severity === 'fatal');
  if (errors.length) {
    // The most precise element named (an invariant of the whole message names only the Bundle).
    const first = [...errors].sort((a, b) => (b.expression?.[0]?.length ?? 0) - (a.expression?.[0]?.length ?? 0))[0];
    throw new FhirRefusal(
      first.code === 'invariant' ? 'invariant' : first.code === 'code-invalid' ? 'code-invalid' : 'structure',
      `Meddelandet följer inte MedComs profiler (${errors.length} fel): ${first.details?.text ?? ''}`,
      first.expression?.[0] ?? 'Bundle',
    );
  }
}
