/**
 * The api's shapes as the client names them: aliases of the types generated from openapi.json
 * (schema.d.ts, `npm run openapi`), so a change on the server shows up here as a type error.
 * Enumerations come from @brygga/contracts, shared with the server.
 */
import type { components } from './schema';

export type { ItemState, OrgKind, Role, ThreadStatus, Triage, ValueType } from '@brygga/contracts';

type S = components['schemas'];

export type Me = S['MeDto'];
export type Membership = S['MeUnit'];
export type Thread = S['ThreadDto'];
export type Hemgang = S['HemgangStatus'];
export type DischargeCheck = S['DischargeCheckDto'];
export type Participant = S['ThreadParticipantDto'];
export type Message = S['MessageDto'];
export type Attachment = S['MessageAttachment'];
export type AttachmentState = Attachment['state'];
export type Delivery = S['MessageDelivery'];
export type Fact = S['FactDto'];
export type FactKey = S['FactDto']['key'];
export type Receipt = S['ReceiptReader'];
export type Receipts = S['ReceiptsDto'];
export type Unit = S['UnitSummary'];
export type ItemValue = S['ChecklistItemDto']['value'];
export type PersonRef = S['PersonRef'];
export type ChecklistItem = S['ChecklistItemDto'];
export type Checklist = S['ChecklistDto'];
export type Readiness = S['ReadinessDto'];
export type ThreadChecklists = S['ThreadChecklistsDto'];
export type Template = S['TemplateDto'];
export type ItemChange = S['ItemChangeDto'];
export type AuditEntry = S['ReviewRow'];
export type VerifyResult = S['VerifyResult'];
export type ThreadClock = S['ThreadClock'];
export type Deadline = S['Deadline'];
export type Statistics = S['Statistics'];
export type Warning = S['WarningDto'];
export type Task = S['TaskDto'];
export type Plan = S['PlanView'];
export type PlanSection = S['PlanSection'];
export type PlanEntry = S['PlanEntry'];
export type StaffPlan = S['StaffPlanDto'];

// "Min hemgång" for patients and närstående (libs/citizens).
export type CitizenMe = S['CitizenMeDto'];
export type CitizenPlan = S['CitizenPlanDto'];
export type Consent = S['ConsentDto'];
export type AccessAccount = S['PatientAccountDto'];
export type AccessGroup = S['AccountGroup'];
