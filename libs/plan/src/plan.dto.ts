import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PLAN_SECTION_KEYS, type PlanSectionKey } from './plan-content';

// Response classes (not interfaces): the @nestjs/swagger CLI plugin describes them in openapi.json.

export class PlanEntry {
  key: string;
  label: string;
  text: string;
  /** A tick: arranged (true) or not yet (false); absent on a plain line. */
  done?: boolean;
  /** When the underlying fact last changed; null when not known. */
  changedAt: string | null;
  /** "Nytt": changed since the last publication, with the date of the change; null otherwise. */
  nytt: string | null;
}

export class PlanSection {
  @ApiProperty({ enum: PLAN_SECTION_KEYS }) key: PlanSectionKey;
  title: string;
  entries: PlanEntry[];
}

/** Who published (the unit, never the person) and when. */
export class PlanPublication {
  version: number;
  publishedAt: string;
  unitName: string;
}

/** "Min hemgång" as the patient sees it: derived from the thread now, marked against the last publication. */
export class PlanView {
  threadId: string;
  patientId: string;
  /** The ward that owns the thread. */
  wardName: string;
  sections: PlanSection[];
  /** The latest publication; null: never published (the patient sees nothing). */
  published: PlanPublication | null;
  /** Something on the page has changed since the latest publication. */
  changedSincePublish: boolean;
}

/** A plan the patient may see: one that has been published. */
export interface PublishedPlanView extends PlanView {
  published: PlanPublication;
}

/** Staff only: the person who published, beside the page. */
export class StaffPublication extends PlanPublication {
  byName: string;
}

export class StaffPlanDto {
  /** Exactly the page the patient would see. */
  plan: PlanView;
  publication: StaffPublication | null;
  /** Whether the reader may publish (the ward or SOF, in a role that grants plan.publish). */
  canPublish: boolean;
}

export class PublishPlanDto {
  /** The unit the publisher acts for; needed only when several of theirs take part. */
  @IsOptional() @IsUUID() unitId?: string;
}
