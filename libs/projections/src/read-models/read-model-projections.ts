import type { MetricReference } from '#libs/domain';
import type { Projection } from '../engine/projection.js';
import { auditTrailProjection } from '../audit-trail/audit-trail.projection.js';
import { certificatesProjection } from '../certificates/certificates.projection.js';
import { complianceProjection } from '../compliance/compliance.projection.js';
import { enterprisesProjection } from '../enterprises/enterprises.projection.js';
import { inspectionsProjection } from '../inspections/inspections.projection.js';
import { milestonesProjection } from '../milestones/milestones.projection.js';
import { postsProjection } from '../posts/posts.projection.js';
import { subsidyClaimsProjection } from '../subsidy-claims/subsidy-claims.projection.js';
import { trainingClassesProjection } from '../training-classes/training-classes.projection.js';
import { workersProjection } from '../workers/workers.projection.js';

/**
 * Every read model the queries use: what the projector runs (embedded or as its own process), on the
 * reference data the process loaded at start (the compliance counters follow its targets).
 */
export const readModelProjections = (reference: MetricReference): readonly Projection[] =>
  [
    workersProjection,
    certificatesProjection,
    postsProjection,
    enterprisesProjection,
    trainingClassesProjection,
    subsidyClaimsProjection,
    inspectionsProjection,
    milestonesProjection,
    auditTrailProjection,
    complianceProjection(reference),
  ] as Projection[];
