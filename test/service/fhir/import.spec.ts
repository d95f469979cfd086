import { randomBytes, randomUUID } from 'node:crypto';
import { DomainError, type Actor } from '@brygga/common';
import { ChecklistsModule } from '@brygga/checklists';
import { DK_IDENTIFIERS, FhirImportService, FhirModule, structureErrors } from '@brygga/fhir';
import { exe } from '../../support/files';
import { ackOf, asNewMessage, HERLEV, medcom } from '../../support/medcom';
import { ServiceWorld } from '../support/service-world';
import { systemActor } from '../support/systems';

const resourceOf = (bundle: any, type: string) => bundle.entry.find((e: any) => e.resource.resourceType === type).resource;
/** A message's own Provenance (the one that targets its MessageHeader). */
const ownProvenance = (bundle: any) =>
  bundle.entry
    .map((e: any) => e.resource)
    .find((r: any) => r.resourceType === 'Provenance' && r.target[0].reference === `MessageHeader/${bundle.entry[0].resource.id}`);

/** The same message with every fullUrl a urn:uuid and every reference to an entry by it (FHIR allows both). */
function withUuidReferences(bundle: any): any {
  const copy = JSON.parse(JSON.stringify(bundle));
  const byRelative = new Map<string, string>();
  for (const entry of copy.entry) {
    const uuid = `urn:uuid:${randomUUID()}`;
    byRelative.set(`${entry.resource.resourceType}/${entry.resource.id}`, uuid);
    entry.fullUrl = uuid;
  }
  const walk = (value: any): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'reference' && typeof inner === 'string' && byRelative.has(inner)) value.reference = byRelative.get(inner);
        else walk(inner);
      }
  };
  walk(copy.entry);
  return copy;
}

/** A TIFF (little-endian header, an empty directory) padded to the size asked for. */
const tiff = (bytes: number) =>
  Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]), randomBytes(bytes - 10)]);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const BMP = Buffer.concat([
  Buffer.from('424d3a0000000000000036000000280000000100000001000000010018000000000004000000130b0000130b00000000000000000000', 'hex'),
  Buffer.from([0xff, 0xff, 0xff, 0x00]),
]);

/**
 * FhirImportService's rules for a MedCom message (issues 18 and 31), as a system's actor sends it
 * (Danish identifiers, where MedCom's profiles apply): what each example becomes, idempotency
 * (a duplicate or a resubmission gets the first answer), corrections and cancellations, and
 * validation (a fatal-error acknowledgement naming the element, nothing written). Moved from
 * test/fhir-import, fhir-strict-input and fhir-meaning e2e specs, which keep the HTTP side: the
 * token, the body limits and media types, a body nested too deep, a download, the outbox.
 */
describe('FHIR import rules', () => {
  let world: ServiceWorld;
  let imports: FhirImportService;
  let ward: string;
  let care: string;
  let hospital: Actor;
  let carecentre: Actor;
  let stranger: Actor;
  /** The thread MedCom's examples (one episode of care, hn-01 onwards) live in. */
  let threadId: string;

  const processed = (actor: Actor, bundle: unknown) => imports.process(actor, bundle);
  const counts = async (): Promise<Record<string, number>> => {
    const [row] = await world.dataSource.query(
      `SELECT (SELECT count(*) FROM thread)::int AS thread, (SELECT count(*) FROM message)::int AS message, (SELECT count(*) FROM patient)::int AS patient,
              (SELECT count(*) FROM thread_participant)::int AS participant, (SELECT count(*) FROM fhir_episode)::int AS episode,
              (SELECT count(*) FROM attachment)::int AS attachment, (SELECT count(*) FROM fhir_received)::int AS received`,
    );
    return row;
  };
  /** What a message refused after it was read writes nothing of: its refusal is kept in fhir_received (a duplicate gets it again). */
  const applied = async () => {
    const { received: _, ...rest } = await counts();
    return rest;
  };
  const messages = async (): Promise<{ kind: string; body: string | null; payload: any; corrects_message_id: string | null }[]> =>
    world.dataSource.query('SELECT kind, body, payload, corrects_message_id FROM message WHERE thread_id = $1 ORDER BY seq', [threadId]);
  const received = async (headerId: string) =>
    (await world.dataSource.query('SELECT * FROM fhir_received WHERE message_header_id = $1', [headerId]))[0];
  /** Refused as a fatal-error acknowledgement with the issue asked for, and nothing written. */
  const refused = async (actor: Actor, bundle: any, issue: string, text: RegExp): Promise<void> => {
    const before = await applied();
    expect(ackOf(await processed(actor, bundle))).toEqual({
      code: 'fatal-error',
      identifier: expect.any(String),
      issue: { code: issue, text: expect.stringMatching(text) },
    });
    expect(await applied()).toEqual(before);
  };
  /** Refused with the element named in the OperationOutcome (FHIR's or MedCom's rules), nothing written. */
  const refusedAt = async (bundle: any, code: string, expression: string | RegExp) => {
    const before = await counts();
    const answer = await processed(hospital, bundle);
    const ack = ackOf(answer);
    expect({ code: ack.code, issue: ack.issue?.code }).toEqual({ code: 'fatal-error', issue: code });
    const outcome = resourceOf(answer.body, 'OperationOutcome');
    expect(outcome.issue[0].expression[0]).toMatch(expression);
    expect(ack.issue!.text).toMatch(/[a-zåäö]/);
    expect(await counts()).toEqual(before);
  };
  const admit = () => asNewMessage(medcom('hn-01-admit-inpatient-STIN'));
  /** A new admission of a new episode of care for a patient (CPR). */
  const admission = (cpr: string) => {
    const bundle = admit();
    resourceOf(bundle, 'Encounter').episodeOfCare[0].identifier.value = randomUUID();
    resourceOf(bundle, 'Patient').identifier[0].value = cpr;
    return bundle;
  };
  /** A CareCommunication (cc-07 from the ward, cc-08 from the care centre) for a patient, in a conversation. */
  const careCommunication = (name: 'cc-07-new-message' | 'cc-08-reply-with-pdf-attachment', cpr: string, conversation: string) => {
    const bundle = asNewMessage(medcom(name));
    resourceOf(bundle, 'Patient').identifier[0].value = cpr;
    resourceOf(bundle, 'Communication').identifier = [{ value: conversation }];
    return bundle;
  };
  const withFile = (file: Buffer | string, contentType?: string, title?: string) => {
    const bundle = asNewMessage(medcom('cc-08-reply-with-pdf-attachment'));
    const attachment = resourceOf(bundle, 'Communication').payload.find((p: any) => p.contentAttachment).contentAttachment;
    Object.assign(attachment, {
      data: typeof file === 'string' ? file : file.toString('base64'),
      ...(contentType && { contentType }),
      ...(title && { title }),
    });
    return bundle;
  };

  beforeAll(async () => {
    world = await ServiceWorld.start([FhirModule, ChecklistsModule], { FHIR_IDENTIFIER_COUNTRY: 'dk', FHIR_OUTBOX_POLL_SECONDS: '0' });
    imports = world.get(FhirImportService);
    ward = await world.unit('slutenvard', 'Hjerteafdelingen på Herlev og Gentofte hospital');
    care = await world.unit('hemsjukvard', 'Plejecenter Herlev');
    const elsewhere = await world.unit('hemsjukvard', 'Plejecenter Andetsteds');
    hospital = await systemActor(world, ward, 'herlev-hjerte', HERLEV.ward);
    carecentre = await systemActor(world, care, 'plejecenter-herlev', HERLEV.care);
    stranger = await systemActor(world, elsewhere, 'annan-kommun', [{ system: DK_IDENTIFIERS.sor, value: '111111111111111' }]);
    // MedCom's admission (hn-01) opens the thread the examples below continue (its HTTP side: test/fhir-import.e2e-spec.ts).
    expect(ackOf(await processed(hospital, medcom('hn-01-admit-inpatient-STIN')))).toEqual({
      code: 'ok',
      identifier: 'b9b4818e-02de-4cc4-b418-d20cbc7b5404',
    });
    [{ id: threadId }] = await world.dataSource.query(
      `SELECT t.id FROM thread t JOIN fhir_episode e ON e.thread_id = t.id JOIN fhir_received r ON r.thread_id = t.id
        WHERE r.message_header_id = 'b9b4818e-02de-4cc4-b418-d20cbc7b5404'`,
    );
  });
  afterAll(() => world.close());

  describe('MedCom’s examples, in one episode of care', () => {
    it('a duplicate gets the original acknowledgement again; a resubmission (new Bundle id) too, and is never shown twice', async () => {
      const first = (await received('b9b4818e-02de-4cc4-b418-d20cbc7b5404')).acknowledgement;
      const before = await counts();
      // The same acknowledgement (its MessageHeader, response and chain), sent anew: a new Bundle id and timestamp.
      const sameAck = (body: any) => {
        expect({ ...body, id: undefined, timestamp: undefined }).toEqual({ ...first, id: undefined, timestamp: undefined });
        expect(body.id).not.toBe(first.id);
        expect(Date.parse(body.timestamp)).toBeGreaterThan(Date.parse(first.timestamp));
      };
      sameAck((await processed(hospital, medcom('hn-01-admit-inpatient-STIN'))).body);
      const resubmitted = medcom('hn-01-admit-inpatient-STIN');
      resubmitted.id = randomUUID();
      sameAck((await processed(hospital, resubmitted)).body);
      expect(await counts()).toEqual(before);
      expect((await received('b9b4818e-02de-4cc4-b418-d20cbc7b5404')).bundle_ids).toEqual([
        'a5e5b880-c087-4055-b9ec-99108695f81d',
        resubmitted.id,
      ]);
    });

    it('the acknowledgement is complete: profiles claimed, primary destination, a narrative on every resource, the message’s Provenance and its own', async () => {
      const ack = (await received('b9b4818e-02de-4cc4-b418-d20cbc7b5404')).acknowledgement;
      expect(ack.meta.profile).toEqual([expect.stringContaining('medcom-messaging-acknowledgement')]);
      const header = ack.entry[0].resource;
      expect(header.meta.profile).toEqual([expect.stringContaining('medcom-messaging-acknowledgementHeader')]);
      expect(header.destination[0].extension).toEqual([
        {
          url: 'http://medcomfhir.dk/ig/messaging/StructureDefinition/medcom-messaging-destinationUseExtension',
          valueCoding: { system: 'http://medcomfhir.dk/ig/terminology/CodeSystem/medcom-messaging-destinationUse', code: 'primary' },
        },
      ]);
      for (const e of ack.entry) expect(e.resource.text.div).toMatch(/^<div xmlns="http:\/\/www.w3.org\/1999\/xhtml">/);
      const provenances = ack.entry.map((e: any) => e.resource).filter((r: any) => r.resourceType === 'Provenance');
      expect(provenances.map((p: any) => [p.activity.coding[0].code, p.target[0].reference])).toEqual([
        ['admit-inpatient', 'MessageHeader/b9b4818e-02de-4cc4-b418-d20cbc7b5404'],
        ['acknowledgement', `MessageHeader/${header.id}`],
      ]);
      expect(provenances[1].entity).toEqual([
        { role: 'revision', what: { reference: 'MessageHeader/b9b4818e-02de-4cc4-b418-d20cbc7b5404' } },
      ]);
      expect(structureErrors(ack)).toEqual([]);
    });

    it('a Bundle id already used for another message is refused (fatal-error, duplicate), nothing written', async () => {
      const before = await counts();
      const reusing = asNewMessage(medcom('hn-04-start-leave-STOR'));
      reusing.id = 'a5e5b880-c087-4055-b9ec-99108695f81d'; // hn-01's Bundle id
      expect(ackOf(await processed(hospital, reusing))).toEqual({
        code: 'fatal-error',
        identifier: reusing.entry[0].resource.id,
        issue: { code: 'duplicate', text: expect.stringContaining('redan använts') },
      });
      expect(await counts()).toEqual(before);
      expect(await received(reusing.entry[0].resource.id)).toBeUndefined();
    });

    it('revise-admit (hn-02) becomes a correction of the inskrivningsmeddelande, the Provenance chain kept', async () => {
      expect(ackOf(await processed(hospital, medcom('hn-02-revise-admit-RE_STIN')))).toEqual({
        code: 'ok',
        identifier: 'cc47c1e2-78e6-4291-b071-f423a4f7fbfe',
      });
      const list = await messages();
      expect(list.map((m) => m.kind)).toEqual(['inskrivningsmeddelande', 'inskrivningsmeddelande']);
      const [original] = await world.dataSource.query('SELECT id FROM message WHERE thread_id = $1 AND seq = 1', [threadId]);
      expect(list[1].corrects_message_id).toBe(original.id);
      expect(list[1].payload.inskrivenAt).toBe('2022-12-07T13:00:00+02:00');
      const kept = await received('cc47c1e2-78e6-4291-b071-f423a4f7fbfe');
      expect(kept.bundle.entry.filter((e: any) => e.resource.resourceType === 'Provenance')).toHaveLength(2);
    });

    it('leave (hn-04) is a permission message with the start of the leave; its return a permission_slut', async () => {
      expect(ackOf(await processed(hospital, medcom('hn-04-start-leave-STOR'))).code).toBe('ok');
      expect((await messages()).at(-1)).toMatchObject({ kind: 'permission', payload: { permissionFran: '2022-12-13T14:00:10+02:00' } });
      // The return (MedCom's SLOR, here the STOR example turned into it): a permission_slut at the leave's end.
      const back = asNewMessage(medcom('hn-04-start-leave-STOR'));
      ownProvenance(back).activity.coding[0].code = 'end-leave-inpatient';
      resourceOf(back, 'Encounter').status = 'in-progress';
      resourceOf(back, 'Encounter').extension[0].valuePeriod.end = '2022-12-14T15:30:00+02:00';
      expect(ackOf(await processed(hospital, back)).code).toBe('ok');
      expect((await messages()).at(-1)).toMatchObject({ kind: 'permission_slut', payload: { aterkomstAt: '2022-12-14T15:30:00+02:00' } });
    });

    it('a CareCommunication whose file is a program, or not base64, is refused whole: nothing written', async () => {
      const before = await applied();
      const program = ackOf(await processed(carecentre, withFile(exe())));
      expect(program.code).toBe('fatal-error');
      expect(program.issue?.code).toBe('not-supported');
      const garbled = ackOf(await processed(carecentre, withFile('inte base64!')));
      expect(garbled.code).toBe('fatal-error');
      expect(garbled.issue?.text).toMatch(/inte giltig base64/);
      expect(await applied()).toEqual(before);
    });

    it('takes TIFF, GIF and BMP files, and a TIFF of 3.6 MB, byte for byte', async () => {
      const sizes: number[] = [];
      for (const [file, type, title] of [
        [GIF, 'image/gif', 'Sår, foto'],
        [BMP, 'image/bmp', 'Skitse'],
        [tiff(3_600_000), 'image/tiff', 'Scannet henvisning'],
      ] as const) {
        const ack = ackOf(await processed(carecentre, withFile(file, type, title)));
        expect({ title, code: ack.code, issue: ack.issue }).toEqual({ title, code: 'ok', issue: undefined });
        const [stored] = await world.dataSource.query('SELECT content_type, size_bytes FROM attachment WHERE name = $1', [title]);
        expect(stored).toEqual({ content_type: type, size_bytes: file.length });
        sizes.push(stored.size_bytes);
      }
      // Over the 3.35 MB at which the old base64 check overflowed the stack (a 20 MB check: strict-input.spec.ts).
      expect(sizes[2]).toBeGreaterThan(3.35 * 1024 * 1024);
    });

    it('death (hn-06) is a dodsfall message at the time of death; discharge home (hn-05) an utskrivningsmeddelande', async () => {
      expect(ackOf(await processed(hospital, medcom('hn-06-deceased-MORS'))).code).toBe('ok');
      expect((await messages()).at(-1)).toMatchObject({ kind: 'dodsfall', payload: { avlidenAt: '2022-12-09T09:45:30+02:00' } });
      expect(ackOf(await processed(hospital, medcom('hn-05-discharge-inpatient-SLHJ'))).code).toBe('ok');
      // The care centre never said it was ready: an import cannot confirm, so the conflict is recorded unconfirmed.
      expect((await messages()).at(-1)).toMatchObject({
        kind: 'utskrivningsmeddelande',
        payload: {
          utskrivenAt: '2022-12-18T09:45:30+02:00',
          konflikter: ['Plejecenter Herlev har inte bekräftat att de är redo att ta emot patienten.'],
          konfliktStatus: 'obekraftad',
        },
      });
      const [thread] = await world.dataSource.query('SELECT status FROM thread WHERE id = $1', [threadId]);
      expect(thread.status).toBe('utskriven');
    });

    it('cancel-admit (hn-03) cancels the thread as entered in error: nothing deleted', async () => {
      const before = (await messages()).length;
      expect(ackOf(await processed(hospital, medcom('hn-03-cancel-admit-AN_STIN'))).code).toBe('ok');
      const [thread] = await world.dataSource.query('SELECT status FROM thread WHERE id = $1', [threadId]);
      expect(thread.status).toBe('makulerad');
      const list = await messages();
      expect(list).toHaveLength(before + 1);
      expect(list.at(-1)!.kind).toBe('arende_makulerat');
    });

    it('acknowledgements are stored and never acknowledged (ack-09); one that names two messages is refused (ack-10)', async () => {
      expect(await processed(carecentre, medcom('ack-09-ok'))).toEqual({ status: 204 });
      expect(await received('aba2d9bf-2c6c-47e8-bce4-7928bcd51019')).toMatchObject({ outcome: 'ok', acknowledgement: null });
      const contradictory = await processed(carecentre, medcom('ack-10-fatal-error')).catch((error: unknown) => error);
      expect(contradictory).toBeInstanceOf(DomainError);
      expect(contradictory).toMatchObject({
        code: 'validation',
        message: expect.stringContaining('motsägelsefull'),
        fields: [expect.objectContaining({ field: 'MessageHeader.response.identifier' })],
      });
      expect(await received('b879c81e-0607-4ccb-b358-24a72208e30d')).toBeUndefined();
    });
  });

  describe('bad input: a fatal-error acknowledgement with a Swedish OperationOutcome, nothing written', () => {
    it('not a message, MessageHeader not first, no Provenance', async () => {
      await refused(hospital, { ...admit(), type: 'collection' }, 'invalid', /inte ett meddelande/);
      const reordered = admit();
      reordered.entry.push(reordered.entry.shift());
      await refused(hospital, reordered, 'structure', /Första posten/);
      const noProvenance = admit();
      noProvenance.entry = noProvenance.entry.filter((e: any) => e.resource.resourceType !== 'Provenance');
      await refused(hospital, noProvenance, 'required', /Provenance/);
    });

    it('an unknown receiver, a patient identifier of an unknown system, a correction of a message never received', async () => {
      const unknownReceiver = admit();
      // Both identifiers MedCom's profile requires (SOR and EAN), neither known here.
      unknownReceiver.entry[3].resource.identifier = [
        { system: DK_IDENTIFIERS.sor, value: '999999999999999' },
        { system: DK_IDENTIFIERS.ean, value: '5790000000009' },
      ];
      await refused(hospital, unknownReceiver, 'not-found', /Mottagaren .* är okänd/);
      const unknownSystem = admit();
      unknownSystem.entry[1].resource.identifier = [{ system: 'urn:oid:1.2.3.4', value: '2509479989' }];
      // MedCom's profile requires a CPR number: refused by the profile before Brygga reads it (strict input).
      await refused(hospital, unknownSystem, 'invariant', /MedComs profiler/);
      const orphan = asNewMessage(medcom('hn-02-revise-admit-RE_STIN'));
      orphan.entry.find((e: any) => e.resource.id === 'b5f7de8c-957a-11ec-b909-0242ac120002').resource.entity[0].what.reference =
        `MessageHeader/${randomUUID()}`;
      await refused(hospital, orphan, 'not-found', /aldrig tagits emot/);
    });

    it('a sender that is not the system’s own unit; a system whose unit does not take part finds no thread', async () => {
      await refused(carecentre, admit(), 'forbidden', /inte den enhet systemet är registrerat för/);
      const foreign = asNewMessage(medcom('cc-07-new-message'));
      const org = foreign.entry.find((e: any) => e.resource.id === 'b581c63c-181f-46f6-990d-b9942c576724').resource;
      org.identifier = [
        { system: DK_IDENTIFIERS.sor, value: '111111111111111' },
        { system: DK_IDENTIFIERS.ean, value: '5790000000016' },
      ];
      await refused(stranger, foreign, 'not-found', /inget pågående ärende/);
    });

    it('refuses each kind of invalid message with the element named', async () => {
      const modifier = asNewMessage(medcom('hn-02-revise-admit-RE_STIN'));
      resourceOf(modifier, 'Encounter').modifierExtension = [{ url: 'https://example.org/ej-giltig', valueBoolean: true }];
      await refusedAt(modifier, 'extension', 'Bundle.entry[2].resource.modifierExtension[0]');

      const noSystem = asNewMessage(medcom('cc-07-new-message'));
      delete noSystem.entry[0].resource.eventCoding.system;
      await refusedAt(noSystem, 'required', 'Bundle.entry[0].resource.eventCoding.system');

      const foreignEvent = asNewMessage(medcom('cc-07-new-message'));
      foreignEvent.entry[0].resource.eventCoding.system = 'http://example.org/events';
      await refusedAt(foreignEvent, 'code-invalid', 'Bundle.entry[0].resource.eventCoding.system');

      const outside = asNewMessage(medcom('cc-07-new-message'));
      resourceOf(outside, 'Communication').subject.reference = 'https://annan.example/fhir/Patient/1';
      await refusedAt(outside, 'not-found', /^Bundle\.entry\[\d\]\.resource\.subject\.reference$/);

      const foreignActivity = asNewMessage(medcom('cc-07-new-message'));
      resourceOf(foreignActivity, 'Provenance').activity.coding[0].system = 'http://example.org/aktivitet';
      await refusedAt(foreignActivity, expect.any(String) as unknown as string, /^Bundle\.entry\[\d\]\.resource/);

      const oldVersion = asNewMessage(medcom('cc-07-new-message'));
      oldVersion.entry[0].resource.definition = oldVersion.entry[0].resource.definition.replace('|5.0', '|4.0');
      await refusedAt(oldVersion, expect.any(String) as unknown as string, /^Bundle\.entry\[0\]\.resource/);

      const noPrimary = asNewMessage(medcom('cc-07-new-message'));
      delete noPrimary.entry[0].resource.destination[0].extension;
      await refusedAt(noPrimary, expect.any(String) as unknown as string, /^Bundle\.entry\[0\]\.resource\.destination/);
    });
  });

  describe('nothing lost at the boundary', () => {
    it.each([
      ['Encounter.period.start', (b: any) => (resourceOf(b, 'Encounter').period.start = '2022-12-07T12:00:00'), /period\.start/],
      ['Bundle.timestamp', (b: any) => (b.timestamp = '2022-12-07T12:00:01'), /^Bundle\.timestamp$/],
    ])(
      'a time without its offset (%s) is refused: fatal-error, an OperationOutcome naming the element, nothing written',
      async (_, change, where) => {
        const bundle = admission('0606006789');
        change(bundle);
        const before = await counts();
        const answer = await processed(hospital, bundle);
        expect(ackOf(answer).code).toBe('fatal-error');
        const outcome = resourceOf(answer.body, 'OperationOutcome');
        expect(outcome.issue[0]).toMatchObject({ code: 'value', details: { text: expect.stringMatching(/saknar tidszon/) } });
        expect(outcome.issue[0].expression[0]).toMatch(where);
        expect(await counts()).toEqual(before);
      },
    );

    it('takes an admission whose references are all urn:uuid, once', async () => {
      const before = await counts();
      const uuids = withUuidReferences(admission('0505905678'));
      expect(ackOf(await processed(hospital, uuids)).code).toBe('ok');
      expect(ackOf(await processed(hospital, uuids)).code).toBe('ok');
      const after = await counts();
      expect({
        thread: after.thread - before.thread,
        message: after.message - before.message,
        received: after.received - before.received,
      }).toEqual({ thread: 1, message: 1, received: 1 });
    });

    it('a cancellation that arrives before its admission is parked (ack ok, nothing applied) and applied when the admission arrives', async () => {
      const admit = admission('0101501234');
      const episode = resourceOf(admit, 'Encounter').episodeOfCare[0].identifier.value;
      const cancel = asNewMessage(medcom('hn-03-cancel-admit-AN_STIN'));
      resourceOf(cancel, 'Patient').identifier[0].value = '0101501234';
      resourceOf(cancel, 'Encounter').episodeOfCare[0].identifier.value = episode;
      ownProvenance(cancel).entity = [{ role: 'removal', what: { reference: `MessageHeader/${admit.entry[0].resource.id}` } }];
      const before = await counts();

      expect(ackOf(await processed(hospital, cancel))).toEqual({ code: 'ok', identifier: cancel.entry[0].resource.id });
      expect((await counts()).thread).toBe(before.thread);
      expect(await received(cancel.entry[0].resource.id)).toMatchObject({ outcome: 'parkerad', thread_id: null });
      // Sent again (a retry): the same answer, still parked once.
      expect(ackOf(await processed(hospital, { ...cancel, id: randomUUID() })).code).toBe('ok');

      expect(ackOf(await processed(hospital, admit)).code).toBe('ok');
      const [thread] = await world.dataSource.query(
        'SELECT t.id, t.status FROM thread t JOIN fhir_episode e ON e.thread_id = t.id WHERE e.value = $1 AND e.system NOT LIKE $2',
        [episode, 'urn:brygga:%'],
      );
      expect(thread.status).toBe('makulerad');
      expect(await received(cancel.entry[0].resource.id)).toMatchObject({ outcome: 'ok', thread_id: thread.id });
    });

    it('a CareCommunication with no open thread opens one for the ward: from the ward, owned by it; from the care centre, owned by the receiving ward', async () => {
      const before = await counts();
      expect(ackOf(await processed(hospital, careCommunication('cc-07-new-message', '0202602345', `urn:uuid:${randomUUID()}`))).code).toBe(
        'ok',
      );
      const fromCare = careCommunication('cc-08-reply-with-pdf-attachment', '0303703456', `urn:uuid:${randomUUID()}`);
      expect(ackOf(await processed(carecentre, fromCare)).code).toBe('ok');
      expect((await counts()).thread).toBe(before.thread + 2);
      const opened: { id: string; owner_unit_id: string; participants: string[] }[] = await world.dataSource.query(
        `SELECT t.id, t.owner_unit_id, ARRAY(SELECT unit_id::text FROM thread_participant WHERE thread_id = t.id ORDER BY unit_id) AS participants
           FROM thread t JOIN patient p ON p.id = t.patient_id WHERE p.identity_number IN ('0202602345', '0303703456') ORDER BY p.identity_number`,
      );
      expect(opened.map((t) => [t.owner_unit_id, t.participants])).toEqual([
        [ward, [ward, care].sort()],
        [ward, [ward, care].sort()],
      ]);
      const last = async (id: string) =>
        (
          await world.dataSource.query('SELECT kind, body, author_unit_id FROM message WHERE thread_id = $1 ORDER BY seq DESC LIMIT 1', [
            id,
          ])
        )[0];
      expect(await last(opened[0].id)).toMatchObject({ kind: 'fritext', author_unit_id: ward });
      expect(await last(opened[1].id)).toMatchObject({
        kind: 'fritext',
        author_unit_id: care,
        body: expect.stringContaining('Resultaterne for undersøgelsen'),
      });
    });

    it('a forward to an unknown SOR code that shares the care centre’s EAN is refused, not posted into the care centre’s thread', async () => {
      const conversation = `urn:uuid:${randomUUID()}`;
      expect(ackOf(await processed(hospital, careCommunication('cc-07-new-message', '0404804567', conversation))).code).toBe('ok');
      const forward = careCommunication('cc-07-new-message', '0404804567', conversation);
      const receiver = forward.entry.find((e: any) => e.resource.id === '487ac745-fd11-4879-9b59-c08c7d47260e').resource;
      receiver.name = 'Hjemmeplejen Vest';
      receiver.identifier = [
        { system: DK_IDENTIFIERS.ean, value: '5790001348120' },
        { system: DK_IDENTIFIERS.sor, value: '999999999999999' },
      ];
      await refused(hospital, forward, 'not-found', /Mottagaren Hjemmeplejen Vest är okänd/);
    });
  });
});
