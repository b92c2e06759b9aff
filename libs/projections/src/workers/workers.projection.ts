import { WORKER_EVENT_TYPES, type CertificateIssued, type TraineeCompleted, type WorkerEvent } from '#libs/domain';
import type { Projection } from '../engine/projection.js';
import type { Recorded } from '../read-models/domain-event.js';
import { emptyWorkerDocument, type WorkerDocument } from './worker-document.js';

export type WorkersProjectionEvent = Recorded<WorkerEvent | TraineeCompleted | CertificateIssued>;

const personOf = (event: WorkersProjectionEvent): string => {
  switch (event.type) {
    case 'TraineeCompleted':
      return event.data.workerId;
    default:
      return event.data.personId;
  }
};

const fold = (doc: WorkerDocument, event: WorkersProjectionEvent): WorkerDocument => {
  const recordedAt = event.recordedAt;
  switch (event.type) {
    case 'WorkerEnrolled': {
      // A legacy event's `idNumberHash` is not kept: nothing reads it, and an erased person's would outlive them here.
      const { personal, employmentId, enterpriseId, employmentType, hireType, enrolledOn, educationLevel } = event.data;
      return {
        ...doc,
        personal,
        educationLevel: educationLevel ?? doc.educationLevel,
        employments: [...doc.employments, { employmentId, enterpriseId, employmentType, hireType, enrolledOn, endedOn: null, recordedAt, endRecordedAt: null }],
        recordedAt: doc.recordedAt ?? recordedAt,
      };
    }
    case 'EmploymentEnded':
      return {
        ...doc,
        employments: doc.employments.map((e) => (e.employmentId === event.data.employmentId ? { ...e, endedOn: event.data.endsOn, endRecordedAt: recordedAt } : e)),
      };
    case 'PostAssigned': {
      const { personId: _personId, ...post } = event.data;
      return { ...doc, posts: [...doc.posts, { ...post, endedOn: null, recordedAt, endRecordedAt: null }] };
    }
    case 'PostEnded':
      return { ...doc, posts: doc.posts.map((p) => (p.postId === event.data.postId ? { ...p, endedOn: event.data.endsOn, endRecordedAt: recordedAt } : p)) };
    case 'ExamPassed':
    case 'ExamFailed':
      return { ...doc, exams: [...doc.exams, { ...event.data, passed: event.type === 'ExamPassed', recordedAt }] };
    case 'TraineeCompleted': {
      const { classId, hoursAttended, completedOn } = event.data;
      return { ...doc, trainings: [...doc.trainings, { classId, hoursAttended, completedOn, recordedAt }] };
    }
    case 'CertificateIssued':
      return { ...doc, certificateIds: [...doc.certificateIds, event.data.certificateId] };
    case 'PersonErased':
      // The key is gone already; dropping the sealed copy keeps the person unreadable here too.
      return { ...doc, personal: null, erasedOn: event.data.erasedOn };
    case 'EducationRecorded': {
      const { level, since } = event.data;
      return { ...doc, educations: [...(doc.educations ?? []), { level, since, recordedAt }] };
    }
    case 'PersonRenamed':
      // Never after an erasure: a rename sealed with a key that is gone would read as nothing anyway.
      return doc.erasedOn ? doc : { ...doc, personal: event.data.personal };
  }
};

/** `workers`: one document per person, the whole account (employments, posts, exams, trainings, certificate ids). */
export const workersProjection: Projection<WorkersProjectionEvent> = {
  name: 'workers',
  // Version 2 folds PersonErased, version 3 EducationRecorded, version 4 drops `idNumberHash` (decision 0016):
  // a new version rebuilds beside the old one and takes over when caught up.
  version: 4,
  collections: ['workers'],
  eventTypes: [...WORKER_EVENT_TYPES, 'TraineeCompleted', 'CertificateIssued'],
  reads: (event) => [{ collection: 'workers', id: personOf(event) }],
  apply: (event, documents) => {
    const id = personOf(event);
    const current = documents.get<WorkerDocument>('workers', id) ?? emptyWorkerDocument(id);
    const { id: _id, ...doc } = fold(current, event) as WorkerDocument & { id?: string };
    return [{ type: 'upsert', collection: 'workers', id, doc }];
  },
};
