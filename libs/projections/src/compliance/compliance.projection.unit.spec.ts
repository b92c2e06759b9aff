import type { AnyFields } from '#libs/read-store';
import { givenEvents, recorded } from '../read-models/testing/given-events.js';
import type { ComplianceWorkerDocument } from './compliance-documents.js';
import { loadReferenceData } from '#libs/runtime';
import { complianceProjection as complianceProjectionOn } from './compliance.projection.js';

const complianceProjection = complianceProjectionOn(loadReferenceData());

const enterprise = (enterpriseId: string, countyCode: string, sector = 'hazardous_chemicals') =>
  recorded(`enterprise-${enterpriseId}`, 'EnterpriseRegistered', { enterpriseId, name: enterpriseId, creditCode: 'X', sector, countyCode, registeredOn: '2019-06-01' });
const enrolled = (personId: string, enterpriseId: string, enrolledOn = '2020-03-01', employmentId = `${personId}-${enterpriseId}`) =>
  recorded(`worker-${personId}`, 'WorkerEnrolled', {
    personId, idNumberHash: 'h', personal: { sealed: 'x' }, employmentId, enterpriseId, employmentType: 'employee', hireType: 'new_hire', enrolledOn,
  });
const post = (personId: string, enterpriseId: string, postId: string, change: AnyFields = {}) =>
  recorded(`worker-${personId}`, 'PostAssigned', {
    personId, postId, employmentId: `${personId}-${enterpriseId}`, enterpriseId, title: 'operator', startsOn: '2020-03-01', teamLeader: false, keyPosition: false, trainedBeforePost: true, certifiedAtStart: true, ...change,
  });
const passed = (personId: string, examinedOn: string, kind = 'pre_post') =>
  recorded(`worker-${personId}`, 'ExamPassed', { personId, examId: `x-${personId}-${examinedOn}`, kind, theoryScore: 90, keySafetySkillsPassed: true, examinedOn, attempt: 1 });
const certificate = (certificateId: string, personId: string, change: AnyFields = {}) =>
  recorded(`certificate-${certificateId}`, 'CertificateIssued', {
    certificateId, personId, type: 'special_operation', specialOperationCode: '1.2', number: 'T1', issuedOn: '2020-02-01', issuer: 'x', validUntil: '2026-01-31', reviewDueOn: '2023-01-31', ...change,
  });

/** A group's counts as of T: the sum of its buckets' changes on or before T. */
function countsOf(docs: ReturnType<typeof givenEvents>, group: string, asOf: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const bucket of docs.get('buckets')!.values()) {
    if (bucket['group'] !== group) continue;
    for (const [field, change] of Object.entries(bucket)) {
      if (!/^d\d{4}$/.test(field)) continue;
      const day = `${bucket['year'] as number}-${field.slice(1, 3)}-${field.slice(3, 5)}`;
      if (day > asOf) continue;
      for (const [counter, amount] of Object.entries(change as Record<string, number>)) counts[counter] = (counts[counter] ?? 0) + amount;
    }
  }
  return Object.fromEntries(Object.entries(counts).filter(([, amount]) => amount !== 0));
}

describe('compliance projection', () => {
  it('counts a special-operation post against its certificate, and drops it from the revocation day, found through the certificate', () => {
    const docs = givenEvents(complianceProjection, [
      enterprise('e1', '430902'),
      enrolled('w1', 'e1'),
      post('w1', 'e1', 'p1', { specialOperationCode: '1.2' }),
      passed('w1', '2020-02-20'),
      certificate('k1', 'w1'),
      recorded('certificate-k1', 'CertificateRevoked', { certificateId: 'k1', revokedOn: '2021-05-10', reason: 'fraud' }),
    ]);
    expect(countsOf(docs, 'county:430902', '2021-05-09')).toEqual({ M1n: 1, M1d: 1, M2n: 1, M2d: 1, M5d: 1 });
    expect(countsOf(docs, 'county:430902', '2021-05-10')).toEqual({ M1n: 1, M1d: 1, M2d: 1, M5d: 1 });
    expect(countsOf(docs, 'enterprise:e1', '2021-05-10')).toEqual(countsOf(docs, 'county:430902', '2021-05-10'));
    expect((docs.get('workers')!.get('w1') as unknown as ComplianceWorkerDocument).certificates).toEqual([
      { certificateId: 'k1', type: 'special_operation', specialOperationCode: '1.2', validFrom: '2020-02-01', validThrough: '2021-05-09' },
    ]);
    expect(docs.get('certificates')!.get('k1')).toMatchObject({ workerId: 'w1' });
  });

  it('lets a certificate lapse with no event: the day after its review was due', () => {
    const docs = givenEvents(complianceProjection, [enterprise('e1', '430902'), enrolled('w1', 'e1'), post('w1', 'e1', 'p1', { specialOperationCode: '1.2' }), certificate('k1', 'w1')]);
    expect(countsOf(docs, 'enterprise:e1', '2023-01-31')).toMatchObject({ M2n: 1, M2d: 1 });
    expect(countsOf(docs, 'enterprise:e1', '2023-02-01')).toEqual({ M1d: 1, M2d: 1, M5d: 1 });
  });

  it('takes a post away the day after it ends, and the worker with it', () => {
    const docs = givenEvents(complianceProjection, [
      enterprise('e1', '430902'),
      enrolled('w1', 'e1'),
      post('w1', 'e1', 'p1', { teamLeader: true }),
      recorded('worker-w1', 'PostEnded', { personId: 'w1', postId: 'p1', endsOn: '2021-03-31' }),
      recorded('worker-w1', 'EmploymentEnded', { personId: 'w1', employmentId: 'w1-e1', enterpriseId: 'e1', endsOn: '2021-03-31' }),
    ]);
    expect(countsOf(docs, 'sector:hazardous_chemicals', '2021-03-31')).toEqual({ M1d: 1, M3d: 1, M4d0: 1, M5d: 1 });
    expect(countsOf(docs, 'sector:hazardous_chemicals', '2021-04-01')).toEqual({});
  });

  it('counts a team leader’s education recorded after enrolment for M4 from its since day', () => {
    const docs = givenEvents(complianceProjection, [
      enterprise('e1', '430902'),
      enrolled('w1', 'e1'),
      post('w1', 'e1', 'p1', { teamLeader: true }),
      recorded('worker-w1', 'EducationRecorded', { personId: 'w1', level: 'secondary_vocational', since: '2021-06-01' }),
    ]);
    expect(countsOf(docs, 'enterprise:e1', '2021-05-31')).not.toHaveProperty('M4n0');
    expect(countsOf(docs, 'enterprise:e1', '2021-05-31')).toMatchObject({ M4d0: 1 });
    expect(countsOf(docs, 'enterprise:e1', '2021-06-01')).toMatchObject({ M4n0: 1, M4d0: 1 });
    expect((docs.get('workers')!.get('w1') as unknown as ComplianceWorkerDocument).educations).toEqual([{ level: 'secondary_vocational', since: '2021-06-01' }]);
  });

  it('counts a worker employed at two enterprises of one county once there, and in each enterprise', () => {
    const docs = givenEvents(complianceProjection, [
      enterprise('e1', '430902'),
      enterprise('e2', '430902', 'metal_smelting'),
      enrolled('w1', 'e1'),
      enrolled('w1', 'e2', '2020-06-01'),
      post('w1', 'e1', 'p1', { keyPosition: true }),
      post('w1', 'e2', 'p2', { keyPosition: true, startsOn: '2020-06-01' }),
    ]);
    expect(countsOf(docs, 'county:430902', '2021-01-01')).toEqual({ M1d: 1, M5d: 1, M6d: 1 });
    expect(countsOf(docs, 'enterprise:e1', '2021-01-01')).toEqual({ M1d: 1, M5d: 1, M6d: 1 });
    expect(countsOf(docs, 'enterprise:e2', '2021-01-01')).toEqual({ M1d: 1, M5d: 1, M6d: 1 });
    expect(countsOf(docs, 'county_sector:430902:metal_smelting', '2021-01-01')).toEqual({ M1d: 1, M5d: 1, M6d: 1 });
    expect([...docs.get('groups')!.keys()].sort()).toEqual([
      'county:430902', 'county_sector:430902:hazardous_chemicals', 'county_sector:430902:metal_smelting', 'enterprise:e1', 'enterprise:e2', 'sector:hazardous_chemicals', 'sector:metal_smelting',
    ]);
  });

  it('counts completions of team-leader classes for M3, by the class’s kind, and ignores other classes and failed exams', () => {
    const opened = (classId: string, kind: string) =>
      recorded(`training_class-${classId}`, 'TrainingClassOpened', { classId, countyCode: '430902', kind, title: 't', startsOn: '2020-09-01', endsOn: '2020-09-30', plannedHours: 24 });
    const docs = givenEvents(complianceProjection, [
      enterprise('e1', '430902'),
      enrolled('w1', 'e1'),
      post('w1', 'e1', 'p1', { teamLeader: true }),
      opened('c1', 'refresher'),
      opened('c2', 'team_leader'),
      recorded('training_class-c1', 'TraineeCompleted', { classId: 'c1', workerId: 'w1', hoursAttended: 24, completedOn: '2020-09-30' }),
      recorded('worker-w1', 'ExamFailed', { personId: 'w1', examId: 'x', kind: 'team_leader', theoryScore: 10, keySafetySkillsPassed: false, examinedOn: '2020-10-10', attempt: 1 }),
      recorded('training_class-c2', 'TraineeCompleted', { classId: 'c2', workerId: 'w1', hoursAttended: 24, completedOn: '2020-11-30' }),
    ]);
    expect(countsOf(docs, 'city', '2020-11-29')).toMatchObject({ M3d: 1 });
    expect(countsOf(docs, 'city', '2020-11-29')['M3n']).toBeUndefined();
    expect(countsOf(docs, 'city', '2020-11-30')).toMatchObject({ M3n: 1, M3d: 1 });
  });

  it('keeps the buckets equal to the sum of the workers’ contributions', () => {
    const docs = givenEvents(complianceProjection, [
      enterprise('e1', '430902'),
      enterprise('e2', '430903', 'metal_smelting'),
      enrolled('w1', 'e1'),
      enrolled('w2', 'e2'),
      post('w1', 'e1', 'p1', { specialOperationCode: '1.2', teamLeader: true }),
      post('w2', 'e2', 'p2', { keyPosition: true }),
      certificate('k1', 'w1'),
      certificate('k2', 'w2', { type: 'skill_level', specialOperationCode: undefined, validUntil: null, reviewDueOn: null }),
      recorded('certificate-k1', 'CertificateLapsed', { certificateId: 'k1', lapsedOn: '2021-02-01' }),
      recorded('worker-w2', 'PostEnded', { personId: 'w2', postId: 'p2', endsOn: '2022-01-15' }),
    ]);
    const summed: Record<string, number> = {};
    for (const [workerId, doc] of docs.get('workers')!) {
      for (const { groups, steps } of (doc as unknown as ComplianceWorkerDocument).contributions) {
        if (!groups.includes('city')) continue;
        for (const [day, counts] of Object.entries(steps)) {
          for (const [counter, amount] of Object.entries(counts)) summed[`${workerId}:${day}:${counter}`] = amount;
        }
      }
    }
    const fromWorkers: Record<string, number> = {};
    for (const [key, amount] of Object.entries(summed)) {
      const [, day, counter] = key.split(':');
      fromWorkers[`${day}.${counter}`] = (fromWorkers[`${day}.${counter}`] ?? 0) + amount;
    }
    const fromBuckets: Record<string, number> = {};
    for (const bucket of docs.get('buckets')!.values()) {
      if (bucket['group'] !== 'city') continue;
      for (const [field, change] of Object.entries(bucket)) {
        if (!/^d\d{4}$/.test(field)) continue;
        for (const [counter, amount] of Object.entries(change as Record<string, number>)) {
          if (amount !== 0) fromBuckets[`${bucket['year'] as number}-${field.slice(1, 3)}-${field.slice(3)}.${counter}`] = amount;
        }
      }
    }
    expect(fromBuckets).toEqual(fromWorkers);
    expect(Object.keys(fromBuckets).length).toBeGreaterThan(5);
  });
});
