import {
  CERTIFICATE_EVENT_TYPES,
  complianceGroupKey,
  isOneOf,
  postFact,
  validityInterval,
  workerComplianceSteps,
  type CertificateEvent,
  type ComplianceFacts,
  type ComplianceSteps,
  type EnterpriseRegistered,
  type MetricReference,
  type TraineeCompleted,
  type TrainingClassOpened,
  type WorkerEvent,
  WORKER_EVENT_TYPES,
  certificateStateKnownAt,
} from '#libs/domain';
import type { DocumentRef, Projection, ProjectionDocuments, ProjectionOp } from '../engine/projection.js';
import type { Recorded } from '../read-models/domain-event.js';
import type { ComplianceCertificateDocument, ComplianceEnterprise, ComplianceGroupDocument, ComplianceWorkerDocument } from './compliance-documents.js';

/** A failed exam never counts; an erased person's facts still do (erasure removes personal data only). */
const NOT_WORKER_FACTS = ['ExamFailed', 'PersonErased', 'PersonRenamed'] as const;
type WorkerFactEvent = Exclude<WorkerEvent, { type: (typeof NOT_WORKER_FACTS)[number] }>;
const WORKER_FACT_TYPES = WORKER_EVENT_TYPES.filter((type): type is WorkerFactEvent['type'] => !isOneOf(NOT_WORKER_FACTS, type));
export type ComplianceProjectionEvent = Recorded<EnterpriseRegistered | WorkerFactEvent | TrainingClassOpened | TraineeCompleted | CertificateEvent>;

/** The class kinds a metric counts completions of (M3, M6). */
const COUNTED_TRAININGS = new Set(['team_leader', 'skill_upgrade']);

const emptyWorker = (): ComplianceWorkerDocument => ({
  educationLevel: null, enterprises: {}, employments: [], posts: [], exams: [], trainings: [], certificates: [], contributions: [],
});

const enterpriseRef = (enterpriseId: string): DocumentRef => ({ collection: 'groups', id: complianceGroupKey.enterprise(enterpriseId) });
const workerRef = (workerId: string): DocumentRef => ({ collection: 'workers', id: workerId });

/** The worker's facts in the shape the metrics take, each post with its employment's hire type and its enterprise's subsector. */
export function complianceFactsOf(workerId: string, doc: ComplianceWorkerDocument): ComplianceFacts {
  const hireType = new Map(doc.employments.map((e) => [e.employmentId, e.hireType]));
  const subsector = (enterpriseId: string) => doc.enterprises[enterpriseId]?.subsector;
  return {
    posts: doc.posts.map((p) => postFact({ ...p, workerId }, hireType.get(p.employmentId), subsector(p.enterpriseId))),
    // An enterprise not registered (yet) is in no group, as the enterprises read model does not list it.
    employments: doc.employments.flatMap((e) => {
      const enterprise = doc.enterprises[e.enterpriseId];
      if (!enterprise) return [];
      return [{ workerId, enterpriseId: e.enterpriseId, startsOn: e.startsOn, endsOn: e.endsOn, sector: enterprise.sector, ...(enterprise.subsector ? { subsector: enterprise.subsector } : {}) }];
    }),
    exams: doc.exams.map((x) => ({ workerId, kind: x.kind, passed: true, examinedOn: x.examinedOn })),
    trainings: doc.trainings.map((t) => ({ workerId, kind: t.kind, completedOn: t.completedOn })),
    certificates: doc.certificates.map((c) => ({
      workerId, type: c.type, ...(c.specialOperationCode != null ? { specialOperationCode: c.specialOperationCode } : {}), validFrom: c.validFrom, validThrough: c.validThrough,
    })),
    workers: [{ workerId, ...(doc.educationLevel ? { educationLevel: doc.educationLevel } : {}), ...(doc.educations?.length ? { educations: doc.educations } : {}) }],
  };
}

/** The worker's steps per group, groups with the same steps (the same enterprises) together. */
function contributionsOf(workerId: string, doc: ComplianceWorkerDocument, reference: MetricReference): ComplianceWorkerDocument['contributions'] {
  const byGroup = workerComplianceSteps(complianceFactsOf(workerId, doc), (id) => doc.enterprises[id], reference);
  const groupsBySteps = new Map<ComplianceSteps, string[]>();
  for (const [group, steps] of byGroup) groupsBySteps.set(steps, [...(groupsBySteps.get(steps) ?? []), group]);
  return [...groupsBySteps].map(([steps, groups]) => ({ groups, steps }));
}

/** Bucket of a group's changes in one year, and the counter's field in it. */
const bucketId = (group: string, year: string) => `${group}@${year}`;
const dayField = (day: string) => `d${day.slice(5, 7)}${day.slice(8, 10)}`;

/** Each counter's change between two sets of steps, by day; nothing for what did not change. */
function stepsDifference(before: ComplianceSteps | undefined, after: ComplianceSteps | undefined): Array<[string, string, number]> {
  const changes: Array<[string, string, number]> = [];
  for (const day of new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])) {
    const was = before?.[day];
    const is = after?.[day];
    for (const counter of new Set([...Object.keys(was ?? {}), ...Object.keys(is ?? {})])) {
      const change = (is?.[counter] ?? 0) - (was?.[counter] ?? 0);
      if (change !== 0) changes.push([day, counter, change]);
    }
  }
  return changes;
}

/**
 * The differences between two sets of contributions, as increments of the buckets: each change of
 * a counter on a day goes to the bucket of the group and the day's year. Groups that share their
 * steps before and after (the groups of one enterprise, mostly) are compared once.
 */
export function bucketIncrements(before: ComplianceWorkerDocument['contributions'], after: ComplianceWorkerDocument['contributions']): ProjectionOp[] {
  const stepsOf = (contributions: ComplianceWorkerDocument['contributions']) => new Map(contributions.flatMap(({ groups, steps }) => groups.map((group) => [group, steps] as const)));
  const [was, is] = [stepsOf(before), stepsOf(after)];
  const differences = new Map<ComplianceSteps | undefined, Map<ComplianceSteps | undefined, Array<[string, string, number]>>>();
  const buckets = new Map<string, { group: string; year: number; inc: Record<string, number> }>();
  for (const group of new Set([...was.keys(), ...is.keys()])) {
    const [from, to] = [was.get(group), is.get(group)];
    if (from === to) continue;
    const byTo = differences.get(from) ?? differences.set(from, new Map()).get(from)!;
    const changes = byTo.get(to) ?? byTo.set(to, stepsDifference(from, to)).get(to)!;
    for (const [day, counter, change] of changes) {
      const id = bucketId(group, day.slice(0, 4));
      const bucket = buckets.get(id) ?? buckets.set(id, { group, year: Number(day.slice(0, 4)), inc: {} }).get(id)!;
      bucket.inc[`${dayField(day)}.${counter}`] = change;
    }
  }
  return [...buckets].map(([id, { group, year, inc }]): ProjectionOp => ({ type: 'increment', collection: 'buckets', id, inc, set: { group, year } }));
}

/**
 * `compliance`: the M1–M7 counters of every group by day, kept by increments, so that a query as of
 * T sums at most a document per group and year (docs/decisions/0008-increments-without-transactions.md).
 * Each worker's document holds the worker's facts and contributions; a change of the worker writes
 * the difference. The counters follow the reference data's targets and education requirements:
 * a change of those needs a new version of this projection. The reference data is given by the
 * process that runs it (loaded once at start), never read by the projection itself.
 */
export function complianceProjection(reference: MetricReference): Projection<ComplianceProjectionEvent> {
  /** The worker's new facts and the buckets' difference, unless the stored worker has the event already. */
  const changeWorker = (documents: ProjectionDocuments, workerId: string, change: (doc: ComplianceWorkerDocument) => ComplianceWorkerDocument): ProjectionOp[] => {
    // Its increments were written before it (0008): nothing more to add.
    if (documents.hasEvent('workers', workerId)) return [];
    const { id: _id, ...before } = documents.get<ComplianceWorkerDocument>('workers', workerId) ?? { ...emptyWorker(), id: workerId };
    const changed = change(before);
    const after = { ...changed, contributions: contributionsOf(workerId, changed, reference) };
    return [{ type: 'upsert', collection: 'workers', id: workerId, doc: after }, ...bucketIncrements(before.contributions, after.contributions)];
  };
  const enterpriseOf = (documents: ProjectionDocuments, enterpriseId: string): ComplianceEnterprise | null => {
    const group = documents.get<ComplianceGroupDocument>('groups', complianceGroupKey.enterprise(enterpriseId));
    return group ? { countyCode: group.countyCode!, sector: group.sector!, subsector: group.subsector ?? null } : null;
  };
  const withEnterprise = (doc: ComplianceWorkerDocument, enterpriseId: string, enterprise: ComplianceEnterprise | null): ComplianceWorkerDocument['enterprises'] =>
    enterprise ? { ...doc.enterprises, [enterpriseId]: enterprise } : doc.enterprises;

  return {
    name: 'compliance',
    // Version 4 counts a recorded education (EducationRecorded) for M4 from its day.
    version: 4,
    collections: ['workers', 'certificates', 'classes', 'groups', 'buckets'],
    indexes: { groups: [['level', 'countyCode'], ['level', 'sector']], buckets: [['group', 'year']] },
    eventTypes: ['EnterpriseRegistered', ...WORKER_FACT_TYPES, 'TrainingClassOpened', 'TraineeCompleted', ...CERTIFICATE_EVENT_TYPES],
    reads: (event, loaded) => {
      switch (event.type) {
        case 'EnterpriseRegistered':
        case 'TrainingClassOpened':
          return [];
        case 'WorkerEnrolled':
        case 'PostAssigned':
          return [workerRef(event.data.personId), enterpriseRef(event.data.enterpriseId)];
        case 'EmploymentEnded':
        case 'PostEnded':
        case 'ExamPassed':
        case 'EducationRecorded':
          return [workerRef(event.data.personId)];
        case 'TraineeCompleted':
          return [workerRef(event.data.workerId), { collection: 'classes', id: event.data.classId }];
        case 'CertificateIssued':
          return [{ collection: 'certificates', id: event.data.certificateId }, workerRef(event.data.personId)];
        default: {
          // Only the certificate is named: its document names the worker (loaded in a later round).
          const certificate = loaded.get<ComplianceCertificateDocument>('certificates', event.data.certificateId);
          return [{ collection: 'certificates', id: event.data.certificateId }, ...(certificate?.workerId ? [workerRef(certificate.workerId)] : [])];
        }
      }
    },
    apply: (event, documents) => {
      switch (event.type) {
        case 'EnterpriseRegistered': {
          const { enterpriseId, countyCode, sector, subsector } = event.data;
          const group = (id: string, doc: ComplianceGroupDocument): ProjectionOp => ({ type: 'patch', collection: 'groups', id, set: doc });
          return [
            group(complianceGroupKey.enterprise(enterpriseId), { level: 'enterprise', enterpriseId, countyCode, sector, subsector: subsector ?? null }),
            group(complianceGroupKey.county(countyCode), { level: 'county', countyCode }),
            group(complianceGroupKey.sector(sector), { level: 'sector', sector }),
            group(complianceGroupKey.countySector(countyCode, sector), { level: 'county_sector', countyCode, sector }),
          ];
        }
        case 'TrainingClassOpened':
          return [{ type: 'patch', collection: 'classes', id: event.data.classId, set: { kind: event.data.kind } }];
        case 'WorkerEnrolled': {
          const { personId, employmentId, enterpriseId, hireType, enrolledOn, educationLevel } = event.data;
          const enterprise = enterpriseOf(documents, enterpriseId);
          return changeWorker(documents, personId, (doc) => ({
            ...doc,
            educationLevel: educationLevel ?? doc.educationLevel,
            enterprises: withEnterprise(doc, enterpriseId, enterprise),
            employments: [...doc.employments, { employmentId, enterpriseId, hireType, startsOn: enrolledOn, endsOn: null }],
          }));
        }
        case 'EmploymentEnded':
          return changeWorker(documents, event.data.personId, (doc) => ({
            ...doc,
            employments: doc.employments.map((e) => (e.employmentId === event.data.employmentId ? { ...e, endsOn: event.data.endsOn } : e)),
          }));
        case 'PostAssigned': {
          const { personId, postId, employmentId, enterpriseId, startsOn, specialOperationCode, teamLeader, keyPosition, apprenticeship, riskPost } = event.data;
          const enterprise = enterpriseOf(documents, enterpriseId);
          return changeWorker(documents, personId, (doc) => ({
            ...doc,
            enterprises: withEnterprise(doc, enterpriseId, enterprise),
            posts: [...doc.posts, { postId, employmentId, enterpriseId, startsOn, endsOn: null, specialOperationCode: specialOperationCode ?? null, teamLeader, keyPosition, ...(apprenticeship === true ? { apprenticeship } : {}), ...(riskPost ? { riskPost } : {}) }],
          }));
        }
        case 'PostEnded':
          return changeWorker(documents, event.data.personId, (doc) => ({
            ...doc,
            posts: doc.posts.map((p) => (p.postId === event.data.postId ? { ...p, endsOn: event.data.endsOn } : p)),
          }));
        case 'ExamPassed':
          return changeWorker(documents, event.data.personId, (doc) => ({ ...doc, exams: [...doc.exams, { kind: event.data.kind, examinedOn: event.data.examinedOn }] }));
        case 'EducationRecorded': {
          const { level, since } = event.data;
          return changeWorker(documents, event.data.personId, (doc) => ({ ...doc, educations: [...(doc.educations ?? []), { level, since }] }));
        }
        case 'TraineeCompleted': {
          const kind = documents.get<{ kind: ComplianceWorkerDocument['trainings'][number]['kind'] }>('classes', event.data.classId)?.kind;
          if (kind === undefined || !COUNTED_TRAININGS.has(kind)) return [];
          return changeWorker(documents, event.data.workerId, (doc) => ({ ...doc, trainings: [...doc.trainings, { kind, completedOn: event.data.completedOn }] }));
        }
        default:
          return applyCertificateEvent(event, documents, changeWorker);
      }
    },
  };
}

/**
 * A certificate's facts so far, and its holder's certificates with this one's interval as now
 * known (none while the interval is unknown, as the certificates read model leaves it out).
 */
function applyCertificateEvent(
  event: Recorded<CertificateEvent>,
  documents: ProjectionDocuments,
  changeWorker: (documents: ProjectionDocuments, workerId: string, change: (doc: ComplianceWorkerDocument) => ComplianceWorkerDocument) => ProjectionOp[],
): ProjectionOp[] {
  const id = event.data.certificateId;
  const stored = documents.get<ComplianceCertificateDocument>('certificates', id);
  // On a replay the stored certificate may have this fact already: the worker's interval is derived from the facts through it.
  const facts = stored && documents.hasEvent('certificates', id) ? stored.facts : [...(stored?.facts ?? []), { type: event.type, data: event.data, recordedAt: event.recordedAt }];
  const state = certificateStateKnownAt(facts);
  const workerId = state.issued?.personId ?? null;
  const ops: ProjectionOp[] = [{ type: 'upsert', collection: 'certificates', id, doc: { workerId, facts } satisfies ComplianceCertificateDocument }];
  if (workerId === null) return ops;
  const interval = validityInterval(state);
  const issued = state.issued!;
  return [
    ...ops,
    ...changeWorker(documents, workerId, (doc) => ({
      ...doc,
      certificates: [
        ...doc.certificates.filter((c) => c.certificateId !== id),
        ...(interval ? [{ certificateId: id, type: issued.type, specialOperationCode: issued.specialOperationCode ?? null, ...interval }] : []),
      ],
    })),
  ];
}
