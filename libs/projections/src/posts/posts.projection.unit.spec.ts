import { givenEvents, recorded } from '../read-models/testing/given-events.js';
import { postsProjection } from './posts.projection.js';

describe('posts projection', () => {
  it('given an enrolment, a post and its end, then an employment and a post document with intervals and record times', () => {
    const docs = givenEvents(postsProjection, [
      recorded('worker-w1', 'WorkerEnrolled', {
        personId: 'w1', idNumberHash: 'h', personal: { v: 1, keyId: 'w1', iv: '', ciphertext: '', tag: '' }, employmentId: 'm1', enterpriseId: 'e1', employmentType: 'dispatched', hireType: 'on_post', enrolledOn: '2020-01-05',
      }),
      recorded('worker-w1', 'PostAssigned', {
        personId: 'w1', postId: 'p1', employmentId: 'm1', enterpriseId: 'e1', title: '班组长', startsOn: '2020-02-01', teamLeader: true, keyPosition: true, trainedBeforePost: false, certifiedAtStart: true,
      }, { recordedAt: '2020-02-03T00:00:00.000Z' }),
      recorded('worker-w1', 'PostEnded', { personId: 'w1', postId: 'p1', endsOn: '2020-12-31' }, { recordedAt: '2021-01-04T00:00:00.000Z' }),
    ]);
    expect(docs.get('employments')!.get('m1')).toEqual({
      employmentId: 'm1', workerId: 'w1', enterpriseId: 'e1', employmentType: 'dispatched', hireType: 'on_post', startsOn: '2020-01-05', endsOn: null, recordedAt: '2021-01-01T08:00:00.000Z', endRecordedAt: null,
    });
    expect(docs.get('posts')!.get('p1')).toMatchObject({
      workerId: 'w1', enterpriseId: 'e1', startsOn: '2020-02-01', endsOn: '2020-12-31', specialOperationCode: null, teamLeader: true, keyPosition: true, trainedBeforePost: false,
      recordedAt: '2020-02-03T00:00:00.000Z', endRecordedAt: '2021-01-04T00:00:00.000Z',
    });
  });
});
