import { addDays } from '#libs/domain';
import type { Random } from '../../../bench/generator/random.js';
import { examBody } from '../../e2e/support/worker-steps.js';
import { newCreditCode, newIdNumber } from '../../e2e/support/fixtures.js';
import type { CommandOutcome, CommandRequest } from './command-client.js';

/** Signs a bearer token for a role and scope (the embedded HS256 secret of the service under test). */
export type TokenFor = (role: string, scope?: { enterprise?: string; provider?: string }) => Promise<string>;

interface Enterprise {
  id: string;
  token: string;
}
interface Worker {
  id: string;
  idNumber: string;
}
interface TrainingClass {
  id: string;
  trainees: string[];
  completed: string[];
}

export interface NextCommand {
  request: CommandRequest;
  /** Learns from a success (the ids the next commands refer to). */
  learn(answer: Record<string, unknown>): void | Promise<void>;
}

const COUNTY = '430903';
const noop = (): void => undefined;

/**
 * One official's stream of commands, a realistic mix: enterprises registered, workers enrolled (now
 * and then a known person at another enterprise), posts assigned, classes opened, trainees added and
 * completed, exams recorded. Half the commands carry an Idempotency-Key. Each command refers only to
 * what earlier successes created; a command whose outcome was lost simply leaves nothing to refer to.
 */
export class MixedWorkload {
  private readonly enterprises: Enterprise[] = [];
  private provider: Enterprise | null = null;
  private readonly workers: Worker[] = [];
  private readonly classes: TrainingClass[] = [];
  private sequence = 0;

  constructor(
    private readonly name: string,
    private readonly random: Random,
    private readonly tokenFor: TokenFor,
  ) {}

  async next(): Promise<NextCommand> {
    const r = this.random;
    const key = r.chance(0.5) ? `${this.name}.k${++this.sequence}` : undefined;
    if (this.enterprises.length === 0 || r.chance(0.03)) return this.registerEnterprise(key);
    if (!this.provider) return this.registerProvider(key);
    const enterprise = r.pick(this.enterprises);
    const ready = this.classes.filter((c) => c.trainees.length > c.completed.length);
    const examinable = this.classes.filter((c) => c.completed.length > 0);
    const roll = r.next();
    if (this.workers.length < 3 || roll < 0.3) return this.enrollWorker(enterprise, key);
    if (roll < 0.45) return this.assignPost(enterprise, r.pick(this.workers), key);
    if (this.classes.length === 0 || roll < 0.52) return this.openClass(key);
    if (roll < 0.7) return this.addTrainee(r.pick(this.classes), r.pick(this.workers), key);
    if (ready.length > 0 && roll < 0.85) return this.completeTraining(r.pick(ready), key);
    if (examinable.length > 0) return this.recordExam(r.pick(examinable), key);
    return this.enrollWorker(enterprise, key);
  }

  private async registerEnterprise(key?: string): Promise<NextCommand> {
    const body = { name: '益阳某化工有限公司', creditCode: newCreditCode(COUNTY), sector: 'hazardous_chemicals', countyCode: COUNTY };
    return {
      request: { path: '/enterprises', body, token: await this.tokenFor('city_admin'), idempotencyKey: key },
      learn: async (answer) => {
        const id = String(answer['id']);
        this.enterprises.push({ id, token: await this.tokenFor('enterprise_admin', { enterprise: id }) });
      },
    };
  }

  private async registerProvider(key?: string): Promise<NextCommand> {
    const body = { name: '益阳某安全培训中心', kind: 'institution', countyCode: COUNTY };
    return {
      request: { path: '/training-providers', body, token: await this.tokenFor('city_admin'), idempotencyKey: key },
      learn: async (answer) => {
        const id = String(answer['id']);
        this.provider = { id, token: await this.tokenFor('training_provider', { provider: id }) };
      },
    };
  }

  private async enrollWorker(enterprise: Enterprise, key?: string): Promise<NextCommand> {
    // Now and then a person already known elsewhere: the same lifelong account, a second employment.
    const known = this.workers.length > 0 && this.random.chance(0.1) ? this.random.pick(this.workers) : null;
    const idNumber = known?.idNumber ?? newIdNumber(addDays('1965-01-01', this.random.int(0, 12_000)));
    const body = { enterpriseId: enterprise.id, name: '张三', idNumber, employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2020-06-01', educationLevel: 'senior_high' };
    return {
      request: { path: '/workers', body, token: enterprise.token, idempotencyKey: key },
      learn: (answer) => {
        if (!known) this.workers.push({ id: String(answer['id']), idNumber });
      },
    };
  }

  private async assignPost(enterprise: Enterprise, worker: Worker, key?: string): Promise<NextCommand> {
    const body = { enterpriseId: enterprise.id, title: '氯化工艺操作工', startsOn: addDays('2020-07-01', this.random.int(0, 300)) };
    return { request: { path: `/workers/${worker.id}/posts`, body, token: enterprise.token, idempotencyKey: key }, learn: noop };
  }

  private async openClass(key?: string): Promise<NextCommand> {
    const body = {
      countyCode: COUNTY,
      kind: 'pre_post',
      title: '2020年第一期安全培训班',
      content: '安全生产法律法规, 岗位安全操作规程, 应急处置',
      theoryHours: 48,
      practicalHours: 24,
      startsOn: '2020-06-01',
      endsOn: '2020-06-20',
    };
    return {
      request: { path: '/training-classes', body, token: this.provider!.token, idempotencyKey: key },
      learn: (answer) => void this.classes.push({ id: String(answer['id']), trainees: [], completed: [] }),
    };
  }

  /** A provider takes its trainees from the roster: ID number and name, matched to the account. */
  private async addTrainee(trainingClass: TrainingClass, worker: Worker, key?: string): Promise<NextCommand> {
    return {
      request: { path: `/training-classes/${trainingClass.id}/trainees`, body: { idNumber: worker.idNumber, name: '张三' }, token: this.provider!.token, idempotencyKey: key },
      learn: () => void (trainingClass.trainees.includes(worker.id) || trainingClass.trainees.push(worker.id)),
    };
  }

  private async completeTraining(trainingClass: TrainingClass, key?: string): Promise<NextCommand> {
    const workerId = this.random.pick(trainingClass.trainees.filter((id) => !trainingClass.completed.includes(id)));
    const body = { workerId, hoursAttended: 72, completedOn: '2020-06-20' };
    return {
      request: { path: `/training-classes/${trainingClass.id}/completions`, body, token: this.provider!.token, idempotencyKey: key },
      learn: () => void (trainingClass.completed.includes(workerId) || trainingClass.completed.push(workerId)),
    };
  }

  private async recordExam(trainingClass: TrainingClass, key?: string): Promise<NextCommand> {
    const workerId = this.random.pick(trainingClass.completed);
    const body = examBody({ classId: trainingClass.id, theoryScore: this.random.int(50, 100), examinedOn: addDays('2020-06-21', this.random.int(0, 30)) });
    return { request: { path: `/workers/${workerId}/exams`, body, token: this.provider!.token, idempotencyKey: key }, learn: noop };
  }
}

/** Runs one command of the workload and feeds a success back into it. */
export async function runOne(workload: MixedWorkload, send: (request: CommandRequest) => Promise<CommandOutcome>): Promise<CommandOutcome> {
  const command = await workload.next();
  const outcome = await send(command.request);
  if (typeof outcome.status === 'number' && outcome.status < 300 && outcome.body) await command.learn(outcome.body);
  return outcome;
}
