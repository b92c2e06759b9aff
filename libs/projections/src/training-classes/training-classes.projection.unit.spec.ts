import { givenEvents, recorded } from '../read-models/testing/given-events.js';
import { trainingClassesProjection } from './training-classes.projection.js';

describe('training classes projection', () => {
  it('given a class, two trainees and one completion, then the roster with the completion', () => {
    const docs = givenEvents(trainingClassesProjection, [
      recorded('training_class-c1', 'TrainingClassOpened', { classId: 'c1', countyCode: '430903', kind: 'team_leader', title: '班组长培训', content: 'x', theoryHours: 16, practicalHours: 8, startsOn: '2021-03-01', endsOn: '2021-03-05', providerId: 'p1' }),
      recorded('training_class-c1', 'TraineeAdded', { classId: 'c1', workerId: 'w1' }),
      recorded('training_class-c1', 'TraineeAdded', { classId: 'c1', workerId: 'w2' }),
      recorded('training_class-c1', 'TraineeCompleted', { classId: 'c1', workerId: 'w2', hoursAttended: 24, completedOn: '2021-03-05' }),
    ]);
    expect(docs.get('classes')!.get('c1')).toMatchObject({
      kind: 'team_leader', providerId: 'p1', enterpriseId: null,
      trainees: [{ workerId: 'w1', completion: null }, { workerId: 'w2', completion: { hoursAttended: 24, completedOn: '2021-03-05' } }],
    });
  });
});
