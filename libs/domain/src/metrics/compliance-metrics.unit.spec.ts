import { loadReferenceData } from '../testing/reference-data.js';
import type { ComplianceFacts, PostFact } from './compliance-facts.js';
import {
  complianceShortfalls,
  computeComplianceMetrics,
  m1TrainedBeforeWork,
  m2SpecialOperationCertified,
  m3TeamLeadersTrained,
  m4TeamLeadersQualified,
  m5CertificateHolders,
  m6KeyPositionsUpgraded,
  m7Apprenticeship,
} from './compliance-metrics.js';

const ref = loadReferenceData();
const targets = ref.targets.on('2021-06-01');
const qualifying = ref.educationRequirements.on('2021-06-01').teamLeaderQualifying;
const T = '2021-06-01';

const post = (workerId: string, change: Partial<PostFact> = {}): PostFact => ({
  workerId, enterpriseId: 'e1', postId: `p-${workerId}`, startsOn: '2020-06-01', endsOn: null, teamLeader: false, keyPosition: false, hireType: 'new_hire', ...change,
});
const none: ComplianceFacts = { posts: [], employments: [], exams: [], trainings: [], certificates: [], workers: [] };
const facts = (change: Partial<ComplianceFacts>): ComplianceFacts => ({ ...none, ...change });
const passed = (workerId: string, examinedOn: string, kind: 'pre_post' | 'team_leader' = 'pre_post') => ({ workerId, kind, passed: true, examinedOn });

describe('M1 trained and assessed before working', () => {
  it('counts workers whose assessment came on or before the post start', () => {
    const result = m1TrainedBeforeWork(facts({
      posts: [post('a'), post('b'), post('c'), post('d', { endsOn: '2021-05-31' })],
      exams: [passed('a', '2020-06-01'), passed('b', '2020-07-01'), { ...passed('c', '2020-05-01'), passed: false }],
    }), T, targets);
    expect(result).toEqual({ numerator: 1, denominator: 3, ratio: 1 / 3, target: 1, met: false });
  });

  it('accepts an assessment by T for on-post hires and posts begun before the plan', () => {
    const result = m1TrainedBeforeWork(facts({
      posts: [post('a', { hireType: 'on_post' }), post('b', { startsOn: '2019-03-01' })],
      exams: [passed('a', '2021-01-01'), passed('b', '2021-06-01')],
    }), T, targets);
    expect(result).toMatchObject({ numerator: 2, denominator: 2, ratio: 1, met: true });
  });

  it('has no ratio when no one is on post', () => {
    expect(m1TrainedBeforeWork(none, T, targets)).toEqual({ numerator: 0, denominator: 0, ratio: null, target: 1, met: null });
  });
});

describe('M2 special operations certified', () => {
  it('counts posts held with a certificate of that code valid at T, dropping on the lapse day with no event', () => {
    const input = facts({
      posts: [post('a', { specialOperationCode: '1.2' }), post('b', { specialOperationCode: '9.3' }), post('c')],
      certificates: [
        { workerId: 'a', type: 'special_operation', specialOperationCode: '1.2', validFrom: '2020-01-15', validThrough: '2021-06-01' },
        { workerId: 'b', type: 'special_operation', specialOperationCode: '1.2', validFrom: '2020-01-15', validThrough: null },
      ],
    });
    expect(m2SpecialOperationCertified(input, T, targets)).toMatchObject({ numerator: 1, denominator: 2, met: false });
    expect(m2SpecialOperationCertified(input, '2021-06-02', targets)).toMatchObject({ numerator: 0, denominator: 2 });
  });
});

describe('M3 and M6 trainings', () => {
  it('counts team leaders trained (class or exam) by T', () => {
    const result = m3TeamLeadersTrained(facts({
      posts: [post('a', { teamLeader: true }), post('b', { teamLeader: true }), post('c', { teamLeader: true }), post('d')],
      trainings: [{ workerId: 'a', kind: 'team_leader', completedOn: '2021-01-01' }, { workerId: 'c', kind: 'team_leader', completedOn: '2021-07-01' }],
      exams: [passed('b', '2021-02-01', 'team_leader')],
    }), T, targets);
    expect(result).toMatchObject({ numerator: 2, denominator: 3, target: 1, met: false });
  });

  it('leaves out team-leader and skill-upgrade training from before the plan began, unless the targets say it counts', () => {
    const input = facts({
      posts: [post('a', { teamLeader: true, keyPosition: true }), post('b', { teamLeader: true, keyPosition: true }), post('c', { teamLeader: true })],
      trainings: [
        { workerId: 'a', kind: 'team_leader', completedOn: '2019-11-20' },
        { workerId: 'a', kind: 'skill_upgrade', completedOn: '2019-12-31' },
        { workerId: 'b', kind: 'team_leader', completedOn: '2020-01-01' },
        { workerId: 'b', kind: 'skill_upgrade', completedOn: '2020-03-01' },
      ],
      exams: [passed('c', '2019-06-01', 'team_leader')],
    });
    expect(targets.planStartedOn).toBe('2020-01-01');
    expect(m3TeamLeadersTrained(input, T, targets)).toMatchObject({ numerator: 1, denominator: 3 });
    expect(m6KeyPositionsUpgraded(input, T, targets)).toMatchObject({ numerator: 1, denominator: 2 });
    expect(complianceShortfalls(input, T, targets, qualifying).M3.map((s) => s.workerId)).toEqual(['a', 'c']);
    const counting = { ...targets, metrics: { ...targets.metrics, M3: { ...targets.metrics.M3, countsPrePlanTraining: true }, M6: { ...targets.metrics.M6, countsPrePlanTraining: true } } };
    expect(m3TeamLeadersTrained(input, T, counting)).toMatchObject({ numerator: 3, denominator: 3 });
    expect(m6KeyPositionsUpgraded(input, T, counting)).toMatchObject({ numerator: 2, denominator: 2 });
  });

  it('counts key-position workers through skill-upgrade training against 10%', () => {
    const posts = Array.from({ length: 10 }, (_, i) => post(`k${i}`, { keyPosition: true }));
    const result = m6KeyPositionsUpgraded(facts({ posts, trainings: [{ workerId: 'k0', kind: 'skill_upgrade', completedOn: '2021-05-01' }] }), T, targets);
    expect(result).toEqual({ numerator: 1, denominator: 10, ratio: 0.1, target: 0.1, met: true });
  });
});

describe('M4 team leaders qualified, compared with the baseline', () => {
  it('measures the increase in percentage points since the baseline date', () => {
    const leaders = ['a', 'b', 'c', 'd', 'e'].map((w) => post(w, { teamLeader: true, startsOn: '2019-01-01' }));
    const result = m4TeamLeadersQualified(facts({
      posts: leaders,
      workers: [{ workerId: 'a', educationLevel: 'secondary_vocational' }, { workerId: 'b', educationLevel: 'senior_high' }],
      certificates: [{ workerId: 'c', type: 'skill_level', validFrom: '2021-01-01', validThrough: null }, { workerId: 'd', type: 'special_operation', specialOperationCode: '1.2', validFrom: '2019-01-01', validThrough: null }],
    }), T, targets, qualifying);
    expect(result).toMatchObject({ numerator: 2, denominator: 5, ratio: 0.4, target: 0.2, met: true, increaseMode: 'percentage_points', baseline: { asOf: '2020-01-01', numerator: 1, denominator: 5, ratio: 0.2 } });
    expect(result.increase).toBeCloseTo(0.2);
  });

  it('is not met below the increase, and unmeasured without team leaders at the baseline', () => {
    const leaders = ['a', 'b'].map((w) => post(w, { teamLeader: true, startsOn: '2019-01-01' }));
    expect(m4TeamLeadersQualified(facts({ posts: leaders, workers: [{ workerId: 'a', educationLevel: 'bachelor' }] }), T, targets, qualifying)).toMatchObject({ increase: 0, met: false });
    expect(m4TeamLeadersQualified(facts({ posts: [post('a', { teamLeader: true })] }), T, targets, qualifying)).toMatchObject({ increase: null, met: null });
  });
});

describe('M4 and an education recorded after enrolment', () => {
  const leader = facts({
    posts: [post('a', { teamLeader: true, startsOn: '2019-01-01' })],
    workers: [{ workerId: 'a', educationLevel: 'junior_middle', educations: [{ level: 'junior_middle', since: '2020-09-01' }, { level: 'secondary_vocational', since: '2021-06-01' }] }],
  });

  it('counts the qualifying level from its since day on, not the day before', () => {
    expect(m4TeamLeadersQualified(leader, '2021-05-31', targets, qualifying)).toMatchObject({ numerator: 0, denominator: 1 });
    expect(m4TeamLeadersQualified(leader, '2021-06-01', targets, qualifying)).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('does not count a non-qualifying level, whatever its day', () => {
    const lower = facts({ ...leader, workers: [{ workerId: 'a', educations: [{ level: 'senior_high', since: '2019-01-01' }] }] });
    expect(m4TeamLeadersQualified(lower, T, targets, qualifying)).toMatchObject({ numerator: 0, denominator: 1 });
  });
});

describe('M5 certificate holders in the named sectors', () => {
  it('counts active workers of hazardous-chemicals, smelting and underground-mine enterprises holding a qualification', () => {
    const employment = (workerId: string, sector: 'hazardous_chemicals' | 'fireworks' | 'non_coal_mining', subsector?: string) => ({ workerId, enterpriseId: 'e1', startsOn: '2020-01-01', endsOn: null, sector, ...(subsector ? { subsector } : {}) });
    const result = m5CertificateHolders(facts({
      employments: [employment('a', 'hazardous_chemicals'), employment('b', 'non_coal_mining', 'underground_metal_nonmetal_mine'), employment('c', 'fireworks'), employment('d', 'non_coal_mining', 'open_pit'), employment('e', 'hazardous_chemicals')],
      certificates: [{ workerId: 'a', type: 'vocational_qualification', validFrom: '2020-01-01', validThrough: null }, { workerId: 'c', type: 'skill_level', validFrom: '2020-01-01', validThrough: null }],
    }), T, targets);
    expect(result).toMatchObject({ numerator: 1, denominator: 3, target: 0.3, met: true });
  });
});

describe('M7 apprenticeship', () => {
  it('counts new hires on hazardous-process, gas or underground posts enrolled as apprentices, with no number to meet', () => {
    const result = m7Apprenticeship(facts({
      posts: [
        post('a', { specialOperationCode: '9.4', apprenticeship: true }),
        post('b', { specialOperationCode: '8.1' }),
        post('c', { subsector: 'underground_metal_nonmetal_mine', riskPost: 'underground_mining', apprenticeship: true }),
        post('d', { specialOperationCode: '9.16', apprenticeship: true }),
        post('e', { specialOperationCode: '9.4', hireType: 'on_post' }),
        post('f', { riskPost: 'smelting_gas' }),
        post('g', { riskPost: 'hazardous_process_device', apprenticeship: true }),
      ],
    }), T, targets);
    expect(result).toEqual({ numerator: 3, denominator: 5, ratio: 3 / 5, target: null, met: null });
  });

  it('leaves out new hires of an underground-mine enterprise on posts other than the named ones', () => {
    const result = m7Apprenticeship(facts({
      posts: [post('a', { subsector: 'underground_metal_nonmetal_mine' }), post('b', { subsector: 'underground_metal_nonmetal_mine', riskPost: 'underground_mining' })],
    }), T, targets);
    expect(result).toMatchObject({ numerator: 0, denominator: 1 });
    expect(complianceShortfalls(facts({ posts: [post('a', { subsector: 'underground_metal_nonmetal_mine' }), post('b', { riskPost: 'underground_mining' })] }), T, targets, qualifying).M7).toEqual([{ workerId: 'b', postId: 'p-b' }]);
  });
});

describe('all metrics together', () => {
  it('computes M1 to M7 for a group', () => {
    const metrics = computeComplianceMetrics(facts({ posts: [post('a')] }), T, targets, qualifying);
    expect(Object.keys(metrics)).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7']);
    expect(metrics.M1).toMatchObject({ numerator: 0, denominator: 1 });
  });
});

describe('the workers behind each shortfall', () => {
  it('lists exactly the denominator minus the numerator, per metric, with the post for M2', () => {
    const input = facts({
      posts: [
        post('a', { specialOperationCode: '1.2', teamLeader: true }),
        post('b', { keyPosition: true }),
        post('c', { teamLeader: true }),
      ],
      exams: [passed('a', '2020-05-01'), passed('c', '2020-05-01'), passed('c', '2020-09-01', 'team_leader')],
      certificates: [{ workerId: 'a', type: 'special_operation', specialOperationCode: '1.2', validFrom: '2020-01-15', validThrough: '2021-05-31' }],
    });
    const shortfalls = complianceShortfalls(input, T, targets, qualifying);
    const metrics = computeComplianceMetrics(input, T, targets, qualifying);
    expect(shortfalls.M1).toEqual([{ workerId: 'b' }]);
    // a's certificate lapsed the day before T, with no event.
    expect(shortfalls.M2).toEqual([{ workerId: 'a', postId: 'p-a' }]);
    expect(shortfalls.M3).toEqual([{ workerId: 'a' }]);
    expect(shortfalls.M6).toEqual([{ workerId: 'b' }]);
    for (const id of ['M1', 'M2', 'M3', 'M6'] as const) {
      expect(shortfalls[id]).toHaveLength(metrics[id].denominator - metrics[id].numerator);
    }
  });
});
