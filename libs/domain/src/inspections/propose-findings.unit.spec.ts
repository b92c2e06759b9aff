import { specialOperationCertificate } from '../testing/certificate-fixtures.js';
import type { ExamRecord, Post } from '../workers/worker.js';
import { proposeFindings } from './propose-findings.js';

const post = (change: Partial<Post> = {}): Post => ({
  postId: 'p1', employmentId: 'm1', enterpriseId: 'e1', title: '低压电工', startsOn: '2020-05-01', specialOperationCode: '1.2',
  teamLeader: false, keyPosition: false, trainedBeforePost: true, certifiedAtStart: true, endedOn: null, ...change,
});
const assessment: ExamRecord = { personId: 'w1', examId: 'x1', kind: 'pre_post', theoryScore: 90, keySafetySkillsPassed: true, examinedOn: '2020-04-20', attempt: 1, passed: true };

describe('proposed findings as of the inspection day', () => {
  const base = { enterpriseId: 'e1', asOf: '2021-06-01', trainingPlanYears: [2021] };

  it('finds nothing when workers are trained and certified and the plan exists', () => {
    expect(proposeFindings({ ...base, workers: [{ workerId: 'w1', posts: [post()], exams: [assessment], certificates: [specialOperationCertificate()] }] })).toEqual([]);
  });

  it('lists untrained workers on post, uncertified special-operation posts and a missing plan', () => {
    const findings = proposeFindings({
      ...base,
      trainingPlanYears: [2020],
      workers: [
        { workerId: 'w1', posts: [post()], exams: [], certificates: [] },
        { workerId: 'w2', posts: [post({ postId: 'p2', specialOperationCode: undefined })], exams: [{ ...assessment, passed: false }], certificates: [] },
      ],
    });
    expect(findings).toEqual([
      { kind: 'untrained_on_post', workerId: 'w1', postId: 'p1', detail: 'no passed safety assessment' },
      { kind: 'uncertified_special_operation', workerId: 'w1', postId: 'p1', detail: 'no valid certificate of code 1.2' },
      { kind: 'untrained_on_post', workerId: 'w2', postId: 'p2', detail: 'no passed safety assessment' },
      { kind: 'no_training_plan', detail: 'no training plan for 2021' },
    ]);
  });

  it('counts a certificate that lapsed by time as missing', () => {
    const findings = proposeFindings({ ...base, asOf: '2023-02-01', trainingPlanYears: [2023], workers: [{ workerId: 'w1', posts: [post()], exams: [assessment], certificates: [specialOperationCertificate()] }] });
    expect(findings.map((f) => f.kind)).toEqual(['uncertified_special_operation']);
  });

  it('ignores ended posts, posts at other enterprises and posts not yet started', () => {
    const posts = [post({ endedOn: '2021-05-31' }), post({ postId: 'p2', enterpriseId: 'e2' }), post({ postId: 'p3', startsOn: '2021-06-02' })];
    expect(proposeFindings({ ...base, workers: [{ workerId: 'w1', posts, exams: [], certificates: [] }] })).toEqual([]);
  });
});
