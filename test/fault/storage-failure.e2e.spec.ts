/**
 * Storage failure: DATA_DIR on a small tmpfs of its own, filled up. Commands
 * answer 503 `store_unavailable` with Retry-After (never 500), write nothing half-way, and once the
 * storage is back the same service takes them again at once and its read models have applied them
 * within the 5 s a read with `X-Min-Position` waits, however long the projector had been failing. Needs root and mount(8); skipped
 * with a message otherwise. A read-only flip cannot be produced under a running service here: the
 * kernel refuses `mount -o remount,ro` (EBUSY) while files are open for writing, as SQLite's are.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Response } from 'supertest';
import { PersonalDataVault } from '../../apps/api/src/personal-data/personal-data-vault.js';
import { newCreditCode, newIdNumber } from '../e2e/support/fixtures.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { registerEnterprise, streamEvents, type Party } from '../e2e/support/worker-steps.js';
import { reportFaultFigures } from './support/fault-results.js';
import { waitFor } from './support/wait-for.js';

const SIZE = '4m';

function tryMount(dir: string): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE}`, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `mount -t tmpfs is not permitted here (${(error as Error).message.split('\n')[0]}); run the suite as root on a machine that allows mounts`;
  }
}

/** Writes zeros until the filesystem is full. */
function fillUp(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(16 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

/** One command of the kinds that write reservations beside their aggregate, and how to tell whether it left anything. */
interface Attempt {
  label: string;
  send(): Promise<Response>;
  /** The streams this command writes atomically, as [stream, how many events it now holds]. */
  written(): Promise<number[]>;
}

describe('storage failure: a full DATA_DIR', () => {
  const mountPoint = mkdtempSync(path.join(os.tmpdir(), 'safety-skills-storage-'));
  const unavailable = process.getuid?.() === 0 ? tryMount(mountPoint) : 'not running as root: mount(8) is needed to make a small filesystem';
  let t: TestApp;
  let enterprise: Party;
  const figures: string[] = [];
  let sequence = 0;

  beforeAll(async () => {
    if (unavailable) return;
    t = await startTestApp({ DATA_DIR: mountPoint, RATE_LIMIT_PER_MINUTE: '10000000' });
    enterprise = await registerEnterprise(t);
  });
  afterAll(async () => {
    if (!unavailable) {
      await t.close();
      execFileSync('umount', [mountPoint]);
    }
    rmSync(mountPoint, { recursive: true, force: true });
    if (figures.length > 0) reportFaultFigures('Storage failure (full DATA_DIR)', 'npm test -- test/fault/storage-failure', figures);
  });

  const registration = (): Attempt => {
    const key = `storage.${++sequence}`;
    const creditCode = newCreditCode();
    return {
      label: 'register enterprise',
      send: async () =>
        t.http
          .post('/api/v1/enterprises')
          .set('Authorization', `Bearer ${await t.token('city_admin')}`)
          .set('Idempotency-Key', key)
          .send({ name: '益阳某化工有限公司', creditCode, sector: 'hazardous_chemicals', countyCode: '430903' }),
      written: async () => [(await streamEvents(t, `enterprise_credit_code-${creditCode}`)).length],
    };
  };
  const enrolment = (): Attempt => {
    const key = `storage.${++sequence}`;
    const idNumber = newIdNumber(`19${70 + (sequence % 30)}-02-1${sequence % 10}`);
    return {
      label: 'enrol worker',
      send: () =>
        t.http
          .post('/api/v1/workers')
          .set('Authorization', `Bearer ${enterprise.token}`)
          .set('Idempotency-Key', key)
          .send({ enterpriseId: enterprise.id, name: '王五', idNumber, employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2020-06-01' }),
      // The enrolments of the person the key store's index gives the ID number (a claim whose append was refused has none).
      written: async () => {
        const vault = t.app.get(PersonalDataVault);
        const personId = await vault.findIdNumber(vault.idNumberHash(idNumber));
        return [personId ? (await streamEvents(t, `worker-${personId}`)).filter((e) => e.type === 'WorkerEnrolled').length : 0];
      },
    };
  };

  /**
   * Sends commands until `want` of them are refused for the storage (a WAL may still have room for a
   * few): every answer is a success or a 503 problem, and a refused one wrote none of its streams.
   */
  async function commandsUntilRefused(want: number): Promise<{ refused: Attempt[]; answers: Record<number, number> }> {
    const refused: Attempt[] = [];
    const answers: Record<number, number> = {};
    for (let i = 0; i < 200 && refused.length < want; i++) {
      const attempt = i % 2 === 0 ? registration() : enrolment();
      const response = await attempt.send();
      answers[response.status] = (answers[response.status] ?? 0) + 1;
      if (response.status === 503) {
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body).toMatchObject({ status: 503, code: 'store_unavailable' });
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
        expect(await attempt.written()).toEqual([0]);
        refused.push(attempt);
      } else {
        expect({ label: attempt.label, status: response.status, body: response.body }).toMatchObject({ status: 201 });
        expect(await attempt.written()).toEqual([1]);
      }
    }
    expect(refused).toHaveLength(want);
    return { refused, answers };
  }

  /**
   * Sends the refused commands again, same keys and bodies: the same service now records each once,
   * and its read models (on the same filesystem) have applied them by the time one read with
   * `X-Min-Position` has waited its 5 s: the projector's back-off never outlasts that (2 s at most).
   */
  async function retried(refused: Attempt[]): Promise<{ commandsMs: number; readModelsMs: number }> {
    const started = performance.now();
    let last = '0';
    for (const attempt of refused) {
      const response = await attempt.send();
      expect({ label: attempt.label, status: response.status, body: response.body }).toMatchObject({ status: 201 });
      expect(await attempt.written()).toEqual([1]);
      last = response.body.position as string;
    }
    const commandsMs = performance.now() - started;
    const read = await t.http.get('/api/v1/milestones').set('Authorization', `Bearer ${await t.token('city_admin')}`).set('X-Min-Position', last);
    expect({ status: read.status, body: read.status === 200 ? undefined : read.body }).toEqual({ status: 200, body: undefined });
    return { commandsMs, readModelsMs: performance.now() - started };
  }

  /** The most failures in a row of any projection, as `GET /health` shows them to an operator. */
  async function projectorFailures(): Promise<number> {
    const health = await t.http.get('/health').set('Authorization', `Bearer ${await t.token('city_admin')}`);
    const lag = (health.body as { projector: { lag?: Array<{ failures: number }> } }).projector.lag ?? [];
    return Math.max(0, ...lag.map((l) => l.failures));
  }

  it('a full DATA_DIR: 503 store_unavailable with Retry-After, nothing half-way, and commands go through again once space returns', async () => {
    if (unavailable) {
      process.stdout.write(`SKIPPED storage failure (full): ${unavailable}\n`);
      figures.push(`Full DATA_DIR: skipped (${unavailable})`);
      return;
    }
    const filler = path.join(mountPoint, 'filler');
    fillUp(filler);
    const { refused, answers } = await commandsUntilRefused(6);
    // When the projector has events of the accepted commands to apply, it fails on the full disk too:
    // the outage then lasts until it has failed 8 times in a row, where an unbounded back-off would
    // already wait 25.6 s before its next attempt.
    if ((await projectorFailures()) > 0) await waitFor('the projector to fail 8 times in a row', async () => (await projectorFailures()) >= 8, 60_000, 200);
    const failed = await projectorFailures();
    rmSync(filler);
    const { commandsMs, readModelsMs } = await retried(refused);
    figures.push(
      `Full DATA_DIR (tmpfs of ${SIZE}, filled): answers ${Object.entries(answers).map(([s, n]) => `${s} × ${n}`).join(', ')}; ` +
        `the ${refused.length} refused commands wrote nothing and went through with the same Idempotency-Key once space was freed, and the read models caught up with them; ` +
        `after the space was freed: the ${refused.length} commands through in ${commandsMs.toFixed(0)} ms, their read with X-Min-Position answered 200 after ${readModelsMs.toFixed(0)} ms (no restart); ` +
        `the projector had failed ${failed} times in a row on the full disk when the space was freed`,
    );
  }, 120_000);
});
