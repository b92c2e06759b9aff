import { loadReferenceData } from '../testing/reference-data.js';
import { specFor } from '../testing/given-when-then.js';
import type { TrainingClassEvent, TrainingClassOpened } from './training-class.js';
import { trainingClassDecider } from './training-class.decide.js';

const given = specFor(trainingClassDecider(loadReferenceData()));

const klass: TrainingClassOpened['data'] = {
  classId: 'k1', countyCode: '430903', kind: 'special_operation', specialOperationCode: '1.2', title: '低压电工作业初训', content: '理论与实操',
  theoryHours: 56, practicalHours: 24, startsOn: '2020-05-06', endsOn: '2020-05-20', providerId: 'p1',
};
const opened: TrainingClassOpened = { type: 'TrainingClassOpened', data: klass };
const added: TrainingClassEvent = { type: 'TraineeAdded', data: { classId: 'k1', workerId: 'w1' } };
const complete = (hoursAttended = 80, completedOn = '2020-05-20', workerId = 'w1') => ({ type: 'CompleteTraining' as const, data: { classId: 'k1', workerId, hoursAttended, completedOn } });

describe('training class', () => {
  it('opens a class owned by a provider or an enterprise', () => {
    given().when({ type: 'OpenTrainingClass', data: klass }).then([opened]);
    const inHouse = { ...klass, providerId: undefined, enterpriseId: 'e1', kind: 'pre_post' as const, specialOperationCode: undefined };
    given().when({ type: 'OpenTrainingClass', data: inHouse }).then([{ type: 'TrainingClassOpened', data: inHouse }]);
  });

  it.each([
    ['invalid_owner', { enterpriseId: 'e1' }],
    ['invalid_owner', { providerId: undefined }],
    ['invalid_class_kind', { kind: 'cooking' }],
    ['special_operation_code_required', { specialOperationCode: undefined }],
    ['unknown_special_operation_code', { specialOperationCode: '10.6' }],
    ['invalid_hours', { theoryHours: -1 }],
    ['invalid_hours', { theoryHours: 0, practicalHours: 0 }],
    ['ends_before_start', { endsOn: '2020-05-05' }],
    ['invalid_day', { startsOn: '2020-05-32' }],
  ] as const)('refuses %s', (code, change) => {
    given().when({ type: 'OpenTrainingClass', data: { ...klass, ...change } as never }).thenRejects(code, 'invalid');
  });

  it('refuses an unknown county and a second opening', () => {
    given().when({ type: 'OpenTrainingClass', data: { ...klass, countyCode: '430000' } }).thenRejects('unknown_county', 'not_found');
    given([opened]).when({ type: 'OpenTrainingClass', data: klass }).thenRejects('training_class_already_exists', 'conflict');
  });

  it('adds a trainee once', () => {
    given([opened]).when({ type: 'AddTrainee', data: { classId: 'k1', workerId: 'w1' } }).then([added]);
    given([opened, added]).when({ type: 'AddTrainee', data: { classId: 'k1', workerId: 'w1' } }).thenRejects('already_added', 'conflict');
    given().when({ type: 'AddTrainee', data: { classId: 'k1', workerId: 'w1' } }).thenRejects('training_class_not_found', 'not_found');
  });

  it('records a completion within the class dates and hours', () => {
    const spec = given([opened, added]).when(complete());
    spec.then([{ type: 'TraineeCompleted', data: { classId: 'k1', workerId: 'w1', hoursAttended: 80, completedOn: '2020-05-20' } }]);
    expect(spec.stateAfter().trainees).toEqual([{ workerId: 'w1', completion: { hoursAttended: 80, completedOn: '2020-05-20' } }]);
  });

  it.each([
    ['not_a_trainee', complete(80, '2020-05-20', 'w2'), 'rule'],
    ['completed_outside_class_dates', complete(80, '2020-05-21'), 'rule'],
    ['completed_outside_class_dates', complete(80, '2020-05-05'), 'rule'],
    ['hours_exceed_class', complete(81), 'rule'],
    ['invalid_hours', complete(0), 'invalid'],
    ['invalid_day', complete(80, '2020-5-20'), 'invalid'],
  ] as const)('refuses %s', (code, command, kind) => {
    given([opened, added]).when(command).thenRejects(code, kind);
  });

  describe('minimum hours of the kind (reference/training-hours.json)', () => {
    const openedWith = (change: Partial<TrainingClassOpened['data']>): TrainingClassEvent => ({ type: 'TrainingClassOpened', data: { ...klass, ...change } });

    it.each([
      ['attendance below the 64 hours of a special-operation class', [opened, added], complete(63)],
      ['a special-operation class of 30 theory hours', [openedWith({ theoryHours: 30, practicalHours: 60 }), added], complete(80)],
      ['a special-operation class of 20 practical hours', [openedWith({ theoryHours: 60, practicalHours: 20 }), added], complete(80)],
      ['a pre-post class attended 71 of 72 hours', [openedWith({ kind: 'pre_post', specialOperationCode: undefined, theoryHours: 48, practicalHours: 24 }), added], complete(71)],
    ] as const)('refuses training_hours_below_minimum: %s', (_label, history, command) => {
      const rejection = given([...history]).when(command).thenRejects('training_hours_below_minimum', 'rule');
      expect(rejection.path).toBe('hoursAttended');
    });

    it('records exactly the minimum, and any attendance of a kind without one', () => {
      given([opened, added]).when(complete(64)).then([{ type: 'TraineeCompleted', data: { classId: 'k1', workerId: 'w1', hoursAttended: 64, completedOn: '2020-05-20' } }]);
      const leaders = openedWith({ kind: 'team_leader', specialOperationCode: undefined, theoryHours: 16, practicalHours: 8 });
      given([leaders, added]).when(complete(10)).then([{ type: 'TraineeCompleted', data: { classId: 'k1', workerId: 'w1', hoursAttended: 10, completedOn: '2020-05-20' } }]);
    });
  });

  it('refuses a second completion and an unknown class', () => {
    given([opened, added, { type: 'TraineeCompleted', data: { classId: 'k1', workerId: 'w1', hoursAttended: 80, completedOn: '2020-05-20' } }])
      .when(complete())
      .thenRejects('already_completed', 'conflict');
    given().when(complete()).thenRejects('training_class_not_found', 'not_found');
  });
});
