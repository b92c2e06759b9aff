import { CERTIFICATE_STATUSES, CLAIMANT_KINDS, FINDING_STATUSES, MANAGEMENT_ROLES, METRIC_STATUSES, ORDER_STATUSES } from '#libs/domain';
import type { SchemaObject } from './schema-object.js';

/**
 * The answer of each query, as its controller sends it. Objects name every field they can carry (the
 * contract test refuses any other); a key ending in `?` is optional. Event data and a claim's state
 * after each step are open objects: their fields are the event's, listed in DOMAIN.md.
 */

type Fields = Record<string, SchemaObject>;

const str: SchemaObject = { type: 'string' };
const day: SchemaObject = { type: 'string', format: 'date', description: 'YYYY-MM-DD' };
const instant: SchemaObject = { type: 'string', format: 'date-time' };
const occurredAt: SchemaObject = { type: 'string', description: 'When it happened: the day of the fact (YYYY-MM-DD), or an instant' };
const position: SchemaObject = { type: 'string', pattern: '^[0-9]+$', description: 'A global event position, as a decimal string' };
const int: SchemaObject = { type: 'integer' };
const num: SchemaObject = { type: 'number' };
const bool: SchemaObject = { type: 'boolean' };
const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });
const arrayOf = (items: SchemaObject): SchemaObject => ({ type: 'array', items });
const enumOf = (...values: readonly string[]): SchemaObject => ({ type: 'string', enum: [...values] });
const free = (description: string): SchemaObject => ({ type: 'object', additionalProperties: true, description });

/** An object with exactly these fields; `name?` marks an optional one. */
function object(fields: Fields, description?: string): SchemaObject {
  const properties: Fields = {};
  const required: string[] = [];
  for (const [key, schema] of Object.entries(fields)) {
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    properties[name] = schema;
    if (!optional) required.push(name);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false, ...(description ? { description } : {}) };
}

const actor = object({ sub: str, role: str });
const actorWithScope = object({ sub: str, role: str, 'scope?': object({ 'countyCode?': str, 'enterpriseId?': str, 'providerId?': str }) });
const claimant = object({ kind: enumOf(...CLAIMANT_KINDS), id: str });
const claimedTrainee = object({
  workerId: str,
  enterpriseId: str,
  certificateId: str,
  certificateType: str,
  subsidyCode: str,
  subsidyYear: int,
  laborContract: object({ fileName: str, sha256: str }),
  amount: num,
});
const claimStep = object({ type: str, on: day, actor, recordedAt: instant, position, detail: free("The step's own fields (amount, stampRef, reason, …)") });
const subsidyClaim = object({
  id: str,
  claimId: str,
  classId: str,
  claimant,
  countyCode: str,
  submittedOn: day,
  status: str,
  trainees: arrayOf(claimedTrainee),
  claimedTotal: num,
  approvedAmount: nullable(num),
  paidAmount: nullable(num),
  steps: arrayOf(claimStep),
  recordedAt: instant,
});

const metric = object({
  numerator: int,
  denominator: int,
  ratio: nullable(num),
  target: nullable(num),
  met: nullable(bool),
  status: enumOf(...METRIC_STATUSES),
  due: nullable(day),
  'baseline?': object({ asOf: day, numerator: int, denominator: int, ratio: nullable(num) }),
  'increaseMode?': enumOf('percentage_points', 'relative'),
  'increase?': nullable(num),
});
const METRICS = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7'] as const;
const metrics = object(Object.fromEntries(METRICS.map((m) => [m, metric])), 'M1–M7 as DOMAIN.md defines them');
/** One worker (and for M2 and M7 one post) behind a shortfall; `name` or `erased` only for roles that see identities. */
const subject = object({ workerId: str, 'postId?': str, 'postTitle?': str, 'specialOperationCode?': str, 'name?': str, 'erased?': { type: 'boolean', enum: [true] } });

const evidence = object({ relation: str, streamId: str, revision: int, position, type: str, occurredAt, recordedAt: instant, actor: actorWithScope, hash: str });
const integrity = object({ algorithm: str, verified: bool, 'headHash?': nullable(str) });

const finding = object({
  findingId: str,
  kind: str,
  'workerId?': str,
  'postId?': str,
  'detail?': str,
  status: enumOf(...FINDING_STATUSES),
  statusOn: nullable(day),
  statusRecordedAt: nullable(instant),
});
const rectificationOrder = object({
  id: str,
  orderId: str,
  inspectionId: str,
  enterpriseId: str,
  'enterpriseName?': nullable(str),
  'countyCode?': nullable(str),
  orderedOn: day,
  deadline: day,
  fine: nullable(object({ amount: num, band: str })),
  completedOn: nullable(day),
  recordedAt: instant,
  completedRecordedAt: nullable(instant),
  status: enumOf(...ORDER_STATUSES),
});

const nameZh = object({ code: str, nameZh: str });

/** The answers' schemas, registered in the document's components under these names. */
export const QUERY_SCHEMA_COMPONENTS = {
  workerRecord: object({
    id: str,
    erased: bool,
    'name?': str,
    'idNumber?': str,
    'birthDate?': str,
    'phone?': str,
    educationLevel: nullable(str),
    educations: arrayOf(object({ level: str, since: day, recordedAt: instant })),
    employments: arrayOf(object({ employmentId: str, enterpriseId: str, employmentType: str, hireType: str, enrolledOn: day, endedOn: nullable(day), recordedAt: instant, endRecordedAt: nullable(instant) })),
    posts: arrayOf(
      object({
        postId: str,
        employmentId: str,
        enterpriseId: str,
        title: str,
        startsOn: day,
        'specialOperationCode?': str,
        teamLeader: bool,
        keyPosition: bool,
        'role?': enumOf(...MANAGEMENT_ROLES),
        'apprenticeship?': bool,
        trainedBeforePost: bool,
        certifiedAtStart: bool,
        endedOn: nullable(day),
        recordedAt: instant,
        endRecordedAt: nullable(instant),
      }),
    ),
    exams: arrayOf(
      object({
        personId: str,
        examId: str,
        kind: str,
        'classId?': str,
        'specialOperationCode?': str,
        theoryScore: num,
        'practicalScore?': num,
        keySafetySkillsPassed: bool,
        examinedOn: day,
        attempt: int,
        passed: bool,
        recordedAt: instant,
      }),
    ),
    trainings: arrayOf(object({ classId: str, hoursAttended: num, completedOn: day, recordedAt: instant, kind: nullable(str), title: nullable(str) })),
    certificates: arrayOf(
      object({
        id: str,
        type: str,
        specialOperationCode: nullable(str),
        occupation: nullable(str),
        level: nullable(int),
        number: { ...nullable(str), description: 'As the ID number is shown to the caller: in full or masked by role; null once the holder is erased' },
        issuer: str,
        issuedOn: day,
        validUntil: nullable(day),
        reviewDueOn: nullable(day),
        reviews: arrayOf(object({ reviewedOn: day, passed: bool, recordedAt: instant })),
        revokedOn: nullable(day),
        cancelledOn: nullable(day),
        status: str,
      }),
    ),
  }),
  certification: object({
    workerId: str,
    asOf: day,
    knownAt: instant,
    certificates: arrayOf(
      object({
        id: str,
        type: str,
        specialOperationCode: nullable(str),
        status: enumOf(...CERTIFICATE_STATUSES),
        validFrom: nullable(day),
        validUntil: nullable(day),
        reviewDueOn: nullable(day),
      }),
    ),
    posts: arrayOf(
      object({ postId: str, enterpriseId: str, title: str, startsOn: day, endsOn: nullable(day), specialOperationCode: nullable(str), certified: bool, trained: bool, compliant: bool }),
    ),
  }),
  compliance: object({
    asOf: day,
    groupBy: enumOf('city', 'county', 'sector', 'enterprise'),
    groups: arrayOf(object({ key: str, metrics })),
  }),
  enterpriseCompliance: object({
    enterpriseId: str,
    name: str,
    countyCode: str,
    sector: str,
    'subsector?': nullable(str),
    asOf: day,
    knownAt: nullable(instant),
    metrics,
    shortfalls: object(Object.fromEntries(METRICS.map((m) => [m, arrayOf(subject)])), 'The workers (and posts) behind each shortfall'),
  }),
  milestones: object({
    asOf: day,
    items: arrayOf(
      object({
        milestone: str,
        phase: str,
        unit: str,
        due: day,
        doneOn: nullable(day),
        status: enumOf('done_on_time', 'done_late', 'overdue', 'pending', 'progress'),
        'progress?': object({
          asOf: day,
          metricsWithTarget: int,
          metricsMet: int,
          metrics: free('Per metric with a number to meet: ratio, target and standing (met, not_yet_met, missed)'),
        }),
      }),
    ),
  }),
  subsidyClaims: object({ items: arrayOf(subsidyClaim), nextCursor: nullable(str) }),
  subsidyClaim,
  claimHistory: object({
    claimId: str,
    countyCode: str,
    events: arrayOf(
      object({
        revision: int,
        position,
        type: str,
        occurredAt,
        recordedAt: instant,
        actor: actorWithScope,
        correlationId: str,
        causationId: str,
        data: free("The event's data"),
        stateAfter: free("The claim's state after the event"),
        prevHash: nullable(str),
        hash: str,
      }),
    ),
    evidence: arrayOf(evidence),
    integrity,
  }),
  claimHistoryExport: object({
    format: str,
    exportedAt: instant,
    claimId: str,
    howToVerify: str,
    integrity,
    events: arrayOf(
      object({
        id: str,
        streamId: str,
        revision: int,
        position,
        type: str,
        recordedAt: instant,
        data: free("The event's data, as stored"),
        metadata: free("The event's metadata, as stored (actor, correlation, hash chain)"),
      }),
    ),
    evidence: arrayOf(evidence),
  }),
  auditTrail: object({
    items: arrayOf(
      object({ eventId: str, streamId: str, revision: int, position, type: str, actorSub: str, actorRole: str, occurredAt, recordedAt: instant, correlationId: str, causationId: str }),
    ),
    nextCursor: nullable(str),
  }),
  trainingClass: object({
    id: str,
    classId: str,
    countyCode: str,
    kind: str,
    specialOperationCode: nullable(str),
    title: str,
    content: str,
    theoryHours: num,
    practicalHours: num,
    startsOn: day,
    endsOn: day,
    providerId: nullable(str),
    enterpriseId: nullable(str),
    recordedAt: instant,
    trainees: arrayOf(object({ workerId: str, recordedAt: instant, completion: nullable(object({ hoursAttended: num, completedOn: day, recordedAt: instant })) })),
  }),
  inspection: object({
    id: str,
    inspectionId: str,
    enterpriseId: str,
    inspectedOn: day,
    checks: arrayOf(str),
    findings: arrayOf(finding),
    closedOn: nullable(day),
    inspector: actor,
    recordedAt: instant,
    closedRecordedAt: nullable(instant),
  }),
  rectificationOrders: object({ asOf: day, countyCode: nullable(str), items: arrayOf(rectificationOrder) }),
  dashboardReference: object({
    asOf: day,
    today: day,
    city: nameZh,
    units: arrayOf(nameZh),
    sectors: arrayOf(nameZh),
    milestones: arrayOf(object({ id: str, phase: str, due: day, unit: str, evidence: str, 'countyCode?': str, 'sector?': str, 'assessment?': str })),
    targets: free('The targets of M1–M7 in force on the day, with their due dates and scope'),
    'reads?': free('The reads the panels make, each with the roles allowed it'),
  }),
  health: object({
    status: enumOf('ok', 'unavailable'),
    'eventStore?': free('The event store: ok, adapter, and what it reports (operators only)'),
    'readStore?': free('The read store: ok, adapter, and what it reports (operators only)'),
    'rateLimit?': object({ store: enumOf('memory', 'redis'), up: bool }),
    'projector?': object({
      mode: enumOf('embedded', 'external'),
      'lag?': arrayOf(
        object({ projection: str, version: int, active: bool, applied: nullable(position), behind: position, caughtUp: bool, failures: int, lastError: nullable(str) }),
      ),
    }),
  }),
  devToken: object({ token: str, role: str, expiresIn: int }),
} satisfies Record<string, SchemaObject>;

const componentName = (key: string): string => `${key[0]!.toUpperCase()}${key.slice(1)}`;

/** Each answer's schema by reference, for the response decorators; `addSharedSchemas` registers them. */
export const QUERY_SCHEMAS = Object.fromEntries(
  Object.keys(QUERY_SCHEMA_COMPONENTS).map((key) => [key, { $ref: `#/components/schemas/${componentName(key)}` }]),
) as Record<keyof typeof QUERY_SCHEMA_COMPONENTS, SchemaObject>;

export const queryComponents = (): Record<string, SchemaObject> =>
  Object.fromEntries(Object.entries(QUERY_SCHEMA_COMPONENTS).map(([key, schema]) => [componentName(key), schema]));
