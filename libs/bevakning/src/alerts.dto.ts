import { IsIn } from 'class-validator';

/** Who marked an alert, and when. */
export class AlertMark {
  userId: string;
  name: string;
  at: string;
}

/** An alert as the thread's banner and the Bevakning page show it (no patient identity). */
export class AlertDto {
  id: string;
  threadId: string;
  /** betalningsansvar, inskrivningsmeddelande, sip_kallelse or olast. */
  kind: string;
  /** nara or passerad. */
  level: string;
  dueAt: string;
  text: string;
  raisedAt: string;
  /** ny, sedd or hanterad. */
  state: string;
  seen: AlertMark | null;
  handled: AlertMark | null;
  /** The alert names one of my units: I may mark it. */
  concernsMe: boolean;
}

/** GET /api/threads/:id/alerts. */
export class AlertListDto {
  alerts: AlertDto[];
}

/** PATCH /api/threads/:id/alerts/:alertId: seen, or handled (handled stays handled until a new warning). */
export class MarkAlertDto {
  @IsIn(['sedd', 'hanterad']) state: 'sedd' | 'hanterad';
}
