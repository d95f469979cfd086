import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Message, Thread } from '@brygga/threads';

/**
 * The home phase's state, derived from the thread's messages in the post's transaction (the
 * timeline stays the record; these rows are what the phase, its close check and statistics read).
 * A correction replaces the rows of the message it corrects.
 */

/** A receiving unit saw the patient at home: the observed time, apart from when it was recorded. */
@Entity('home_reception')
export class HomeReception {
  @PrimaryColumn({ type: 'uuid' }) messageId: string;
  @ManyToOne(() => Message, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'message_id' }) message?: Message;
  @Index() @Column({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  @Column({ type: 'uuid' }) unitId: string;
  @Column({ type: 'timestamptz' }) observedAt: Date;
  @Column({ type: 'timestamptz' }) recordedAt: Date;
}

/** An avvikelse at home, routed to a participating unit; open until that organisation answers or acknowledges it. */
@Entity('home_deviation')
@Check('home_deviation_category_check', `category IN ('lakemedel_saknas', 'hjalpmedel_saknas', 'insats_uteblev', 'annat')`)
@Check('home_deviation_state_check', `state IN ('oppen', 'besvarad', 'kvitterad')`)
export class HomeDeviation {
  @PrimaryColumn({ type: 'uuid' }) messageId: string;
  @ManyToOne(() => Message, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'message_id' }) message?: Message;
  @Index() @Column({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  @Column({ type: 'uuid' }) reportedByUnitId: string;
  @Column({ type: 'text' }) category: string;
  @Column({ type: 'uuid' }) responsibleUnitId: string;
  @Column({ type: 'uuid' }) responsibleOrganisationId: string;
  @Column({ type: 'text', default: 'oppen' }) state: string;
  @Column({ type: 'uuid', nullable: true }) closedByMessageId: string | null;
  @Column({ type: 'timestamptz' }) reportedAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) closedAt: Date | null;
}

/** The optional Trygg hemgång period: one per thread, running until the handover. */
@Entity('home_period')
export class HomePeriod {
  @PrimaryColumn({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  @Column({ type: 'uuid' }) messageId: string;
  @Column({ type: 'date' }) startDate: string;
  @Column({ type: 'date' }) plannedEndDate: string;
  @Column({ type: 'uuid' }) carryingUnitId: string;
  @Column({ type: 'jsonb', default: () => "'[]'" }) goals: string[];
  @Column({ type: 'uuid', nullable: true }) handoverMessageId: string | null;
  @Column({ type: 'date', nullable: true }) handedOverOn: string | null;
  @Column({ type: 'text', nullable: true }) handedOverTo: string | null;
}

/**
 * Upplevd trygghet (0–10) and Katz ADL (A–G) at the start and at the end of the period: one of each
 * per moment, in one row or two (staff's ADL and the patient's own rating are often separate acts).
 */
@Entity('home_measurement')
@Index('home_measurement_safety_once', ['threadId', 'moment'], { unique: true, where: 'safety IS NOT NULL' })
@Index('home_measurement_adl_once', ['threadId', 'moment'], { unique: true, where: 'adl IS NOT NULL' })
@Check('home_measurement_moment_check', `moment IN ('start', 'slut')`)
@Check('home_measurement_safety_check', `safety IS NULL OR safety BETWEEN 0 AND 10`)
@Check('home_measurement_adl_check', `adl IS NULL OR adl IN ('A', 'B', 'C', 'D', 'E', 'F', 'G')`)
export class HomeMeasurement {
  @PrimaryColumn({ type: 'uuid' }) messageId: string;
  @ManyToOne(() => Message, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'message_id' }) message?: Message;
  @Column({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  @Column({ type: 'text' }) moment: string;
  @Column({ type: 'timestamptz' }) measuredAt: Date;
  @Column({ type: 'integer', nullable: true }) safety: number | null;
  @Column({ type: 'text', nullable: true }) adl: string | null;
  @Column({ type: 'text', nullable: true }) ratedBy: string | null;
}

/**
 * Home-care hours per week: recorded before admission, after the period and 90 days after
 * discharge, and the provider's delivered hours per week (`levererade`, with the week).
 */
@Entity('home_hours')
@Check('home_hours_kind_check', `kind IN ('fore_inskrivning', 'efter_perioden', 'efter_90_dagar', 'levererade')`)
@Check('home_hours_range_check', `hours >= 0 AND hours <= 168`)
export class HomeHours {
  @PrimaryColumn({ type: 'uuid' }) messageId: string;
  @ManyToOne(() => Message, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'message_id' }) message?: Message;
  @Index() @Column({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  @Column({ type: 'uuid' }) unitId: string;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'date', nullable: true }) weekFrom: string | null;
  @Column({ type: 'numeric', precision: 6, scale: 2 }) hours: string;
}

/** SOF's long-term decision after the assessment at home. */
@Entity('home_decision')
export class HomeDecision {
  @PrimaryColumn({ type: 'uuid' }) messageId: string;
  @ManyToOne(() => Message, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'message_id' }) message?: Message;
  @Index() @Column({ type: 'uuid' }) threadId: string;
  @ManyToOne(() => Thread, { onDelete: 'RESTRICT' }) @JoinColumn({ name: 'thread_id' }) thread?: Thread;
  @Column({ type: 'date' }) decidedOn: string;
  @Column({ type: 'numeric', precision: 6, scale: 2 }) hoursPerWeek: string;
  @Column({ type: 'jsonb', default: () => "'[]'" }) insatser: string[];
}

export const HOME_PHASE_ENTITIES = [HomeReception, HomeDeviation, HomePeriod, HomeMeasurement, HomeHours, HomeDecision];
