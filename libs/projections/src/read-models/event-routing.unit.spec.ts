import { DOMAIN_EVENT_TYPES, EVENT_TYPES_BY_CATEGORY, type DomainEventType } from '#libs/domain';
import { auditTrailProjection } from '../audit-trail/audit-trail.projection.js';
import { loadReferenceData } from '#libs/runtime';
import { readModelProjections } from './read-model-projections.js';

type ReadModel = 'workers' | 'certificates' | 'posts' | 'enterprises' | 'training_classes' | 'subsidy_claims' | 'inspections' | 'milestones' | 'compliance';

/**
 * The read models each event type reaches, besides the audit trail (which takes them all). The
 * compiler refuses this table while a type the domain names is missing from it: a new event in a
 * domain tuple fails the type check here until someone has said which read models it changes.
 */
const READ_BY = {
  EnterpriseRegistered: ['enterprises', 'compliance'],
  TrainingPlanSubmitted: ['enterprises'],
  EnterpriseSummarySubmitted: ['enterprises'],
  CreditCodeReserved: [],
  TrainingProviderRegistered: [],
  ImplementationPlanSubmitted: ['milestones'],
  SummarySubmitted: ['milestones'],
  DemonstrationSiteEstablished: ['milestones'],
  WorkerEnrolled: ['workers', 'posts', 'compliance'],
  EmploymentEnded: ['workers', 'posts', 'compliance'],
  PostAssigned: ['workers', 'posts', 'compliance'],
  PostEnded: ['workers', 'posts', 'compliance'],
  ExamPassed: ['workers', 'compliance'],
  ExamFailed: ['workers'],
  PersonErased: ['workers', 'certificates'],
  PersonRenamed: ['workers'],
  EducationRecorded: ['workers', 'compliance'],
  PersonIdReserved: [],
  CertificateLinked: [],
  TrainingClassOpened: ['training_classes', 'compliance'],
  TraineeAdded: ['training_classes'],
  TraineeCompleted: ['workers', 'training_classes', 'compliance'],
  ProviderTraineeLinked: [],
  CertificateIssued: ['workers', 'certificates', 'compliance'],
  CertificateReviewed: ['certificates', 'compliance'],
  CertificateLapsed: ['certificates', 'compliance'],
  CertificateRevoked: ['certificates', 'compliance'],
  CertificateCancelled: ['certificates', 'compliance'],
  CertificateNumberReserved: [],
  SubsidyClaimSubmitted: ['subsidy_claims'],
  SubsidyClaimVerified: ['subsidy_claims'],
  SubsidyClaimApproved: ['subsidy_claims'],
  SubsidyClaimRejected: ['subsidy_claims'],
  SubsidyClaimPaid: ['subsidy_claims'],
  SubsidyClaimClawedBack: ['subsidy_claims'],
  ClassClaimed: [],
  ClassClaimReleased: [],
  SubsidyReserved: [],
  SubsidyReservationReleased: [],
  SubsidyYearSlotTaken: [],
  SubsidyYearSlotReleased: [],
  InspectionOpened: ['inspections'],
  FindingConfirmed: ['inspections'],
  FindingDropped: ['inspections'],
  InspectionClosed: ['inspections'],
  RectificationOrdered: ['inspections'],
  RectificationCompleted: ['inspections'],
} as const satisfies Record<DomainEventType, readonly ReadModel[]>;

describe('event types and the read models', () => {
  it('the audit trail takes every event type of every stream category the domain names, reservations and indexes included', () => {
    const taken = new Set<string>(auditTrailProjection.eventTypes);
    const missing = Object.entries(EVENT_TYPES_BY_CATEGORY).flatMap(([category, types]) => types.filter((type) => !taken.has(type)).map((type) => `${category}: ${type}`));
    expect(missing).toEqual([]);
    expect(taken).toEqual(new Set(DOMAIN_EVENT_TYPES));
    expect(taken).toContain('CertificateLinked');
    expect(taken).toContain('PersonErased');
  });

  it('each read model takes the event types the table gives it, and no other', () => {
    const others = readModelProjections(loadReferenceData()).filter((projection) => projection !== auditTrailProjection);
    expect(others.map((projection) => projection.name).sort()).toEqual([...new Set(Object.values(READ_BY).flat())].sort());
    for (const projection of others) {
      const expected = Object.entries(READ_BY).filter(([, readModels]) => (readModels as readonly string[]).includes(projection.name)).map(([type]) => type);
      expect({ [projection.name]: [...projection.eventTypes].sort() }).toEqual({ [projection.name]: expected.sort() });
    }
  });
});
