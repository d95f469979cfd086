import type { Actor, ActorRole } from './actor';

/**
 * What a role lets a person do in a unit. The one table of the trust model: every access rule
 * (REST, socket, log review, administration) asks it, and docs/access-model.md ("Vem får göra vad") shows it.
 */
export const CAPABILITIES = [
  /** Read a thread's content: patient, timeline, checklists, receipts. Marking as read comes with it. */
  'thread.read',
  /** Open a thread for a patient (in a ward unit). */
  'thread.open',
  /** Post free text and summon to SIP (sip_kallelse). */
  'message.post',
  /** The ward's notices under the discharge law: inskrivning, planerad utskrivning, utskrivningsklar, avbrott, utskrivning. */
  'discharge.notify',
  /** The municipality's decision on support after discharge (hemgångsbeslut). */
  'decision.post',
  /** Declare (and withdraw) that a receiving unit is ready to receive the patient. */
  'readiness.declare',
  /**
   * Change who takes part: the owning ward adds or removes any unit and hands the thread to
   * another ward; SOF adds or removes the home-care and home-health units (the LOV provider is
   * chosen after the biståndsbeslut).
   */
  'participants.manage',
  /** Set the thread's structured facts that the unit's organisation kind owns (address, närstående …). */
  'facts.write',
  /** Put a checklist on a thread. */
  'checklist.apply',
  /** Mark a Bevakning alert seen or handled (for a unit the alert concerns). */
  'alert.handle',
  /** Change checklist items (those the unit's organisation kind is responsible for). */
  'checklist.change',
  /** Review the access log of the organisation and produce patient log extracts. */
  'audit.review',
  /** Publish checklist template versions for the organisation. */
  'template.admin',
  /** Manage the organisation's memberships (who works in which unit, in which role). */
  'directory.admin',
  /** Register the organisation's hospital and municipal systems (FHIR system clients): secret, endpoint, disabled. */
  'system.admin',
  /** Read the organisation's statistics: lead times, payment days, SIP, readmissions (aggregates, no patient). */
  'statistics.read',
  /** Publish "Min hemgång", the patient's plan page (libs/plan): the ward or SOF, never the home-care units. */
  'plan.publish',
  /** Exchange FHIR messages with Brygga (POST /fhir/$process-message): hospital and municipal systems only. */
  'fhir.exchange',
  /**
   * Be told of what happens to one's units' threads while away (libs/notifications): Web Push to
   * one's devices, the optional e-mail nudge, and which events notify. No patient data either way.
   */
  'push.subscribe',
  /** List "Mina uppgifter": what one's units have not done across their threads (names the patients, logged). */
  'task.list',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const CARE: Capability[] = [
  'thread.read',
  'message.post',
  'checklist.change',
  'facts.write',
  'alert.handle',
  'push.subscribe',
  'task.list',
];

export const ROLE_CAPABILITIES: Readonly<Record<ActorRole, readonly Capability[]>> = {
  koordinator: [...CARE, 'thread.open', 'discharge.notify', 'checklist.apply', 'participants.manage', 'plan.publish'],
  lakare: [...CARE, 'thread.open', 'discharge.notify', 'checklist.apply', 'participants.manage', 'plan.publish'],
  sjukskoterska: [...CARE, 'readiness.declare'],
  handlaggare: [...CARE, 'decision.post', 'participants.manage', 'plan.publish'],
  utforare: [...CARE, 'readiness.declare'],
  logggranskare: ['audit.review', 'statistics.read'],
  admin: ['template.admin', 'directory.admin', 'system.admin', 'statistics.read'],
  /**
   * Vårdenhetschef / enhetschef: steers with the figures of its own organisation (aggregates with
   * small cells suppressed); reads no thread, no log, no directory.
   */
  enhetschef: ['statistics.read'],
  /**
   * A unit's own system (FHIR): it reads the threads its unit takes part in, opens them (in a
   * ward) and posts what the unit's staff could post; the kinds' owner and organisation rules
   * still apply. It reviews, administers and changes checklists nothing.
   */
  system: ['thread.read', 'thread.open', 'message.post', 'discharge.notify', 'fhir.exchange'],
};

/** Swedish names, for the refusal messages users read. */
export const CAPABILITY_LABELS: Readonly<Record<Capability, string>> = {
  'thread.read': 'läsa ärenden',
  'thread.open': 'öppna ärenden',
  'message.post': 'skriva meddelanden',
  'discharge.notify': 'skicka avdelningens meddelanden om in- och utskrivning',
  'decision.post': 'skicka hemgångsbeslut',
  'readiness.declare': 'bekräfta att enheten är redo',
  'participants.manage': 'ändra vilka enheter som deltar',
  'facts.write': 'ändra ärendets uppgifter',
  'checklist.apply': 'lägga till checklistor',
  'checklist.change': 'ändra checklistpunkter',
  'alert.handle': 'markera larm som sedda eller hanterade',
  'audit.review': 'granska loggen',
  'template.admin': 'administrera checklistmallar',
  'directory.admin': 'administrera behörigheter',
  'system.admin': 'administrera verksamhetssystem',
  'statistics.read': 'läsa statistik',
  'fhir.exchange': 'utbyta FHIR-meddelanden',
  'plan.publish': 'publicera Min hemgång',
  'push.subscribe': 'få aviseringar',
  'task.list': 'se enhetens uppgifter',
};

/**
 * What a citizen may do: a separate set, never a unit membership. A citizen is a patient (their
 * own published plans, their närstående, their access account) and/or a närstående (a plan the
 * patient shares with them, while the consent holds). Checked per patient by libs/citizens.
 */
export const CITIZEN_CAPABILITIES = [
  /** Read oneself (who is logged in, as patient and as närstående). */
  'citizen.self',
  /** Read a published plan: the patient's own, or one a patient shares with this närstående. */
  'plan.read',
  /** The patient answers a plan: "Jag har tagit del", "Jag vill bli uppringd". */
  'plan.respond',
  /** The patient rates their own upplevd trygghet (0–10) while a Trygg hemgång period runs. */
  'safety.rate',
  /** The patient names and withdraws närstående. */
  'consent.manage',
  /** The patient reads who looked at their data. */
  'account.read',
] as const;
export type CitizenCapability = (typeof CITIZEN_CAPABILITIES)[number];

export type CitizenRole = 'patient' | 'narstaende';

export const CITIZEN_ROLE_CAPABILITIES: Readonly<Record<CitizenRole, readonly CitizenCapability[]>> = {
  patient: ['citizen.self', 'plan.read', 'plan.respond', 'safety.rate', 'consent.manage', 'account.read'],
  narstaende: ['citizen.self', 'plan.read'],
};

/** Swedish names of every role, staff and citizen, for what people read (log extracts, the access account). */
export const ROLE_LABELS: Readonly<Record<string, string>> = {
  koordinator: 'Koordinator',
  lakare: 'Läkare',
  sjukskoterska: 'Sjuksköterska',
  handlaggare: 'Biståndshandläggare',
  utforare: 'Utförare',
  logggranskare: 'Logggranskare',
  admin: 'Administratör',
  enhetschef: 'Enhetschef / vårdenhetschef',
  system: 'Verksamhetssystem',
  patient: 'Patienten själv',
  narstaende: 'Närstående',
};

/** A role code (or several, comma-separated) in Swedish. */
export function roleLabel(role: string | null): string {
  if (!role) return '';
  return role
    .split(',')
    .map((r) => ROLE_LABELS[r] ?? r)
    .join(', ');
}

export function roleGrants(role: ActorRole, capability: Capability): boolean {
  return ROLE_CAPABILITIES[role]?.includes(capability) ?? false;
}

/** The actor's units in which one of their roles grants the capability. */
export function unitsWith(actor: Actor, capability: Capability): string[] {
  return [...new Set(actor.memberships.filter((m) => roleGrants(m.role, capability)).map((m) => m.unitId))];
}

/** The organisations in which one of the actor's roles grants the capability. */
export function organisationsWith(actor: Actor, capability: Capability): string[] {
  return [...new Set(actor.memberships.filter((m) => roleGrants(m.role, capability)).map((m) => m.organisationId))];
}

export function hasCapability(actor: Actor, capability: Capability): boolean {
  return actor.memberships.some((m) => roleGrants(m.role, capability));
}
