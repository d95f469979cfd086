import { ThreadAlerts1796027000001 } from './1796027000001-ThreadAlerts';
import { InboxClock1796027000000 } from './1796027000000-InboxClock';
import { guardDown } from './down-guard';
import { DirectoryReadFaces1796034300000 } from './1796034300000-DirectoryReadFaces';
import { AuditCovers1796034500000 } from './1796034500000-AuditCovers';
import { PatientReadFace1796036000000 } from './1796036000000-PatientReadFace';
import { ThreadScopeReadFace1796036100000 } from './1796036100000-ThreadScopeReadFace';
import { LogReviewReadFaces1796037500000 } from './1796037500000-LogReviewReadFaces';
import { AuditHorizonByXid1796040000000 } from './1796040000000-AuditHorizonByXid';
import { AuditLogNoOrganisationGin1796040100000 } from './1796040100000-AuditLogNoOrganisationGin';
import { NotificationCache1796041000000 } from './1796041000000-NotificationCache';
import { ThreadFillfactor1796042000000 } from './1796042000000-ThreadFillfactor';
import { SessionShortenedInvalidates1796043000000 } from './1796043000000-SessionShortenedInvalidates';
import { PatientIdentityHistoryReadFace1796036200000 } from './1796036200000-PatientIdentityHistoryReadFace';
import { FhirOutboxPending1796031100000 } from './1796031100000-FhirOutboxPending';
import { FhirOutboxQueue1796031100001 } from './1796031100001-FhirOutboxQueue';
import { FhirParkedCancellation1796031300000 } from './1796031300000-FhirParkedCancellation';
import { Citizens1796024200000 } from './1796024200000-Citizens';
import { Attachments1795470000000 } from './1795470000000-Attachments';
import { Fhir1795471000000 } from './1795471000000-Fhir';
import { ThreadLife1795464879746 } from './1795464879746-ThreadLife';
import { DeadlineWarnings1795465861555 } from './1795465861555-DeadlineWarnings';
import { TrustModel1795463274785 } from './1795463274785-TrustModel';
import { RateLimitsAndDenialTally1795463959086 } from './1795463959086-RateLimitsAndDenialTally';
import { AuditChainSealer1795451716186 } from './1795451716186-AuditChainSealer';
import { AuditChainKey1795463452635 } from './1795463452635-AuditChainKey';
import { Checklists1795451097914 } from './1795451097914-Checklists';
import { ChecklistsAppendOnly1795451097915 } from './1795451097915-ChecklistsAppendOnly';
import { SocketAttachments1795450766191 } from './1795450766191-SocketAttachments';
import { AttachmentChunkAge1795472000000 } from './1795472000000-AttachmentChunkAge';
import { Initial1795449416766 } from './1795449416766-Initial';
import { AppendOnly1795449416767 } from './1795449416767-AppendOnly';
import { Sessions1795450054650 } from './1795450054650-Sessions';
import { CacheInvalidation1795473000000 } from './1795473000000-CacheInvalidation';
import { SystemClientCache1795474000000 } from './1795474000000-SystemClientCache';
import { AuditPlacedByDatabase1796028000000 } from './1796028000000-AuditPlacedByDatabase';
import { PatientIdentityGuard1796028000001 } from './1796028000001-PatientIdentityGuard';
import { FourEyesAndOracles1796028000002 } from './1796028000002-FourEyesAndOracles';
import { HemgangStatus1796024000000 } from './1796024000000-HemgangStatus';
import { PlanVersions1796024100000 } from './1796024100000-PlanVersions';
import { HomePhase1796025000000 } from './1796025000000-HomePhase';
import { Installation1796029000000 } from './1796029000000-Installation';
import { OfflineSync1796026200000 } from './1796026200000-OfflineSync';
import { SipPlan1796025000001 } from './1796025000001-SipPlan';
import { ManagerRole1796025100000 } from './1796025100000-ManagerRole';
import { SystemClientAdministration1796031200000 } from './1796031200000-SystemClientAdministration';
import { PushNotifications1796026100000 } from './1796026100000-PushNotifications';
import { ManagerRoleRequests1796033000000 } from './1796033000000-ManagerRoleRequests';
import { MeasurementValuesOnce1796033100000 } from './1796033100000-MeasurementValuesOnce';

/** Every migration in order. Add new ones at the end; never edit one that has shipped. */
// A down() that would drop or empty the access log or the messages is refused (down-guard.ts).
export const MIGRATIONS: Function[] = guardDown([
  Initial1795449416766,
  AppendOnly1795449416767,
  Sessions1795450054650,
  SocketAttachments1795450766191,
  Checklists1795451097914,
  ChecklistsAppendOnly1795451097915,
  AuditChainSealer1795451716186,
  TrustModel1795463274785,
  AuditChainKey1795463452635,
  RateLimitsAndDenialTally1795463959086,
  ThreadLife1795464879746,
  DeadlineWarnings1795465861555,
  Attachments1795470000000,
  Fhir1795471000000,
  AttachmentChunkAge1795472000000,
  CacheInvalidation1795473000000,
  SystemClientCache1795474000000,
  AuditPlacedByDatabase1796028000000,
  PatientIdentityGuard1796028000001,
  FourEyesAndOracles1796028000002,
  HemgangStatus1796024000000,
  PlanVersions1796024100000,
  Citizens1796024200000,
  HomePhase1796025000000,
  Installation1796029000000,
  SipPlan1796025000001,
  OfflineSync1796026200000,
  FhirOutboxPending1796031100000,
  ManagerRole1796025100000,
  FhirOutboxQueue1796031100001,
  SystemClientAdministration1796031200000,
  FhirParkedCancellation1796031300000,
  InboxClock1796027000000,
  ThreadAlerts1796027000001,
  PushNotifications1796026100000,
  ManagerRoleRequests1796033000000,
  MeasurementValuesOnce1796033100000,
  DirectoryReadFaces1796034300000,
  AuditCovers1796034500000,
  PatientReadFace1796036000000,
  ThreadScopeReadFace1796036100000,
  PatientIdentityHistoryReadFace1796036200000,
  LogReviewReadFaces1796037500000,
  AuditHorizonByXid1796040000000,
  AuditLogNoOrganisationGin1796040100000,
  NotificationCache1796041000000,
  ThreadFillfactor1796042000000,
  SessionShortenedInvalidates1796043000000,
]);
