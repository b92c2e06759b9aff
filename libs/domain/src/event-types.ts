import type { CertificateEvent } from './certificates/certificate.js';
import type { CertificateLinked } from './certificates/person-certificates.js';
import type { CountyEvent } from './counties/county.js';
import type { DemonstrationSiteEvent } from './demonstration-sites/demonstration-site.js';
import type { EnterpriseEvent } from './enterprises/enterprise.js';
import type { InspectionEvent } from './inspections/inspection.js';
import type { RectificationOrderEvent } from './rectification-orders/rectification-order.js';
import type { ClassClaimEvent } from './reservations/class-claim.js';
import type { PersonIdReserved } from './reservations/person-id-reservation.js';
import type { SubsidyReservationEvent } from './reservations/subsidy-reservation.js';
import type { SubsidyYearEvent } from './reservations/subsidy-year.js';
import type { CertificateNumberReserved, CreditCodeReserved } from './reservations/unique-keys.js';
import type { DomainEvent } from './shared/decision.js';
import type { SubsidyClaimEvent } from './subsidy-claims/subsidy-claim.js';
import type { ProviderTraineeLinked } from './training-classes/provider-trainee.js';
import type { TrainingClassEvent } from './training-classes/training-class.js';
import type { TrainingProviderEvent } from './training-providers/training-provider.js';
import type { WorkerEvent } from './workers/worker.js';

/**
 * The event types of one union as a constant tuple, checked by the compiler both ways: a word that
 * is no type of `E` does not compile, nor a tuple that leaves one out (the error names it `missing`).
 */
const typesOf =
  <E extends DomainEvent>() =>
  <const T extends readonly E['type'][]>(types: T & ([E['type']] extends [T[number]] ? unknown : { missing: Exclude<E['type'], T[number]> })): T =>
    types;

export const ENTERPRISE_EVENT_TYPES = typesOf<EnterpriseEvent>()(['EnterpriseRegistered', 'TrainingPlanSubmitted', 'EnterpriseSummarySubmitted']);
export const TRAINING_PROVIDER_EVENT_TYPES = typesOf<TrainingProviderEvent>()(['TrainingProviderRegistered']);
export const COUNTY_EVENT_TYPES = typesOf<CountyEvent>()(['ImplementationPlanSubmitted', 'SummarySubmitted']);
export const DEMONSTRATION_SITE_EVENT_TYPES = typesOf<DemonstrationSiteEvent>()(['DemonstrationSiteEstablished']);
export const WORKER_EVENT_TYPES = typesOf<WorkerEvent>()([
  'WorkerEnrolled', 'EmploymentEnded', 'PostAssigned', 'PostEnded', 'ExamPassed', 'ExamFailed', 'PersonErased', 'PersonRenamed', 'EducationRecorded',
]);
export const TRAINING_CLASS_EVENT_TYPES = typesOf<TrainingClassEvent>()(['TrainingClassOpened', 'TraineeAdded', 'TraineeCompleted']);
export const CERTIFICATE_EVENT_TYPES = typesOf<CertificateEvent>()([
  'CertificateIssued', 'CertificateReviewed', 'CertificateLapsed', 'CertificateRevoked', 'CertificateCancelled',
]);
export const SUBSIDY_CLAIM_EVENT_TYPES = typesOf<SubsidyClaimEvent>()([
  'SubsidyClaimSubmitted', 'SubsidyClaimVerified', 'SubsidyClaimApproved', 'SubsidyClaimRejected', 'SubsidyClaimPaid', 'SubsidyClaimClawedBack',
]);
export const INSPECTION_EVENT_TYPES = typesOf<InspectionEvent>()(['InspectionOpened', 'FindingConfirmed', 'FindingDropped', 'InspectionClosed']);
export const RECTIFICATION_ORDER_EVENT_TYPES = typesOf<RectificationOrderEvent>()(['RectificationOrdered', 'RectificationCompleted']);

/**
 * Every event type the system appends, by the category of the stream it is appended to (the stream
 * is `<category>-<id>`): the aggregates' streams, their indexes and the reservation streams.
 */
export const EVENT_TYPES_BY_CATEGORY = {
  enterprise: ENTERPRISE_EVENT_TYPES,
  enterprise_credit_code: typesOf<CreditCodeReserved>()(['CreditCodeReserved']),
  training_provider: TRAINING_PROVIDER_EVENT_TYPES,
  county: COUNTY_EVENT_TYPES,
  demonstration_site: DEMONSTRATION_SITE_EVENT_TYPES,
  worker: WORKER_EVENT_TYPES,
  person_id: typesOf<PersonIdReserved>()(['PersonIdReserved']),
  person_certificates: typesOf<CertificateLinked>()(['CertificateLinked']),
  training_class: TRAINING_CLASS_EVENT_TYPES,
  provider_trainee: typesOf<ProviderTraineeLinked>()(['ProviderTraineeLinked']),
  certificate: CERTIFICATE_EVENT_TYPES,
  certificate_number: typesOf<CertificateNumberReserved>()(['CertificateNumberReserved']),
  subsidy_claim: SUBSIDY_CLAIM_EVENT_TYPES,
  subsidy_class: typesOf<ClassClaimEvent>()(['ClassClaimed', 'ClassClaimReleased']),
  subsidy_reservation: typesOf<SubsidyReservationEvent>()(['SubsidyReserved', 'SubsidyReservationReleased']),
  subsidy_year: typesOf<SubsidyYearEvent>()(['SubsidyYearSlotTaken', 'SubsidyYearSlotReleased']),
  inspection: INSPECTION_EVENT_TYPES,
  rectification_order: RECTIFICATION_ORDER_EVENT_TYPES,
} as const;

export type StreamCategory = keyof typeof EVENT_TYPES_BY_CATEGORY;
export type DomainEventType = (typeof EVENT_TYPES_BY_CATEGORY)[StreamCategory][number];

/** Every event type, reservations and indexes included: the audit trail lists them all. */
export const DOMAIN_EVENT_TYPES: readonly DomainEventType[] = Object.values(EVENT_TYPES_BY_CATEGORY).flat();
