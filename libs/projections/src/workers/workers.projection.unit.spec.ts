import { givenEvents, recorded } from '../read-models/testing/given-events.js';
import { workersProjection } from './workers.projection.js';

const sealed = { v: 1 as const, keyId: 'w1', iv: 'iv', ciphertext: 'ct', tag: 'tag' };
const enrolled = (employmentId: string, enterpriseId: string, enrolledOn: string) =>
  recorded('worker-w1', 'WorkerEnrolled', {
    personId: 'w1', personal: sealed, employmentId, enterpriseId, employmentType: 'employee', hireType: 'new_hire', enrolledOn, educationLevel: 'senior_high',
  }, { occurredAt: enrolledOn });

describe('workers projection', () => {
  it('given a lifelong account across two employers, then one document with both employments, posts, exams, trainings and certificates', () => {
    const docs = givenEvents(workersProjection, [
      enrolled('m1', 'e1', '2020-03-01'),
      recorded('worker-w1', 'ExamPassed', { personId: 'w1', examId: 'x1', kind: 'pre_post', theoryScore: 90, keySafetySkillsPassed: true, examinedOn: '2020-03-05', attempt: 1 }),
      recorded('worker-w1', 'PostAssigned', {
        personId: 'w1', postId: 'p1', employmentId: 'm1', enterpriseId: 'e1', title: '电工', startsOn: '2020-03-10', specialOperationCode: '1.2', teamLeader: true, keyPosition: false, trainedBeforePost: true, certifiedAtStart: false,
      }, { occurredAt: '2020-03-10', recordedAt: '2020-04-01T02:00:00.000Z' }),
      recorded('training_class-c1', 'TraineeCompleted', { classId: 'c1', workerId: 'w1', hoursAttended: 72, completedOn: '2020-03-04' }),
      recorded('certificate-k1', 'CertificateIssued', {
        certificateId: 'k1', personId: 'w1', type: 'special_operation', specialOperationCode: '1.2', number: 'T1', issuedOn: '2020-04-01', issuer: 'x', validUntil: '2026-03-31', reviewDueOn: '2023-03-31',
      }),
      recorded('worker-w1', 'PostEnded', { personId: 'w1', postId: 'p1', endsOn: '2021-01-31' }, { recordedAt: '2021-02-02T00:00:00.000Z' }),
      recorded('worker-w1', 'EmploymentEnded', { personId: 'w1', employmentId: 'm1', enterpriseId: 'e1', endsOn: '2021-01-31' }),
      enrolled('m2', 'e2', '2021-02-01'),
    ]);
    const worker = docs.get('workers')!.get('w1')!;
    expect(worker).toMatchObject({
      personId: 'w1', personal: sealed, educationLevel: 'senior_high', certificateIds: ['k1'], recordedAt: '2020-03-01T08:00:00.000Z',
      employments: [
        { employmentId: 'm1', enterpriseId: 'e1', enrolledOn: '2020-03-01', endedOn: '2021-01-31' },
        { employmentId: 'm2', enterpriseId: 'e2', enrolledOn: '2021-02-01', endedOn: null, endRecordedAt: null },
      ],
      posts: [{ postId: 'p1', startsOn: '2020-03-10', endedOn: '2021-01-31', teamLeader: true, trainedBeforePost: true, certifiedAtStart: false, recordedAt: '2020-04-01T02:00:00.000Z', endRecordedAt: '2021-02-02T00:00:00.000Z' }],
      exams: [{ examId: 'x1', kind: 'pre_post', passed: true }],
      trainings: [{ classId: 'c1', completedOn: '2020-03-04', hoursAttended: 72 }],
    });
    expect(JSON.stringify(worker)).not.toMatch(/idNumber"/);
  });

  it('given an enrolment written before decision 0016 (with an ID-number hash), then the document does not keep the hash', () => {
    const docs = givenEvents(workersProjection, [
      recorded('worker-w1', 'WorkerEnrolled', {
        personId: 'w1', idNumberHash: 'legacy-hash', personal: sealed, employmentId: 'm1', enterpriseId: 'e1', employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2020-03-01',
      }, { occurredAt: '2020-03-01' }),
    ]);
    const worker = docs.get('workers')!.get('w1')!;
    expect(worker).toMatchObject({ personal: sealed, employments: [{ employmentId: 'm1' }] });
    expect(JSON.stringify(worker)).not.toContain('legacy-hash');
  });

  it('given an education recorded after enrolment, then the account lists it with its day and when it was learnt', () => {
    const docs = givenEvents(workersProjection, [
      enrolled('m1', 'e1', '2020-03-01'),
      recorded('worker-w1', 'EducationRecorded', { personId: 'w1', level: 'secondary_vocational', since: '2021-06-01' }, { recordedAt: '2021-06-03T00:00:00.000Z' }),
    ]);
    expect(docs.get('workers')!.get('w1')).toMatchObject({
      educationLevel: 'senior_high',
      educations: [{ level: 'secondary_vocational', since: '2021-06-01', recordedAt: '2021-06-03T00:00:00.000Z' }],
    });
  });

  it('given an erasure, then the sealed copy is gone while the facts stay', () => {
    const docs = givenEvents(workersProjection, [
      enrolled('m1', 'e1', '2020-03-01'),
      recorded('worker-w1', 'ExamPassed', { personId: 'w1', examId: 'x1', kind: 'pre_post', theoryScore: 90, keySafetySkillsPassed: true, examinedOn: '2020-03-05', attempt: 1 }),
      recorded('worker-w1', 'PersonErased', { personId: 'w1', erasedOn: '2022-01-10' }),
    ]);
    const worker = docs.get('workers')!.get('w1')!;
    expect(worker).toMatchObject({ personal: null, erasedOn: '2022-01-10', employments: [{ employmentId: 'm1' }], exams: [{ examId: 'x1' }] });
  });
});
