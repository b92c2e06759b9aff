/** Every event type the domain appends, reservations included: the audit trail lists them all. */
export const DOMAIN_EVENT_TYPES: readonly string[] = [
  'EnterpriseRegistered', 'TrainingPlanSubmitted', 'EnterpriseSummarySubmitted', 'TrainingProviderRegistered',
  'ImplementationPlanSubmitted', 'SummarySubmitted', 'DemonstrationSiteEstablished',
  'WorkerEnrolled', 'EmploymentEnded', 'PostAssigned', 'PostEnded', 'ExamPassed', 'ExamFailed', 'PersonErased', 'PersonRenamed', 'EducationRecorded',
  'TrainingClassOpened', 'TraineeAdded', 'TraineeCompleted',
  'CertificateIssued', 'CertificateReviewed', 'CertificateLapsed', 'CertificateRevoked', 'CertificateCancelled',
  'SubsidyClaimSubmitted', 'SubsidyClaimVerified', 'SubsidyClaimApproved', 'SubsidyClaimRejected', 'SubsidyClaimPaid', 'SubsidyClaimClawedBack',
  'InspectionOpened', 'FindingConfirmed', 'FindingDropped', 'InspectionClosed', 'RectificationOrdered', 'RectificationCompleted',
  'PersonIdReserved', 'SubsidyReserved', 'SubsidyReservationReleased', 'SubsidyYearSlotTaken', 'SubsidyYearSlotReleased', 'ClassClaimed', 'ClassClaimReleased',
  'ProviderTraineeLinked',
];
