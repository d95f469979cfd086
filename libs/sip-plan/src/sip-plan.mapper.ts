/** GET /api/threads/:id/sip-plan. */
export class SipInsatsDto {
  vad: string;
  enhetId: string;
  enhetNamn: string;
  organisationNamn: string;
  fran: string;
  hurOfta: string;
}

export class SipAcceptanceDto {
  unitId: string;
  unitName: string;
  acceptedAt: string;
}

export class SipPlanVersionDto {
  version: number;
  createdAt: string;
  createdByUnitName: string;
  situation: string;
  mal: string[];
  insatser: SipInsatsDto[];
  sipAnsvarigEnhet: string;
  sipAnsvarigEnhetNamn: string;
  sipAnsvarigNamn: string | null;
  deltagandeEnheter: string[];
  patientenDeltog: boolean;
  narstaendeDeltog: boolean;
  /** i_hemmet, pa_sjukhuset, digitalt or annat. */
  plats: string;
  /** forebyggande or vid_utskrivning. */
  typ: string;
  motesdatum: string;
  uppfoljningsdatum: string;
  /** Units whose part this is (an insats or taking part), with whether they accepted it. */
  accepterade: SipAcceptanceDto[];
  vantarPa: SipAcceptanceDto[];
}

export class SipPlanEntryDto {
  id: string;
  version: number;
  /** uppfoljning or utvardering. */
  typ: string;
  datum: string;
  text: string;
  malResultat: string[];
  unitName: string;
  createdAt: string;
}

export class SipPlanHistoryItemDto {
  version: number;
  createdAt: string;
  createdByUnitName: string;
}

export class SipPlanDto {
  threadId: string;
  /** The latest version; null before the first. */
  current: SipPlanVersionDto | null;
  history: SipPlanHistoryItemDto[];
  entries: SipPlanEntryDto[];
  /** Whether one of the reader's units may write a version (summoned to SIP or the summoner). */
  mayEdit: boolean;
  /** The reader's units that may still accept their part of the current version. */
  mayAccept: string[];
}
