import { TRAINING_CLASS_EVENT_TYPES, type TrainingClassEvent } from '#libs/domain';
import type { Projection } from '../engine/projection.js';
import type { Recorded } from '../read-models/domain-event.js';
import type { TrainingClassDocument } from './training-class-document.js';

export type TrainingClassesProjectionEvent = Recorded<TrainingClassEvent>;

/** `training_classes`: one document per class with its roster and completions. */
export const trainingClassesProjection: Projection<TrainingClassesProjectionEvent> = {
  name: 'training_classes',
  version: 1,
  collections: ['classes'],
  indexes: { classes: [['countyCode'], ['kind']] },
  eventTypes: TRAINING_CLASS_EVENT_TYPES,
  reads: (event) => (event.type === 'TrainingClassOpened' ? [] : [{ collection: 'classes', id: event.data.classId }]),
  apply: (event, documents) => {
    const id = event.data.classId;
    if (event.type === 'TrainingClassOpened') {
      const set = { ...event.data, providerId: event.data.providerId ?? null, enterpriseId: event.data.enterpriseId ?? null, recordedAt: event.recordedAt };
      return [{ type: 'patch', collection: 'classes', id, set }];
    }
    const trainees = documents.get<TrainingClassDocument>('classes', id)?.trainees ?? [];
    const { workerId } = event.data;
    if (event.type === 'TraineeAdded') {
      return [{ type: 'patch', collection: 'classes', id, set: { trainees: [...trainees, { workerId, recordedAt: event.recordedAt, completion: null }] } }];
    }
    const completion = { hoursAttended: event.data.hoursAttended, completedOn: event.data.completedOn, recordedAt: event.recordedAt };
    return [{ type: 'patch', collection: 'classes', id, set: { trainees: trainees.map((t) => (t.workerId === workerId ? { ...t, completion } : t)) } }];
  },
};
