/**
 * The production topology, run: 3 api processes and 2 projector processes on the PostgreSQL event
 * store and the MongoDB read store (FerretDB here), the apis behind a round-robin proxy. A command
 * answered by one api is read through another (X-Min-Position); an Idempotency-Key replayed to
 * another api answers the first answer and appends nothing; an erasure through one api is unreadable
 * through every api within 1 s; 20 enrolments of one person at once through the proxy are all
 * recorded. Then 32 clients send a realistic mix of commands while every api and the lease-holding
 * projector are SIGKILLed at seeded moments and restarted: every acknowledged command is in the log
 * exactly once, the standby projector takes over within its lease, and the read models equal a clean
 * rebuild. Needs POSTGRES_URL and MONGODB_URL (CI sets both); without them it says that it skipped.
 * `TOPOLOGY_SEED=<n>` replays the kill moments, `TOPOLOGY_COMMANDS=<n>` sets the least number of commands.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PostgresEventStore } from '#libs/event-store';
import { Random } from '../../bench/generator/random.js';
import { signEmbeddedToken } from '../../apps/api/src/auth/tokens.js';
import { createPostgresDatabase } from '../e2e/support/test-app.js';
import { newCreditCode, newIdNumber } from '../e2e/support/fixtures.js';
import { buildDist, freePort, sleep } from './support/api-process.js';
import { CommandClient, isAcknowledged, type CommandOutcome } from './support/command-client.js';
import { reportFaultFigures } from './support/fault-results.js';
import { killPoints, median } from './support/kill-points.js';
import { auditAcknowledged, auditReservations, readLog } from './support/log-audit.js';
import { MixedWorkload, runOne, type TokenFor } from './support/mixed-workload.js';
import { FerretDbInstance, ferretDbBinary } from './support/ferretdb-instance.js';
import { mongoReadStore, type ReadStoreUnderTest } from './support/projector-processes.js';
import { diffSnapshots, documentCount, rebuildReadModels, snapshotReadModels } from './support/read-model-snapshot.js';
import { holdsLease, START_TIMEOUT_MS, Topology } from './support/topology.js';
import { waitFor } from './support/wait-for.js';

const POSTGRES_URL = process.env['POSTGRES_URL'];
const MONGODB_URL = process.env['MONGODB_URL'];
const MISSING = !POSTGRES_URL ? 'POSTGRES_URL' : !MONGODB_URL ? 'MONGODB_URL' : null;
/**
 * Connections each process's MongoDB client may hold (the driver's default is 100): five processes at 4
 * each stay well inside FerretDB's pool of PostgreSQL connections (50), and a SIGKILLed one leaves few
 * operations cut off.
 */
const MONGODB_POOL_SIZE = 4;

const SEED = Number(process.env['TOPOLOGY_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
/** At least this many commands; the load goes on until every fault has been recovered from, so that each strikes under load. */
const COMMANDS = Number(process.env['TOPOLOGY_COMMANDS'] ?? 300);
const CLIENTS = 32;
/**
 * Each client pauses between its commands for a time drawn between 0 and twice this: about 12
 * commands a second from the 32, a load two busy cores carry while processes are killed and
 * restarted, and the projector applies as it comes, instead of a burst that ends before the faults do.
 */
const THINK_MS = 2500;
/** How long an api kill waits for the api to have a request in flight, so that the kill strikes mid-request. */
const MID_REQUEST_WAIT_MS = 10_000;
const APIS = 3;
const PROJECTORS = 2;
/** The lease the projector processes run with, and the takeover bound it promises (one lease and one attempt interval). */
const LEASE_TTL_MS = 6000;
const TAKEOVER_BOUND_MS = LEASE_TTL_MS + LEASE_TTL_MS / 5;
/** An erasure through one api must be unreadable through every api within this. */
const ERASURE_BOUND_MS = 1000;
const SIMULTANEOUS_ENROLMENTS = 20;

const COUNTY = '430903';

/** The figures written to bench/results.md, filled in as the steps pass. */
const figures: string[] = [];

if (MISSING) {
  process.stdout.write(`SKIPPED the topology test: ${MISSING} is not set (it needs POSTGRES_URL and MONGODB_URL, which .ci/run sets)\n`);
  describe('the topology: 3 apis and 2 projectors on PostgreSQL and MongoDB behind a proxy', () => {
    it.skip(`SKIPPED, ${MISSING} is not set`, () => undefined);
  });
} else {
  describe('the topology: 3 apis and 2 projectors on PostgreSQL and MongoDB behind a proxy', () => {
    const dirs: string[] = [];
    const tempDir = (name: string): string => {
      const dir = mkdtempSync(path.join(os.tmpdir(), `safety-skills-topology-${name}-`));
      dirs.push(dir);
      return dir;
    };
    let ferret: FerretDbInstance | null = null;
    let readStore: ReadStoreUnderTest | undefined;
    let events: { url: string; drop(): Promise<void> } | undefined;
    let topology: Topology | undefined;
    let tokenFor: TokenFor;
    let admin: string;
    let enterprise: { id: string; token: string };

    beforeAll(async () => {
      // FerretDB v1 loses pooled PostgreSQL connections to operations cut off by a killed client: after
      // a few runs of this test the shared instance had all 50 taken and none in use, and every
      // operation hung, the apis' /health ping included (a restarted api never became healthy). Where
      // the binary is here, the test runs on a FerretDB of its own, started fresh and stopped after.
      const binary = ferretDbBinary();
      let mongoUrl = MONGODB_URL!;
      if (binary) {
        ferret = new FerretDbInstance(binary, await freePort());
        await ferret.start();
        mongoUrl = ferret.url('topology');
      }
      readStore = mongoReadStore(withMaxPoolSize(mongoUrl, MONGODB_POOL_SIZE), 'topology');
      buildDist();
      events = await createPostgresDatabase(POSTGRES_URL!, 'topology_events');
      // Stateless apis, each with a DATA_DIR of its own: the personal-data keys in the PostgreSQL key
      // store, the HMAC keys and the token secret from configuration, the same in every process.
      const hex = (): string => randomBytes(32).toString('hex');
      const secrets = { ID_HMAC_KEY: hex(), REQUEST_HMAC_KEY: hex(), TOKEN_SECRET: hex() };
      const secret = Buffer.from(secrets.TOKEN_SECRET, 'hex');
      const tokens = new Map<string, Promise<string>>();
      tokenFor = (role, scope = {}) => {
        const key = `${role} ${scope.enterprise ?? ''} ${scope.provider ?? ''}`;
        if (!tokens.has(key)) tokens.set(key, signEmbeddedToken(secret, 'safety-skills-embedded', { sub: `topology-${role}`, role: role as never, ...scope }));
        return tokens.get(key)!;
      };
      const env = {
        EVENT_STORE: 'postgresql',
        POSTGRES_URL: events.url,
        KEY_STORE: 'postgresql',
        ...secrets,
        PROJECTOR_LEASE_MS: String(LEASE_TTL_MS),
      };
      const dataDirs = new Map<string, string>();
      const dataDir = (role: 'api' | 'projector', index: number): string => {
        if (!dataDirs.has(`${role}${index}`)) dataDirs.set(`${role}${index}`, tempDir(`${role}${index}`));
        return dataDirs.get(`${role}${index}`)!;
      };
      await Topology.start({ apis: APIS, projectors: PROJECTORS, env, readStore: readStore!, dataDir }, (started) => (topology = started));
      await waitFor('a projector to take the lease', async () => topology!.leaseHolder() !== null, 60_000);
      admin = await tokenFor('city_admin');
      const registered = await post(topology!.url, '/enterprises', admin, { name: '益阳某化工有限公司', creditCode: newCreditCode(COUNTY), sector: 'hazardous_chemicals', countyCode: COUNTY });
      expect(registered.status).toBe(201);
      const id = String(registered.body['id']);
      enterprise = { id, token: await tokenFor('enterprise_admin', { enterprise: id }) };
    }, 300_000);

    afterAll(async () => {
      await topology?.stop();
      await events?.drop();
      await readStore?.dispose();
      await ferret?.stop();
      dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
      if (figures.length > 0) reportFaultFigures('Topology (3 apis and 2 projectors on PostgreSQL and MongoDB behind a proxy)', 'npm test -- test/fault/topology', figures);
    }, 300_000);

    const enrolment = (idNumber: string, name = '张三', over: { enterpriseId?: string } = {}) => ({
      enterpriseId: over.enterpriseId ?? enterprise.id,
      name,
      idNumber,
      employmentType: 'employee',
      hireType: 'new_hire',
      enrolledOn: '2020-06-01',
    });

    it('a command answered by one api is read through another, waiting for its position', async () => {
      const served: string[] = [];
      for (let round = 0; round < APIS; round++) {
        const idNumber = newIdNumber('1985-04-12');
        const enrolled = await post(topology!.url, '/workers', enterprise.token, enrolment(idNumber, `赵${round}`));
        expect(enrolled.status).toBe(201);
        // Round robin: the next request goes to the next api, which has not seen this command.
        const record = await get(topology!.url, `/workers/${enrolled.body['id']}`, enterprise.token, String(enrolled.body['position']));
        expect(record.status).toBe(200);
        expect(record.upstream).not.toBe(enrolled.upstream);
        expect(record.body).toMatchObject({ erased: false, name: `赵${round}`, idNumber });
        served.push(`${enrolled.upstream}→${record.upstream}`);
      }
      figures.push(`Read-your-writes: enrolments answered by one api read through the next with X-Min-Position (api ${served.join(', api ')}), each with the name sealed by the first`);
    }, 60_000);

    it('an Idempotency-Key replayed to another api answers the first answer and appends nothing', async () => {
      const request = enrolment(newIdNumber('1991-08-30'), '钱七');
      const first = await post(topology!.url, '/workers', enterprise.token, request, 'topology-replay-1');
      expect(first.status).toBe(201);
      const before = await eventCount(events!.url);
      const replay = await post(topology!.url, '/workers', enterprise.token, request, 'topology-replay-1');
      expect(replay.upstream).not.toBe(first.upstream);
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(first.body);
      expect(await eventCount(events!.url)).toBe(before);
      figures.push(`Idempotency-Key replayed: first answered by api ${first.upstream}, the replay by api ${replay.upstream}, the same answer, events in the log ${before} before and after`);
    }, 60_000);

    it(`an erasure through one api is unreadable through every api within ${ERASURE_BOUND_MS} ms`, async () => {
      const idNumber = newIdNumber('1979-02-14');
      const enrolled = await post(topology!.url, '/workers', enterprise.token, enrolment(idNumber, '孙八'));
      expect(enrolled.status).toBe(201);
      const workerId = String(enrolled.body['id']);
      const apis = [0, 1, 2];
      for (const index of apis) {
        const record = await get(topology!.apiUrl(index), `/workers/${workerId}`, admin, String(enrolled.body['position']));
        expect(record.body).toMatchObject({ erased: false, name: '孙八' });
      }
      const erasure = await post(topology!.url, `/workers/${workerId}/erasure`, admin, {});
      expect(erasure.status).toBe(200);
      const answeredAt = performance.now();
      const unreadableAfter = await Promise.all(
        apis.map(async (index) => {
          const record = await waitFor(
            `api ${index} to stop showing the erased person`,
            async () => {
              const now = await get(topology!.apiUrl(index), `/workers/${workerId}`, admin);
              return now.status === 200 && now.body['erased'] === true ? now : null;
            },
            10_000,
            10,
          );
          const elapsed = performance.now() - answeredAt;
          expect(JSON.stringify(record.body)).not.toContain('孙八');
          expect(JSON.stringify(record.body)).not.toContain(idNumber);
          return elapsed;
        }),
      );
      figures.push(
        `Erasure answered by api ${erasure.upstream}: the person unreadable through apis 0, 1, 2 after ${unreadableAfter.map((ms) => ms.toFixed(0)).join(', ')} ms (bound ${ERASURE_BOUND_MS} ms)`,
      );
      for (const ms of unreadableAfter) expect(ms).toBeLessThanOrEqual(ERASURE_BOUND_MS);
    }, 60_000);

    it(`${SIMULTANEOUS_ENROLMENTS} enrolments of one person at as many enterprises at once, through every api, are all recorded`, async () => {
      const enterprises: Array<{ id: string; token: string }> = [];
      for (let i = 0; i < SIMULTANEOUS_ENROLMENTS; i++) {
        const registered = await post(topology!.url, '/enterprises', admin, { name: `益阳某烟花厂${i}`, creditCode: newCreditCode(COUNTY), sector: 'fireworks', countyCode: COUNTY });
        const id = String(registered.body['id']);
        enterprises.push({ id, token: await tokenFor('enterprise_admin', { enterprise: id }) });
      }
      const idNumber = newIdNumber('1983-06-01');
      const answers = await Promise.all(enterprises.map((e) => post(topology!.url, '/workers', e.token, enrolment(idNumber, '周九', { enterpriseId: e.id }))));
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([...Array(SIMULTANEOUS_ENROLMENTS - 1).fill(200), 201]);
      expect(new Set(answers.map((a) => a.body['id'])).size).toBe(1);
      const byApi = [0, 1, 2].map((index) => answers.filter((a) => a.upstream === String(index)).length);
      figures.push(`${SIMULTANEOUS_ENROLMENTS} simultaneous enrolments of one person: 201 × 1, 200 × ${SIMULTANEOUS_ENROLMENTS - 1}, answered by apis 0, 1, 2: ${byApi.join(', ')}`);
    }, 120_000);

    it('SIGKILL of every api and of the lease-holding projector under load: nothing acknowledged lost or doubled, takeover within the lease, read models equal a clean rebuild', async () => {
      const t = topology!;
      process.stdout.write(`topology test: seed ${SEED} (TOPOLOGY_SEED=${SEED} replays the kill moments), at least ${COMMANDS} commands, ${CLIENTS} clients\n`);
      const random = new Random(SEED);
      // Each api once, and the projector holding the lease twice (the second time, the one that took over).
      const faults: Array<{ kind: 'api'; index: number } | { kind: 'projector' }> = [{ kind: 'api', index: 0 }, { kind: 'api', index: 1 }, { kind: 'api', index: 2 }, { kind: 'projector' }, { kind: 'projector' }];
      for (let i = faults.length - 1; i > 0; i--) {
        const j = random.int(0, i);
        [faults[i], faults[j]] = [faults[j]!, faults[i]!];
      }
      // The faults strike from the first third of the run on, one at a time: each waits until the previous one has been recovered from.
      const points = killPoints(random, Math.floor(COMMANDS / 3), faults.length);
      const answeredBefore = [...t.proxy.answered];

      const kills: string[] = [];
      const apiRestarts: number[] = [];
      const inFlightAtKill: number[] = [];
      const takeovers: number[] = [];
      let dispatched = 0;
      const started = performance.now();
      const at = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
      const strike = async (fault: (typeof faults)[number]): Promise<void> => {
        if (fault.kind === 'api') {
          // The api restarts while the next faults strike; one api always serves: at most two are down at once.
          await waitFor('an api restart to finish', async () => restartsPending < APIS - 1, START_TIMEOUT_MS, 20);
          // Under load: the kill waits until the api has a request in flight, and strikes then.
          await waitFor(`api ${fault.index} to have a request in flight`, async () => t.proxy.inFlight[fault.index]! > 0, MID_REQUEST_WAIT_MS, 1);
          const inFlight = t.proxy.inFlight[fault.index]!;
          await t.killApi(fault.index);
          inFlightAtKill.push(inFlight);
          kills.push(`api ${fault.index} at command ${dispatched} (${at()}, ${inFlight} request${inFlight === 1 ? '' : 's'} in flight)`);
          const killedAt = performance.now();
          restartsPending++;
          void t.startApi(fault.index).then(
            () => {
              apiRestarts.push(performance.now() - killedAt);
              restartsPending--;
            },
            (error: unknown) => {
              faultFailed ??= error;
              restartsPending--;
            },
          );
          return;
        }
        const holder = t.leaseHolder();
        if (holder === null) throw new Error('no projector holds the lease');
        const standby = t.projectors.findIndex((p, i) => i !== holder && p !== null);
        await t.killProjector(holder);
        kills.push(`projector ${holder} (lease holder) at command ${dispatched} (${at()})`);
        const killedAt = performance.now();
        await waitFor('the standby projector to take the lease', async () => holdsLease(t.projectors[standby]!), TAKEOVER_BOUND_MS * 3, 20);
        takeovers.push(performance.now() - killedAt);
        // The killed one comes back as the standby.
        const restarted = t.startProjector(holder);
        await waitFor('the restarted projector to stand by', async () => restarted.output().includes('started'), 120_000);
      };

      const clients = Array.from({ length: CLIENTS }, (_, i) => new CommandClient(() => t.url, `c${i}`));
      const outcomes: CommandOutcome[] = [];
      let recovery: Promise<void> = Promise.resolve();
      let nextFault = 0;
      let faultFailed: unknown = null;
      let recovered = 0;
      let restartsPending = 0;
      const drive = async (index: number): Promise<void> => {
        const think = new Random(SEED - index - 1);
        const workload = new MixedWorkload(`w${index}`, new Random(SEED + index + 1), tokenFor);
        // At least COMMANDS commands, and on until every fault has struck and been recovered from.
        while ((dispatched < COMMANDS || recovered < faults.length || restartsPending > 0) && faultFailed === null) {
          dispatched++;
          if (nextFault < points.length && dispatched >= points[nextFault]!) {
            const fault = faults[nextFault++]!;
            recovery = recovery
              .then(() => (faultFailed === null ? strike(fault) : undefined))
              .then(
                () => void recovered++,
                (error: unknown) => void (faultFailed = error),
              );
          }
          outcomes.push(await runOne(workload, (request) => clients[index]!.send(request)));
          await sleep(think.int(0, 2 * THINK_MS));
        }
      };
      await Promise.all(clients.map((_, index) => drive(index)));
      await recovery;
      if (faultFailed !== null) throw new Error(`a fault was not recovered from: ${String(faultFailed)}\n${t.diagnostics()}`);
      const driveSeconds = (performance.now() - started) / 1000;
      const perApi = t.proxy.answered.map((n, i) => n - answeredBefore[i]!);

      // The last command marks the head: once the read models have applied it they have applied everything.
      const marker = await post(t.url, '/training-providers', admin, { name: '最终检查', kind: 'institution', countyCode: COUNTY });
      expect(marker.status).toBe(201);
      const head = String(marker.body['position']);
      const catchUpStarted = performance.now();
      await waitFor('the read models to apply the last command', async () => (await get(t.url, '/milestones', admin, head)).status === 200, 600_000, 0);
      const catchUpSeconds = (performance.now() - catchUpStarted) / 1000;
      const exits = await t.terminate();

      const store = await PostgresEventStore.connect({ url: events!.url });
      const log = await readLog(store);
      const audit = auditAcknowledged(log, outcomes);
      const halfApplied = auditReservations(log);
      const reader = await readStore!.open();
      const afterFaults = await snapshotReadModels(reader);
      await reader.close();
      const clean = await readStore!.openClean();
      const rebuildStarted = performance.now();
      await rebuildReadModels(store, clean, 600_000);
      const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
      const rebuilt = await snapshotReadModels(clean);
      await clean.close();
      await store.close();
      const differences = diffSnapshots(afterFaults, rebuilt);

      const statuses = new Map<string, number>();
      // Refusals with their code: the workload's own (a duplicate, a rule), never a lost race (409 concurrent_change).
      const answerOf = (o: CommandOutcome): string => (typeof o.status === 'number' && o.status >= 400 ? `${o.status} ${String(o.body?.['code'])}` : String(o.status));
      for (const outcome of outcomes) statuses.set(answerOf(outcome), (statuses.get(answerOf(outcome)) ?? 0) + 1);
      const retried = outcomes.filter((o) => o.attempts > 1);
      figures.push(
        `Load: seed ${SEED}; ${outcomes.length} commands from ${CLIENTS} concurrent clients (half with an Idempotency-Key) in ${driveSeconds.toFixed(1)} s; answers through the proxy per api 0, 1, 2: ${perApi.join(', ')}; 502 (api killed mid-request) per api: ${t.proxy.failed.join(', ')}`,
        `Kills (SIGKILL, seeded): ${kills.join('; ')}`,
        `Acknowledged (2xx): ${audit.acknowledged}; lost: ${audit.lost.length}; duplicated: ${audit.duplicated.length}; half-applied reservations: ${halfApplied.length}`,
        `Answers: ${[...statuses].map(([status, count]) => `${status} × ${count}`).join(', ')}; no answer (outcome unknown): ${audit.unknown}; retried with the same Idempotency-Key after no answer: ${retried.length}, of which acknowledged ${retried.filter(isAcknowledged).length}`,
        `Projector takeover after the lease holder's SIGKILL: ${takeovers.map((ms) => (ms / 1000).toFixed(1)).join(' s, ')} s (lease ${LEASE_TTL_MS / 1000} s, attempts every ${LEASE_TTL_MS / 5000} s: bound ${TAKEOVER_BOUND_MS / 1000} s); api restart to healthy: median ${(median(apiRestarts) / 1000).toFixed(1)} s, max ${(Math.max(...apiRestarts) / 1000).toFixed(1)} s`,
        `Log: ${log.length} events; read models at the head ${catchUpSeconds.toFixed(1)} s after the load ended; equal to a clean rebuild (${rebuildSeconds.toFixed(1)} s): ${differences.length === 0 ? 'yes' : 'no'} (${documentCount(rebuilt)} documents, ${Object.keys(rebuilt.collections).length} collections)`,
      );

      expect(kills).toHaveLength(faults.length);
      expect(statuses.get('409 concurrent_change') ?? 0).toBe(0);
      expect(exits.every((code) => code === 0)).toBe(true);
      expect(audit.lost).toEqual([]);
      expect(audit.duplicated).toEqual([]);
      expect(halfApplied).toEqual([]);
      expect(differences).toEqual([]);
      for (const ms of takeovers) expect(ms).toBeLessThanOrEqual(TAKEOVER_BOUND_MS);
      // Every api took part, each api was killed with a request in flight, and most commands got through.
      expect(perApi.every((n) => n > 0)).toBe(true);
      expect(inFlightAtKill).toHaveLength(APIS);
      for (const inFlight of inFlightAtKill) expect(inFlight).toBeGreaterThan(0);
      expect(audit.acknowledged).toBeGreaterThan(outcomes.length / 2);
    }, 1_200_000);
  });
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  /** The api that answered, as the proxy names it (`0`, `1`, `2`). */
  upstream: string | null;
}

async function post(baseUrl: string, route: string, token: string, body: object, idempotencyKey?: string): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) };
  return answer(await fetch(`${baseUrl}/api/v1${route}`, { method: 'POST', headers, body: JSON.stringify(body) }));
}

async function get(baseUrl: string, route: string, token: string, minPosition?: string): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(minPosition ? { 'x-min-position': minPosition } : {}) };
  return answer(await fetch(`${baseUrl}/api/v1${route}`, { headers }));
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, upstream: response.headers.get('x-upstream') };
}

async function eventCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM events');
    return Number(rows[0]!.count);
  } finally {
    await client.end();
  }
}

function withMaxPoolSize(url: string, size: number): string {
  const limited = new URL(url);
  limited.searchParams.set('maxPoolSize', String(size));
  return limited.href;
}
