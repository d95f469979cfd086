import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AttachmentsService } from '@brygga/attachments';
import { APP_CONFIG, DomainError, SYSTEM_ROLE, type Actor, type AppConfig } from '@brygga/common';
import { DirectoryService } from '@brygga/directory';
import { PatientsService, type PatientInputDto } from '@brygga/patients';
import {
  MESSAGE_KIND_NAMES,
  MessagesService,
  openThreadsOfPatientWith,
  ThreadLifeService,
  ThreadsService,
  validatePayload,
  type CreateThreadDto,
  type MessageKind,
  type PostMessageDto,
} from '@brygga/threads';
import { acknowledgement, resentAcknowledgement, type AckCode } from './acknowledgement';
import { BundleReader, FhirRefusal, isFhirId } from './bundle-reader';
import { BRYGGA_BODY_EXTENSION, BRYGGA_KIND_EXTENSION, BRYGGA_PAYLOAD_EXTENSION, CONVERSATION_SYSTEM, EVENT } from './codes';
import { LEAVE_PERIOD_EXTENSION } from './export';
import { FhirOutboxService } from './outbox.service';
import { patientIdentity, patientName, unitOf } from './identifiers';
import type { Bundle, Communication, Extension, MessageHeader, Organization, Patient, Provenance } from './r4';
import { decodeBase64, refuseInvalidInput } from './strict-input';
import { inTransaction } from '@brygga/database';

export interface ProcessResult {
  /** HTTP status: 200 with an acknowledgement, 204 for an acknowledgement received (never acknowledged). */
  status: number;
  body?: Record<string, unknown>;
}

interface Applied {
  threadId: string;
  messageId: string | null;
  /** An admission applied: a cancellation of it that arrived first may be waiting (parked). */
  admission?: { headerId: string; episode: { system: string; value: string } };
}

/**
 * A cancellation that arrived before the admission it cancels (MedCom's messages may overtake each
 * other): acknowledged ok and kept (`parkerad`), applied when the admission arrives.
 */
class Parked extends Error {}

/** What a HospitalNotification activity becomes in Brygga (docs/fhir.md). */
type HnAction =
  'admit' | 'revise-admit' | 'cancel-admit' | 'discharge-home' | 'revise-discharge' | 'start-leave' | 'end-leave' | 'death' | 'note';

const MAX_TEXT = 10_000;
// The characters Brygga's free text refuses (control characters but newline and tab, bidi controls).
const UNSAFE_TEXT = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** A stable idempotency key for what a message of a sender becomes (a retry or a race finds the same row). */
function key(kind: string, ...parts: string[]): string {
  return `fhir-${kind}-${createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 40)}`;
}

const DOMAIN_ISSUES: Record<string, string> = {
  validation: 'invalid',
  forbidden: 'forbidden',
  not_found: 'not-found',
  conflict: 'business-rule',
  unauthenticated: 'security',
  payload_too_large: 'too-costly',
  unsupported_media_type: 'not-supported',
  infected: 'security',
};

/**
 * POST /fhir/$process-message: a hospital's or municipality's system sends a MedCom message.
 * Every effect goes through the thread services as the system's actor (so access, idempotency and
 * the access log apply as for a person); the answer is a MedCom acknowledgement, stored with the
 * message so that a duplicate or a resubmission gets the same answer and is applied only once.
 */
@Injectable()
export class FhirImportService {
  private readonly logger = new Logger('FhirImport');

  constructor(
    private readonly dataSource: DataSource,
    private readonly threads: ThreadsService,
    private readonly messages: MessagesService,
    private readonly life: ThreadLifeService,
    private readonly patients: PatientsService,
    private readonly outbox: FhirOutboxService,
    private readonly attachments: AttachmentsService,
    private readonly directory: DirectoryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get endpoint(): string {
    return `${this.config.publicUrl}/fhir`;
  }

  async process(actor: Actor, body: unknown): Promise<ProcessResult> {
    const unitId = actor.memberships[0]?.unitId;
    const candidate = body as Bundle | undefined;
    const firstHeader = candidate?.entry?.[0]?.resource as MessageHeader | undefined;
    const headerId = firstHeader?.resourceType === 'MessageHeader' && isFhirId(firstHeader.id) ? firstHeader.id : undefined;
    let reader: BundleReader;
    try {
      // Strict input (issue 31): what FHIR and, with Danish identifiers, MedCom's profiles forbid is refused here.
      refuseInvalidInput(body, { profiles: this.config.fhir.identifierCountry === 'dk' });
      reader = new BundleReader(body as Bundle);
    } catch (error) {
      if (!(error instanceof FhirRefusal)) throw error;
      // A message that cannot be read as one is answered, never stored: there is nothing to apply again.
      return this.answer('fatal-error', headerId ?? 'okand', undefined, error);
    }
    const header = reader.header;
    if (header.eventCoding?.code === EVENT.acknowledgement) return this.receiveAcknowledgement(unitId, reader);

    const previous = await this.previous(unitId, header.id!);
    if (previous) {
      // A duplicate (same Bundle) or a resubmission (new Bundle, same MessageHeader): the first answer again.
      if (!previous.bundle_ids.includes(reader.bundleId)) {
        await this.dataSource.query('UPDATE fhir_received SET bundle_ids = array_append(bundle_ids, $2) WHERE id = $1', [
          previous.id,
          reader.bundleId,
        ]);
      }
      return { status: 200, body: resentAcknowledgement(previous.acknowledgement) };
    }
    const reused = await this.bundleReused(unitId, reader.bundleId, header.id!);
    if (reused) return reused;

    let code: AckCode = 'ok';
    let refusal: FhirRefusal | undefined;
    let applied: Applied | undefined;
    let parked = false;
    try {
      applied = await this.apply(actor, unitId, reader);
    } catch (error) {
      if (error instanceof Parked) parked = true;
      else if (error instanceof FhirRefusal) refusal = error;
      else if (error instanceof DomainError) refusal = new FhirRefusal(DOMAIN_ISSUES[error.code] ?? 'processing', error.message);
      else {
        // Our fault (database, a bug): the sender should try again later. Nothing is stored.
        this.logger.error(`Processing a FHIR message failed: ${error instanceof Error ? error.name : 'error'}`);
        return this.answer(
          'transient-error',
          header.id!,
          reader,
          new FhirRefusal('transient', 'Meddelandet kunde inte tas emot just nu. Försök igen senare.'),
        );
      }
      if (!parked) code = 'fatal-error';
    }
    const answer = await this.answer(code, header.id!, reader, refusal);
    const [stored]: { id: string }[] = await this.dataSource.query(
      `INSERT INTO fhir_received (sender_unit_id, message_header_id, bundle_ids, event_code, activity_code, outcome, acknowledgement, thread_id, message_id, bundle)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT ON CONSTRAINT fhir_received_once DO NOTHING RETURNING id`,
      [
        unitId,
        header.id,
        [reader.bundleId],
        header.eventCoding?.code ?? '',
        safeActivity(reader),
        parked ? 'parkerad' : code,
        JSON.stringify(answer.body),
        applied?.threadId ?? null,
        applied?.messageId ?? null,
        code === 'ok' ? JSON.stringify(reader.bundle) : null,
      ],
    );
    if (!stored) {
      // The same message raced in twice: its effects were applied once (idempotency keys); answer as the first did.
      const first = await this.previous(unitId, header.id!);
      if (first) return { status: 200, body: resentAcknowledgement(first.acknowledgement) };
    }
    if (stored && applied?.admission) await this.applyParked(actor, unitId, applied.admission);
    return answer;
  }

  /** The sender's parked cancellations of an admission that has now arrived: applied now, in the order received. */
  private async applyParked(actor: Actor, unitId: string, admission: NonNullable<Applied['admission']>): Promise<void> {
    const rows: { id: string; bundle: Bundle }[] = await this.dataSource.query(
      `SELECT id, bundle FROM fhir_received WHERE sender_unit_id = $1 AND outcome = 'parkerad' ORDER BY received_at`,
      [unitId],
    );
    for (const row of rows) {
      const reader = new BundleReader(row.bundle);
      const episode = reader.encounter().episodeOfCare?.[0]?.identifier;
      const cancels =
        reader.predecessors('any').includes(admission.headerId) ||
        (episode?.system === admission.episode.system && episode?.value === admission.episode.value);
      if (!cancels) continue;
      // Claimed first, so that two nodes never apply it twice.
      const [claimed]: [{ id: string }[], number] = await this.dataSource.query(
        `UPDATE fhir_received SET outcome = 'ok' WHERE id = $1 AND outcome = 'parkerad' RETURNING id`,
        [row.id],
      );
      if (!claimed.length) continue;
      try {
        const applied = await this.apply(actor, unitId, reader);
        await this.dataSource.query('UPDATE fhir_received SET thread_id = $2, message_id = $3 WHERE id = $1', [
          row.id,
          applied.threadId,
          applied.messageId,
        ]);
      } catch (error) {
        // Still not applicable (it names another admission of the episode): it waits on.
        await this.dataSource.query(`UPDATE fhir_received SET outcome = 'parkerad' WHERE id = $1`, [row.id]);
        this.logger.warn(`A parked cancellation could not be applied yet: ${error instanceof Error ? error.name : 'error'}`);
      }
    }
  }

  /**
   * A Bundle id that already carried another message from this sender (MedCom: a Bundle id is
   * new for every send): refused, nothing written, so a sender's id generator fault is seen.
   */
  private async bundleReused(unitId: string, bundleId: string, headerId: string): Promise<ProcessResult | undefined> {
    const [other]: { message_header_id: string }[] = await this.dataSource.query(
      'SELECT message_header_id FROM fhir_received WHERE sender_unit_id = $1 AND $2 = ANY(bundle_ids) AND message_header_id <> $3 LIMIT 1',
      [unitId, bundleId, headerId],
    );
    if (!other) return undefined;
    return this.answer(
      'fatal-error',
      headerId,
      undefined,
      new FhirRefusal(
        'duplicate',
        `Bundle.id ${bundleId} har redan använts för ett annat meddelande (MessageHeader ${other.message_header_id}).`,
        'Bundle.id',
      ),
    );
  }

  private async previous(
    unitId: string,
    headerId: string,
  ): Promise<{ id: string; bundle_ids: string[]; acknowledgement: Record<string, unknown> } | undefined> {
    const [row] = await this.dataSource.query(
      'SELECT id, bundle_ids, acknowledgement FROM fhir_received WHERE sender_unit_id = $1 AND message_header_id = $2',
      [unitId, headerId],
    );
    return row;
  }

  private async answer(code: AckCode, headerId: string, reader: BundleReader | undefined, refusal?: FhirRefusal): Promise<ProcessResult> {
    const organisation = (pick: (r: BundleReader) => Organization): Organization | undefined => {
      try {
        return reader ? pick(reader) : undefined;
      } catch {
        return undefined;
      }
    };
    const bundle = acknowledgement({
      headerId,
      code,
      receiver: organisation((r) => r.receiver()),
      sender: organisation((r) => r.sender()),
      senderEndpoint: reader?.header.source?.endpoint,
      provenances: reader?.ofType<Provenance>('Provenance'),
      endpoint: this.endpoint,
      ...(refusal ? { issue: { code: refusal.issueCode, text: refusal.message, expression: refusal.expression } } : {}),
    });
    return { status: 200, body: bundle as unknown as Record<string, unknown> };
  }

  /**
   * An acknowledgement of a message Brygga sent: the outbox row gets its status. It is stored and
   * never acknowledged itself. One whose MessageHeader.response and Provenance name different
   * messages is refused (422) without being stored.
   */
  private async receiveAcknowledgement(unitId: string, reader: BundleReader): Promise<ProcessResult> {
    const response = reader.header.response!;
    const chained = reader.predecessors('revision');
    if (chained.length && !chained.includes(response.identifier)) {
      throw new DomainError(
        'validation',
        `Kvittensen är motsägelsefull: MessageHeader.response gäller ${response.identifier} men dess Provenance gäller ${chained.join(', ')}.`,
        [{ field: 'MessageHeader.response.identifier', message: 'pekar på ett annat meddelande än kvittensens Provenance' }],
      );
    }
    const previous = await this.previous(unitId, reader.header.id!);
    if (!previous) {
      await inTransaction(this.dataSource, async (manager) => {
        await manager.query(
          `INSERT INTO fhir_received (sender_unit_id, message_header_id, bundle_ids, event_code, activity_code, outcome, acknowledgement, bundle)
           VALUES ($1, $2, $3, $4, 'acknowledgement', 'ok', NULL, $5) ON CONFLICT ON CONSTRAINT fhir_received_once DO NOTHING`,
          [unitId, reader.header.id, [reader.bundleId], EVENT.acknowledgement, JSON.stringify(reader.bundle)],
        );
        await this.outbox.acknowledged(manager, unitId, response.identifier, response.code as AckCode);
      });
      // The settled row was its receiver's head: the receiver's next message may go now.
      this.outbox.kick();
    }
    return { status: 204 };
  }

  private async apply(actor: Actor, unitId: string, reader: BundleReader): Promise<Applied> {
    const country = this.config.fhir.identifierCountry;
    const manager = this.dataSource.manager;
    const sender = reader.sender();
    const senderUnit = await unitOf(manager, sender, country);
    if (!senderUnit)
      throw new FhirRefusal(
        'not-found',
        `Avsändaren ${sender.name ?? ''} finns inte i katalogen (okänd identifierare).`,
        'MessageHeader.sender',
      );
    if (senderUnit !== unitId)
      throw new FhirRefusal('forbidden', 'Avsändaren i meddelandet är inte den enhet systemet är registrerat för.', 'MessageHeader.sender');
    const receiver = reader.receiver();
    const receiverUnit = await unitOf(manager, receiver, country);
    if (!receiverUnit)
      throw new FhirRefusal(
        'not-found',
        `Mottagaren ${receiver.name ?? ''} är okänd: ingen enhet i katalogen har dess identifierare.`,
        'MessageHeader.destination.receiver',
      );
    const event = reader.header.eventCoding?.code;
    if (event === EVENT.hospitalNotification) return this.hospitalNotification(actor, unitId, receiverUnit, reader);
    if (event === EVENT.careCommunication) return this.careCommunication(actor, unitId, receiverUnit, reader);
    throw new FhirRefusal('not-supported', `Händelsen ${event ?? '(ingen)'} tas inte emot av Brygga.`, 'MessageHeader.eventCoding');
  }

  private async hospitalNotification(actor: Actor, unitId: string, receiverUnit: string, reader: BundleReader): Promise<Applied> {
    const patient = reader.patient();
    const encounter = reader.encounter();
    const identity = patientIdentity(patient, this.config.fhir.identifierCountry);
    const episode = encounter.episodeOfCare?.flatMap((e) => (e.identifier?.system && e.identifier.value ? [e.identifier] : []))[0];
    if (!episode?.system || !episode.value)
      throw new FhirRefusal('required', 'Encounter saknar vårdepisodens identifierare.', 'Encounter.episodeOfCare.identifier');
    const activity = reader.activityCode() ?? '';
    const action = hnAction(activity, patient);
    const headerId = reader.header.id!;
    const [mapped]: { thread_id: string }[] = await this.dataSource.query(
      'SELECT thread_id FROM fhir_episode WHERE system = $1 AND value = $2',
      [episode.system, episode.value],
    );
    let corrected: { threadId: string; messageId: string } | undefined;
    try {
      corrected =
        action === 'revise-admit' || action === 'revise-discharge' || action === 'cancel-admit' || /^(revise|cancel)-/.test(activity)
          ? await this.predecessor(unitId, reader)
          : undefined;
    } catch (error) {
      // A cancellation of an admission not yet received, of an episode not yet known: it overtook the admission.
      if (action === 'cancel-admit' && !mapped && error instanceof FhirRefusal && error.issueCode === 'not-found') throw new Parked();
      throw error;
    }
    const extra = bryggaPayload(encounter.extension);

    if (action === 'admit') {
      const inskrivenAt = encounter.period?.start;
      const payload = {
        inskrivenAt,
        bedomtBehov: `Inte angivet i meddelandet (HospitalNotification från ${reader.sender().name ?? 'avsändarens system'}).`,
        ...extra,
      };
      validatePayload('inskrivningsmeddelande', payload, undefined); // before anything is written
      const threadId =
        mapped?.thread_id ??
        (await this.openThread(actor, unitId, receiverUnit, patient, identity, episode as { system: string; value: string }, inskrivenAt!));
      const message = await this.post(actor, threadId, headerId, unitId, { kind: 'inskrivningsmeddelande', payload });
      return { threadId, messageId: message, admission: { headerId, episode: episode as { system: string; value: string } } };
    }
    if (!mapped) {
      throw new FhirRefusal(
        'not-found',
        'Vårdepisoden är okänd: inget inskrivningsmeddelande har tagits emot för den.',
        'Encounter.episodeOfCare.identifier',
      );
    }
    const threadId = mapped.thread_id;
    if (corrected && corrected.threadId !== threadId)
      throw new FhirRefusal('invalid', 'Meddelandet som rättas hör till en annan vårdepisod.', 'Provenance.entity');
    switch (action) {
      case 'revise-admit': {
        const payload = {
          inskrivenAt: encounter.period?.start,
          bedomtBehov: 'Inte angivet i meddelandet (rättelse av inskrivningen).',
          ...extra,
        };
        return {
          threadId,
          messageId: await this.post(actor, threadId, headerId, unitId, {
            kind: 'inskrivningsmeddelande',
            payload,
            correctsMessageId: corrected!.messageId,
          }),
        };
      }
      case 'discharge-home':
      case 'revise-discharge': {
        // An import cannot confirm a discharge against the plan (DischargeCheckService records its
        // conflicts as unconfirmed); what another Brygga recorded about its own check is not ours.
        const { bekraftaTrotsKonflikter: _confirm, orsak: _reason, konflikter: _conflicts, konfliktStatus: _status, ...rest } = extra;
        const payload = { utskrivenAt: encounter.period?.end, ...rest };
        if (!payload.utskrivenAt)
          throw new FhirRefusal('required', 'Utskrivningstiden saknas (Encounter.period.end).', 'Encounter.period.end');
        const correctsMessageId = action === 'revise-discharge' ? corrected!.messageId : undefined;
        return {
          threadId,
          messageId: await this.post(actor, threadId, headerId, unitId, { kind: 'utskrivningsmeddelande', payload, correctsMessageId }),
        };
      }
      case 'cancel-admit':
        // The admission was entered in error: the thread is cancelled (makulerad), nothing deleted.
        await this.life.close(actor, threadId, 'makulerad', `Inskrivningen makulerades av avsändarens system (${activity}).`);
        return { threadId, messageId: null };
      case 'start-leave':
      case 'end-leave': {
        // MedCom's leave period on the Encounter: its start when the patient leaves, its end on return.
        const leave = encounter.extension?.find((e) => e.url === LEAVE_PERIOD_EXTENSION)?.valuePeriod;
        const at = action === 'start-leave' ? leave?.start : leave?.end;
        if (!at)
          throw new FhirRefusal(
            'required',
            action === 'start-leave' ? 'Permissionens början saknas (leavePeriod.start).' : 'Permissionens slut saknas (leavePeriod.end).',
            'Encounter.extension',
          );
        const message =
          action === 'start-leave'
            ? ({ kind: 'permission', payload: { permissionFran: at } } as const)
            : ({ kind: 'permission_slut', payload: { aterkomstAt: at } } as const);
        return { threadId, messageId: await this.post(actor, threadId, headerId, unitId, message) };
      }
      case 'death': {
        // MedCom: the encounter ends at the time of death.
        const avlidenAt = encounter.period?.end ?? patient.deceasedDateTime ?? reader.provenance().occurredDateTime;
        if (!avlidenAt)
          throw new FhirRefusal('required', 'Tidpunkten för dödsfallet saknas (Encounter.period.end).', 'Encounter.period.end');
        return { threadId, messageId: await this.post(actor, threadId, headerId, unitId, { kind: 'dodsfall', payload: { avlidenAt } }) };
      }
      case 'note': {
        const body = `${hnNoteText(activity)} (${activity}, ${reader.provenance().occurredDateTime ?? reader.bundle.timestamp ?? ''}).${corrected ? ' Gäller ett tidigare meddelande.' : ''}`;
        return { threadId, messageId: await this.post(actor, threadId, headerId, unitId, { kind: 'fritext', body }) };
      }
    }
  }

  private async careCommunication(actor: Actor, unitId: string, receiverUnit: string, reader: BundleReader): Promise<Applied> {
    const patient = reader.patient();
    const identity = patientIdentity(patient, this.config.fhir.identifierCountry);
    const communication = reader.resolve<Communication>(reader.header.focus?.[0], 'Communication', 'MessageHeader.focus');
    const headerId = reader.header.id!;
    // MedCom's conversation identifier (Communication.identifier): a reply belongs where its conversation is.
    const conversation = communication.identifier?.find((i) => i.value)?.value;
    const patientId = await this.patients.findId(this.dataSource.manager, {
      ...identity,
      givenName: '-',
      familyName: '-',
    } as PatientInputDto);
    // Only open threads of this patient that the sender's own unit takes part in are candidates: first the
    // conversation's, then one the receiver takes part in too. The thread access rule checks again when posting.
    const candidates = patientId ? await openThreadsOfPatientWith(this.dataSource.manager, patientId, unitId, receiverUnit) : [];
    const inConversation: { thread_id: string }[] = candidates.length
      ? await this.dataSource.query('SELECT thread_id FROM fhir_episode WHERE system = $1 AND value = $2 AND thread_id = ANY($3::uuid[])', [
          CONVERSATION_SYSTEM,
          conversation ?? '',
          candidates.map((c) => c.id),
        ])
      : [];
    const found = candidates.find((c) => inConversation.some((e) => e.thread_id === c.id)) ?? candidates.find((c) => c.alsoTakesPart);
    // Brygga's own extensions: on the Communication, or (under MedCom's profiles) on the MessageHeader.
    const structured = bryggaKind(
      [...(communication.extension ?? []), ...(reader.header.extension ?? [])],
      communication.payload?.[0]?.contentString,
    );
    const body = structured ? undefined : careCommunicationText(communication);
    // The newest message's files become Brygga attachments, checked and scanned as an upload is.
    const files = structured ? [] : newestFiles(communication);
    if (body !== undefined) checkText(body);
    // MedCom: a CareCommunication with no conversation to join is shown in a new one (a new thread).
    const threadId = found?.id ?? (await this.openForCareCommunication(actor, unitId, receiverUnit, patient, identity, headerId));
    const applied = await this.postCareCommunication(actor, threadId, headerId, unitId, structured, body ?? '', files);
    if (conversation)
      await this.dataSource.query(
        `INSERT INTO fhir_episode (system, value, thread_id) VALUES ($1, $2, $3)
         ON CONFLICT (system, value) DO UPDATE SET thread_id = EXCLUDED.thread_id, created_at = now()`,
        [CONVERSATION_SYSTEM, conversation, threadId],
      );
    return applied;
  }

  private async postCareCommunication(
    actor: Actor,
    threadId: string,
    headerId: string,
    unitId: string,
    structured: ReturnType<typeof bryggaKind>,
    body: string,
    files: { name: string; data: Buffer }[],
  ): Promise<Applied> {
    if (structured) {
      const message = await this.post(actor, threadId, headerId, unitId, {
        kind: structured.kind,
        payload: structured.payload,
        body: structured.body,
      });
      return { threadId, messageId: message };
    }
    if (!files.length) return { threadId, messageId: await this.post(actor, threadId, headerId, unitId, { kind: 'fritext', body }) };
    const attachmentIds = (await this.attachments.receiveFiles(actor, threadId, files)).map((a) => a.id);
    try {
      return { threadId, messageId: await this.post(actor, threadId, headerId, unitId, { kind: 'fritext', body, attachmentIds }) };
    } catch (error) {
      // A refused message keeps nothing: its files go with it.
      await this.attachments.discard(attachmentIds).catch(() => undefined);
      throw error;
    }
  }

  /**
   * A new thread for a CareCommunication that has none (MedCom: shown in a new conversation), owned
   * by the ward of the two: the sender's ward, or the receiving ward (the sending system then opens it
   * on the receiver's behalf, as the receiver's system would). Between two units that are no ward,
   * Brygga has no thread to open: refused.
   */
  private async openForCareCommunication(
    actor: Actor,
    unitId: string,
    receiverUnit: string,
    patient: Patient,
    identity: ReturnType<typeof patientIdentity>,
    headerId: string,
  ): Promise<string> {
    const units = await this.directory.units([unitId, receiverUnit]);
    const ward = units.find((u) => u.id === unitId && u.orgKind === 'slutenvard') ?? units.find((u) => u.orgKind === 'slutenvard');
    if (!ward)
      throw new FhirRefusal(
        'not-found',
        'Det finns inget pågående ärende för patienten där avsändaren deltar, och ingen av enheterna är en vårdavdelning som kan äga ett nytt.',
        'Communication.subject',
      );
    const opener: Actor =
      ward.id === unitId
        ? actor
        : {
            ...actor,
            memberships: [
              ...actor.memberships,
              {
                unitId: ward.id,
                unitName: ward.name,
                organisationId: ward.organisationId,
                organisationName: ward.organisationName,
                orgKind: 'slutenvard',
                role: SYSTEM_ROLE,
              },
            ],
          };
    const dto = {
      patient: { ...identity, ...patientName(patient) },
      participantUnitIds: [unitId, receiverUnit].filter((u) => u !== ward.id),
      ownerUnitId: ward.id,
      triage: 'gul',
      idempotencyKey: key('cc', unitId, headerId),
    } as CreateThreadDto;
    const { thread } = await this.threads.create(opener, dto);
    return thread.id;
  }

  /** The message a revise-* or cancel-* points at: it must have been received (and accepted) from the same sender. */
  private async predecessor(unitId: string, reader: BundleReader): Promise<{ threadId: string; messageId: string }> {
    const [id] = reader.predecessors('any');
    const [row]: { thread_id: string; message_id: string }[] = id
      ? await this.dataSource.query(
          `SELECT thread_id, message_id FROM fhir_received WHERE sender_unit_id = $1 AND message_header_id = $2 AND outcome = 'ok' AND thread_id IS NOT NULL`,
          [unitId, id],
        )
      : [];
    if (!row) {
      throw new FhirRefusal(
        'not-found',
        `Meddelandet som rättas eller makuleras${id ? ` (MessageHeader ${id})` : ''} har aldrig tagits emot.`,
        'Provenance.entity.what',
      );
    }
    return { threadId: row.thread_id, messageId: row.message_id };
  }

  private async openThread(
    actor: Actor,
    unitId: string,
    receiverUnit: string,
    patient: Patient,
    identity: ReturnType<typeof patientIdentity>,
    episode: { system: string; value: string },
    admittedAt: string,
  ): Promise<string> {
    const dto = {
      patient: { ...identity, ...patientName(patient) },
      participantUnitIds: receiverUnit === unitId ? [] : [receiverUnit],
      ownerUnitId: unitId,
      triage: 'gul',
      admittedAt,
      idempotencyKey: key('eoc', unitId, episode.system, episode.value),
    } as CreateThreadDto;
    const { thread } = await this.threads.create(actor, dto);
    await this.dataSource.query('INSERT INTO fhir_episode (system, value, thread_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      episode.system,
      episode.value,
      thread.id,
    ]);
    return thread.id;
  }

  private async post(
    actor: Actor,
    threadId: string,
    headerId: string,
    unitId: string,
    message: { kind: MessageKind; body?: string; payload?: Record<string, unknown>; correctsMessageId?: string; attachmentIds?: string[] },
  ): Promise<string> {
    if (message.body !== undefined) checkText(message.body);
    const dto = { ...message, unitId, idempotencyKey: key('msg', unitId, headerId) } as PostMessageDto;
    const { message: posted } = await this.messages.post(actor, threadId, dto);
    return posted.id;
  }
}

function safeActivity(reader: BundleReader): string | null {
  try {
    return reader.activityCode() ?? null;
  } catch {
    return null;
  }
}

function hnAction(activity: string, patient: Patient): HnAction {
  if (/^cancel-admit-/.test(activity)) return 'cancel-admit';
  if (/^revise-admit-/.test(activity)) return 'revise-admit';
  if (/^revise-discharge-.*-home$/.test(activity)) return 'revise-discharge';
  if (/^(revise|cancel)-/.test(activity)) return 'note';
  // MedCom's death example keeps the admission's activity code and marks the patient deceased.
  if (/^deceased-/.test(activity) || patient.deceasedBoolean === true || patient.deceasedDateTime) return 'death';
  if (/^admit-/.test(activity)) return 'admit';
  if (/^discharge-.*-home$/.test(activity)) return 'discharge-home';
  if (activity === 'start-leave-inpatient') return 'start-leave';
  if (activity === 'end-leave-inpatient') return 'end-leave';
  if (/^(start-leave|end-leave|discharge)-/.test(activity)) return 'note';
  throw new FhirRefusal(
    'code-invalid',
    `Aktivitetskoden ${activity || '(ingen)'} är okänd för en HospitalNotification.`,
    'Provenance.activity',
  );
}

function hnNoteText(activity: string): string {
  if (activity.startsWith('start-leave')) return 'Patienten har gått på permission';
  if (activity.startsWith('end-leave')) return 'Patienten är tillbaka från permission';
  if (activity.startsWith('discharge')) return 'Patienten är utskriven till annan vård än hemmet';
  if (activity.startsWith('cancel')) return 'Avsändaren har makulerat ett tidigare meddelande';
  return 'Avsändaren har rättat ett tidigare meddelande';
}

/**
 * The payloads of a CareCommunication's newest message. The Communication carries the whole
 * conversation; MedCom puts each message's attachments after its text, so the newest message is
 * the last text and what follows it.
 */
function newestPayloads(communication: Communication): NonNullable<Communication['payload']> {
  const payloads = communication.payload ?? [];
  const lastText = payloads.map((p) => typeof p.contentString === 'string').lastIndexOf(true);
  return payloads.slice(Math.max(lastText, 0));
}

/** A CareCommunication as free text: its topic, its newest text, and files referred to but not carried. */
function careCommunicationText(communication: Communication): string {
  const newest = newestPayloads(communication);
  const text = newest.find((p) => typeof p.contentString === 'string')?.contentString?.trim() ?? '';
  const referred = newest
    .filter((p) => p.contentAttachment && !p.contentAttachment.data)
    .map((p) => p.contentAttachment!.title ?? 'bilaga');
  const topic = communication.topic?.text?.trim();
  return [
    topic ? `Ämne: ${topic}` : undefined,
    text,
    referred.length ? `Bilagor som avsändaren hänvisar till men som inte följde med meddelandet: ${referred.join(', ')}` : undefined,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** The files carried (base64, FHIR's Attachment.data) by the newest message. */
function newestFiles(communication: Communication): { name: string; data: Buffer }[] {
  return newestPayloads(communication)
    .map((p) => p.contentAttachment)
    .filter((a) => a?.data !== undefined)
    .map((a) => {
      // One linear pass (strict-input.ts): a regular expression here overflowed the stack at about 3.35 MB.
      const data = decodeBase64(a!.data!);
      if (!data)
        throw new FhirRefusal('value', `Bilagan ${a!.title ?? ''} är inte giltig base64.`, 'Communication.payload.contentAttachment.data');
      return { name: a!.title?.trim() || 'bilaga', data };
    });
}

function checkText(text: string): void {
  if (!text.trim()) throw new FhirRefusal('required', 'Meddelandet har ingen text.');
  if (text.length > MAX_TEXT) throw new FhirRefusal('too-long', `Texten är längre än ${MAX_TEXT} tecken.`);
  if (UNSAFE_TEXT.test(text)) throw new FhirRefusal('value', 'Texten innehåller otillåtna styrtecken.');
}

function extensionValue(extensions: Extension[] | undefined, url: string): string | undefined {
  return extensions?.find((e) => e.url === url)?.valueString;
}

/** A structured Brygga payload carried in an extension (Brygga to Brygga: lossless). */
function bryggaPayload(extensions: Extension[] | undefined): Record<string, unknown> {
  const raw = extensionValue(extensions, BRYGGA_PAYLOAD_EXTENSION);
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    throw new FhirRefusal('value', 'Brygga-tillägget (payload) är inte giltig JSON.', BRYGGA_PAYLOAD_EXTENSION);
  }
}

function bryggaKind(
  extensions: Extension[] | undefined,
  content: string | undefined,
): { kind: MessageKind; payload?: Record<string, unknown>; body?: string } | undefined {
  const kind = extensionValue(extensions, BRYGGA_KIND_EXTENSION) as MessageKind | undefined;
  if (!kind) return undefined;
  if (!MESSAGE_KIND_NAMES.includes(kind))
    throw new FhirRefusal('code-invalid', `Brygga-meddelandetypen ${kind} är okänd.`, BRYGGA_KIND_EXTENSION);
  const payload = bryggaPayload(extensions);
  // Free text travels as the Communication's text; a structured kind's own text in an extension.
  const body = kind === 'fritext' ? content : extensionValue(extensions, BRYGGA_BODY_EXTENSION);
  return { kind, ...(Object.keys(payload).length ? { payload } : {}), ...(body ? { body } : {}) };
}
