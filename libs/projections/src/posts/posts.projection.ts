import type { EmploymentEnded, PostAssigned, PostEnded, WorkerEnrolled } from '#libs/domain';
import type { Projection } from '../engine/projection.js';
import type { Recorded } from '../read-models/domain-event.js';
import type { EmploymentDocument, PostDocument } from './post-document.js';

export type PostsProjectionEvent = Recorded<WorkerEnrolled | EmploymentEnded | PostAssigned | PostEnded>;

/**
 * `posts`: one document per post and one per employment, indexed by enterprise and worker, the
 * facts M1–M7 are computed from as of T. Every write is a patch of its own document: no reads.
 */
export const postsProjection: Projection<PostsProjectionEvent> = {
  name: 'posts',
  version: 2,
  collections: ['posts', 'employments'],
  indexes: {
    posts: [['enterpriseId'], ['workerId']],
    employments: [['enterpriseId'], ['workerId']],
  },
  eventTypes: ['WorkerEnrolled', 'EmploymentEnded', 'PostAssigned', 'PostEnded'],
  apply: (event) => {
    switch (event.type) {
      case 'WorkerEnrolled': {
        const { personId, employmentId, enterpriseId, employmentType, hireType, enrolledOn } = event.data;
        const set: EmploymentDocument = {
          employmentId, workerId: personId, enterpriseId, employmentType, hireType, startsOn: enrolledOn, endsOn: null, recordedAt: event.recordedAt, endRecordedAt: null,
        };
        return [{ type: 'patch', collection: 'employments', id: employmentId, set }];
      }
      case 'EmploymentEnded':
        return [{ type: 'patch', collection: 'employments', id: event.data.employmentId, set: { endsOn: event.data.endsOn, endRecordedAt: event.recordedAt } }];
      case 'PostAssigned': {
        const d = event.data;
        const set: PostDocument = {
          postId: d.postId,
          workerId: d.personId,
          employmentId: d.employmentId,
          enterpriseId: d.enterpriseId,
          title: d.title,
          startsOn: d.startsOn,
          endsOn: null,
          specialOperationCode: d.specialOperationCode ?? null,
          teamLeader: d.teamLeader,
          keyPosition: d.keyPosition,
          apprenticeship: d.apprenticeship === true,
          ...(d.riskPost ? { riskPost: d.riskPost } : {}),
          role: d.role ?? null,
          trainedBeforePost: d.trainedBeforePost,
          certifiedAtStart: d.certifiedAtStart,
          recordedAt: event.recordedAt,
          endRecordedAt: null,
        };
        return [{ type: 'patch', collection: 'posts', id: d.postId, set }];
      }
      case 'PostEnded':
        return [{ type: 'patch', collection: 'posts', id: event.data.postId, set: { endsOn: event.data.endsOn, endRecordedAt: event.recordedAt } }];
    }
  },
};
