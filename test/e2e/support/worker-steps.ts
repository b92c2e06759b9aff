import { decodeJwt } from 'jose';
import { accept, addYears, type CertificateEvent, type CertificateIssued, type SealedPersonalData } from '#libs/domain';
import type { EventStore, RecordedEvent } from '#libs/event-store';
import { EventWriter, newResourceId } from '../../../apps/api/src/commands/event-writer.js';
import type { CommandContext } from '../../../apps/api/src/http/command-context.js';
import { EVENT_STORE } from '../../../apps/api/src/infrastructure/stores.module.js';
import { PersonalDataVault } from '../../../apps/api/src/personal-data/personal-data-vault.js';
import { certificateAggregate, linkCertificate } from '../../../apps/api/src/workers/person-certificates.js';
import { newCreditCode, newIdNumber } from './fixtures.js';
import type { TestApp } from './test-app.js';

/**
 * Story steps over HTTP for end-to-end tests: register an enterprise and a provider, enrol a worker,
 * open a class, add and complete a trainee, record an exam. Each step fails loudly when the answer is
 * not the expected success, so a broken setup is not mistaken for the behaviour under test.
 */

/** Special operations default to code 9.1 (chlorination, 氯化工艺), for which senior high school is required. */
const defaultCode = (kind: string, code?: string): string | undefined => code ?? (kind === 'special_operation' ? '9.1' : undefined);

export interface Party {
  id: string;
  /** A bearer token scoped to this enterprise or provider. */
  token: string;
  countyCode: string;
}

async function post(t: TestApp, token: string, path: string, body: object, expected: number): Promise<Record<string, unknown>> {
  const response = await t.http.post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body);
  if (response.status !== expected) {
    throw new Error(`POST ${path} answered ${response.status}, expected ${expected}: ${JSON.stringify(response.body)}`);
  }
  return response.body as Record<string, unknown>;
}

export async function registerEnterprise(t: TestApp, over: { countyCode?: string; sector?: string; name?: string } = {}): Promise<Party> {
  const countyCode = over.countyCode ?? '430903';
  const admin = await t.token('city_admin');
  const body = { name: over.name ?? '益阳某化工有限公司', creditCode: newCreditCode(countyCode), sector: over.sector ?? 'hazardous_chemicals', countyCode };
  const { id } = (await post(t, admin, '/enterprises', body, 201)) as { id: string };
  return { id, countyCode, token: await t.token('enterprise_admin', { enterprise: id }) };
}

export async function registerProvider(t: TestApp, over: { countyCode?: string; kind?: string } = {}): Promise<Party> {
  const countyCode = over.countyCode ?? '430903';
  const admin = await t.token('city_admin');
  const body = { name: '益阳某安全培训中心', kind: over.kind ?? 'institution', countyCode };
  const { id } = (await post(t, admin, '/training-providers', body, 201)) as { id: string };
  return { id, countyCode, token: await t.token('training_provider', { provider: id }) };
}

export interface EnrolledWorker {
  workerId: string;
  idNumber: string;
  employmentId: string;
}

export async function enrollWorker(
  t: TestApp,
  enterprise: Party,
  over: { birthDate?: string; idNumber?: string; enrolledOn?: string; educationLevel?: string; hireType?: string; name?: string } = {},
): Promise<EnrolledWorker> {
  const idNumber = over.idNumber ?? newIdNumber(over.birthDate ?? '1990-05-17');
  const body = {
    enterpriseId: enterprise.id,
    name: over.name ?? '张三',
    idNumber,
    employmentType: 'employee',
    hireType: over.hireType ?? 'new_hire',
    enrolledOn: over.enrolledOn ?? '2020-06-01',
    educationLevel: over.educationLevel ?? 'senior_high',
  };
  const response = await t.http.post('/api/v1/workers').set('Authorization', `Bearer ${enterprise.token}`).send(body);
  if (response.status !== 201 && response.status !== 200) throw new Error(`POST /workers answered ${response.status}: ${JSON.stringify(response.body)}`);
  return { workerId: response.body.id, idNumber, employmentId: response.body.employmentId };
}

export interface ClassOptions {
  kind?: string;
  specialOperationCode?: string;
  countyCode?: string;
  startsOn?: string;
  endsOn?: string;
  theoryHours?: number;
  practicalHours?: number;
}

/** Opens a class owned by the party (provider or enterprise, from the token's role). */
export async function openClass(t: TestApp, owner: Party, over: ClassOptions = {}): Promise<string> {
  const kind = over.kind ?? 'pre_post';
  const specialOperationCode = defaultCode(kind, over.specialOperationCode);
  const body = {
    countyCode: over.countyCode ?? '430903',
    kind,
    ...(specialOperationCode ? { specialOperationCode } : {}),
    title: '2020年第一期安全培训班',
    content: '安全生产法律法规, 岗位安全操作规程, 应急处置',
    theoryHours: over.theoryHours ?? 48,
    practicalHours: over.practicalHours ?? 24,
    startsOn: over.startsOn ?? '2020-06-01',
    endsOn: over.endsOn ?? '2020-06-20',
  };
  return ((await post(t, owner.token, '/training-classes', body, 201)) as { id: string }).id;
}

/**
 * Adds a trainee as the class's owner would: an enterprise by workerId; a provider from its roster (ID
 * number and name, read here from the person's account) the first time, by workerId after that.
 */
export async function addTrainee(t: TestApp, owner: Party, classId: string, workerId: string): Promise<void> {
  const asProvider = decodeJwt(owner.token).role === 'training_provider';
  const body = asProvider ? await rosterEntry(t, workerId) : { workerId };
  await post(t, owner.token, `/training-classes/${classId}/trainees`, body, 200);
}

/** The ID number and name of a person, as a provider's roster lists them (opened from the log with the vault). */
export async function rosterEntry(t: TestApp, workerId: string): Promise<{ idNumber: string; name: string }> {
  const enrolled = (await streamEvents(t, `worker-${workerId}`)).find((event) => event.type === 'WorkerEnrolled');
  const personal = enrolled ? await t.app.get(PersonalDataVault).open((enrolled.data as { personal: SealedPersonalData }).personal) : null;
  if (!personal) throw new Error(`worker ${workerId} has no readable account`);
  return { idNumber: personal.idNumber, name: personal.name };
}

/** Records the completion; answers the position of its event. */
export async function completeTraining(t: TestApp, owner: Party, classId: string, workerId: string, over: { hoursAttended?: number; completedOn?: string } = {}): Promise<string> {
  const body = await post(t, owner.token, `/training-classes/${classId}/completions`, { workerId, hoursAttended: over.hoursAttended ?? 72, completedOn: over.completedOn ?? '2020-06-20' }, 200);
  return String(body['position']);
}

export interface ExamOptions {
  kind?: string;
  classId?: string;
  specialOperationCode?: string;
  theoryScore?: number;
  practicalScore?: number;
  keySafetySkillsPassed?: boolean;
  examinedOn?: string;
}

export const examBody = (over: ExamOptions = {}) => {
  const kind = over.kind ?? 'pre_post';
  const specialOperationCode = defaultCode(kind, over.specialOperationCode);
  return {
    kind,
    ...(over.classId ? { classId: over.classId } : {}),
    ...(specialOperationCode ? { specialOperationCode } : {}),
    theoryScore: over.theoryScore ?? 90,
    ...(over.practicalScore !== undefined || kind === 'special_operation' ? { practicalScore: over.practicalScore ?? 90 } : {}),
    keySafetySkillsPassed: over.keySafetySkillsPassed ?? true,
    examinedOn: over.examinedOn ?? '2020-06-25',
  };
};

/** Records an exam (passing scores unless told otherwise) and returns the answer: `{ id, examId, passed, ... }`. */
export async function recordExam(t: TestApp, token: string, workerId: string, over: ExamOptions = {}): Promise<{ examId: string; passed: boolean; revision: number }> {
  return (await post(t, token, `/workers/${workerId}/exams`, examBody(over), 200)) as { examId: string; passed: boolean; revision: number };
}

/**
 * The common story: a provider trains and examines a worker of an enterprise in one class and the worker
 * passes. Special operations take code 9.1 (chlorination, 氯化工艺) unless told otherwise.
 */
export async function trainedWorker(
  t: TestApp,
  over: { kind?: string; specialOperationCode?: string; enterprise?: Party; provider?: Party; birthDate?: string } = {},
): Promise<{ enterprise: Party; provider: Party; worker: EnrolledWorker; classId: string; examId: string }> {
  const enterprise = over.enterprise ?? (await registerEnterprise(t));
  const provider = over.provider ?? (await registerProvider(t));
  const worker = await enrollWorker(t, enterprise, { birthDate: over.birthDate });
  const kind = over.kind ?? 'pre_post';
  const specialOperationCode = defaultCode(kind, over.specialOperationCode);
  const classId = await openClass(t, provider, { kind, specialOperationCode });
  await addTrainee(t, provider, classId, worker.workerId);
  await completeTraining(t, provider, classId, worker.workerId);
  const { examId } = await recordExam(t, provider.token, worker.workerId, { kind, classId, specialOperationCode });
  return { enterprise, provider, worker, classId, examId };
}

/** The events of one stream as the store holds them (e.g. to show that a refused command appended nothing). */
export async function streamEvents(t: TestApp, streamId: string): Promise<RecordedEvent[]> {
  const store = t.app.get<EventStore>(EVENT_STORE);
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(streamId)) events.push(event);
  return events;
}

/** The whole log as text, to show that some personal data never reached it in clear. */
export async function wholeLogText(t: TestApp): Promise<string> {
  const store = t.app.get<EventStore>(EVENT_STORE);
  const parts: string[] = [];
  for await (const event of store.readAll()) parts.push(JSON.stringify({ ...event, position: String(event.position) }));
  return parts.join('\n');
}

/**
 * A special-operation certificate put straight into the log (issue and index link), for tests of
 * commands that read a person's certificates without going through the certificate endpoints.
 */
export async function stageCertificate(
  t: TestApp,
  personId: string,
  over: { specialOperationCode?: string; issuedOn?: string; validUntil?: string; reviewDueOn?: string } = {},
): Promise<string> {
  const writer = t.app.get(EventWriter);
  const context: CommandContext = {
    actor: { sub: 'test-staging', role: 'em_officer', scope: { countyCode: '430903' } },
    correlationId: 'test-staging',
    requestHash: 'test-staging',
  };
  const certificateId = newResourceId(context);
  const issuedOn = over.issuedOn ?? '2020-06-30';
  const data: CertificateIssued['data'] = {
    certificateId,
    personId,
    type: 'special_operation',
    specialOperationCode: over.specialOperationCode ?? '9.1',
    number: `T${certificateId.slice(0, 12)}`,
    issuedOn,
    issuer: '益阳市应急管理局',
    validUntil: over.validUntil ?? addYears(issuedOn, 6),
    reviewDueOn: over.reviewDueOn ?? addYears(issuedOn, 3),
  };
  await writer.execute({
    type: certificateAggregate,
    id: certificateId,
    context,
    mode: 'create',
    occurredAt: issuedOn,
    decide: () => accept<CertificateEvent>([{ type: 'CertificateIssued', data }]),
    alongside: async () => [await linkCertificate(writer, personId, { certificateId, type: 'special_operation', specialOperationCode: data.specialOperationCode })],
  });
  return certificateId;
}
