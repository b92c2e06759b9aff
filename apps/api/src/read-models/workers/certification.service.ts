import { Injectable } from '@nestjs/common';
import { certificateStatusOn, hasSafetyAssessmentBy, isActiveOn, validityInterval, type Day, type Targets, certificateStateKnownAt } from '#libs/domain';
import { type CertificateDocument, type WorkerDocument } from '#libs/projections';
import { ReadModels } from '../shared/read-models.js';

const knownBy = (recordedAt: string | null, knownAt: string): boolean => recordedAt !== null && recordedAt <= knownAt;

/**
 * `GET /workers/{id}/certification?asOf=&knownAt=`: what the system knew at `knownAt` about the
 * person's certificates and posts on `asOf` (an inspector's defensible view: facts recorded later
 * are left out, an end recorded later leaves the interval open).
 */
@Injectable()
export class CertificationService {
  constructor(private readonly readModels: ReadModels) {}

  async certification(worker: WorkerDocument, asOf: Day, knownAt: string, targets: Targets) {
    const documents = await this.readModels.getMany<CertificateDocument>('certificates', 'certificates', worker.certificateIds);
    const certificates = documents
      .map((doc) => ({ doc, state: certificateStateKnownAt(doc.facts, knownAt) }))
      .filter(({ state }) => state.issued !== null)
      .sort((a, b) => a.doc.issuedOn.localeCompare(b.doc.issuedOn) || a.doc.id.localeCompare(b.doc.id))
      .map(({ doc, state }) => {
        const interval = validityInterval(state);
        return {
          id: doc.id,
          type: doc.type,
          specialOperationCode: doc.specialOperationCode,
          status: certificateStatusOn(state, asOf),
          validFrom: interval?.validFrom ?? null,
          validUntil: interval?.validThrough ?? null,
          reviewDueOn: state.schedule.filter((period) => period.from <= asOf).at(-1)?.reviewDueOn ?? null,
        };
      });
    const exams = worker.exams.filter((exam) => knownBy(exam.recordedAt, knownAt));
    const onPostHire = new Set(worker.employments.filter((e) => e.hireType === 'on_post').map((e) => e.employmentId));
    const posts = worker.posts
      .filter((post) => knownBy(post.recordedAt, knownAt))
      .map((post) => ({ ...post, endsOn: knownBy(post.endRecordedAt, knownAt) ? post.endedOn : null }))
      .filter((post) => isActiveOn(post, asOf))
      .map((post) => {
        const certified =
          post.specialOperationCode == null ||
          certificates.some((c) => c.type === 'special_operation' && c.specialOperationCode === post.specialOperationCode && c.status === 'valid');
        // As M1: before the post, or by T for workers already on post when hired or when the plan began.
        const assessedBy = onPostHire.has(post.employmentId) || post.startsOn < targets.planStartedOn ? asOf : post.startsOn;
        const trained = hasSafetyAssessmentBy(exams, assessedBy);
        return {
          postId: post.postId,
          enterpriseId: post.enterpriseId,
          title: post.title,
          startsOn: post.startsOn,
          endsOn: post.endsOn,
          specialOperationCode: post.specialOperationCode ?? null,
          certified,
          trained,
          compliant: certified && trained,
        };
      });
    return { workerId: worker.personId, asOf, knownAt, certificates, posts };
  }
}
