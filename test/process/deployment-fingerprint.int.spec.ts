/**
 * The deployment fingerprint (README, "Production"): processes on one PostgreSQL event store must share
 * the key store and the secrets. The first api records a keyed hash of each; an api or a projector started
 * with another KEY_STORE, ID_HMAC_KEY, REQUEST_HMAC_KEY or TOKEN_SECRET refuses with one line naming the
 * setting (never its value) and exit code 1, and the record holds none of the secrets.
 * `DEPLOYMENT_FINGERPRINT=rerecord` makes a rotated secret the fingerprint; the old one is then refused.
 * Needs POSTGRES_URL; without it, it says it skipped.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEventStore, type RecordedEvent } from '#libs/event-store';
import { buildDist, freePort, kill, root, startApi, startNode, type ApiProcess } from '../fault/support/api-process.js';
import { postgresAdmin, withDatabase } from '../../libs/event-store/src/testing/postgres-test-database.js';

const POSTGRES_URL = process.env['POSTGRES_URL'];
const PREFIX = process.env['TEST_DATABASE_PREFIX'] ?? 'fingerprint';
const API = path.join(root, 'dist/apps/api/src/main.js');
const PROJECTOR = path.join(root, 'dist/apps/projector/src/main.js');

interface Refusal {
  code: number | string;
  lines: string[];
}

if (!POSTGRES_URL) {
  const how = 'POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres npm test -- test/process/deployment-fingerprint';
  process.stdout.write(`SKIPPED the deployment fingerprint test: POSTGRES_URL is not set. To run it: ${how}\n`);
  describe('the deployment fingerprint', () => {
    it.skip(`SKIPPED, POSTGRES_URL is not set: ${how}`, () => undefined);
  });
} else {
  describe('the deployment fingerprint on a PostgreSQL event store', () => {
    const hex = (): string => randomBytes(32).toString('hex');
    const dirs: string[] = [];
    const databases: string[] = [];
    const running = new Set<ApiProcess>();
    let eventsUrl: string;
    let keysUrl: string;
    let secrets: { ID_HMAC_KEY: string; REQUEST_HMAC_KEY: string; TOKEN_SECRET: string };
    let shared: NodeJS.ProcessEnv;

    const tempDir = (): string => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'safety-skills-fingerprint-'));
      dirs.push(dir);
      return dir;
    };
    const createDatabase = async (role: string): Promise<string> => {
      const name = `${PREFIX}_${role}_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
      await postgresAdmin(POSTGRES_URL, `CREATE DATABASE ${name}`);
      databases.push(name);
      return withDatabase(POSTGRES_URL, name);
    };
    const startShared = async (env: NodeJS.ProcessEnv = {}): Promise<ApiProcess> => {
      const api = await startApi(tempDir(), await freePort(), { ...shared, ...env }, 120_000);
      running.add(api);
      return api;
    };
    /** The process started with the shared settings and `env` over them, until it exits (or 60 s). */
    const refusalOf = async (main: string, env: NodeJS.ProcessEnv): Promise<Refusal> => {
      const service = startNode([main], { DATA_DIR: tempDir(), PORT: String(await freePort()), LOG_LEVEL: 'warn', MONGODB_URL: undefined, READ_STORE: 'sqlite', ...shared, ...env });
      const timer = setTimeout(() => service.child.kill('SIGKILL'), 60_000);
      const code = await service.exited.finally(() => clearTimeout(timer));
      return { code, lines: service.output().trim().split('\n') };
    };
    const fingerprintEvents = async (): Promise<RecordedEvent[]> => {
      const store = await createEventStore({ kind: 'postgresql', url: eventsUrl, poolSize: 1 });
      const events: RecordedEvent[] = [];
      try {
        for await (const event of store.readStream('deployment-fingerprint')) events.push(event);
      } finally {
        await store.close();
      }
      return events;
    };
    const expectRefusal = (refusal: Refusal, prefix: string, setting: string, hidden: string[]): void => {
      expect(refusal.lines).toHaveLength(1);
      expect(refusal.lines[0]).toMatch(new RegExp(`^${prefix}: deployment fingerprint: ${setting} differs from the one the other processes on this event store recorded; .*DEPLOYMENT_FINGERPRINT=rerecord`));
      for (const value of hidden) expect(refusal.lines[0]).not.toContain(value);
      expect(refusal.code).toBe(1);
    };

    beforeAll(async () => {
      buildDist();
      eventsUrl = await createDatabase('events');
      keysUrl = await createDatabase('keys');
      secrets = { ID_HMAC_KEY: hex(), REQUEST_HMAC_KEY: hex(), TOKEN_SECRET: hex() };
      shared = { EVENT_STORE: 'postgresql', POSTGRES_URL: eventsUrl, KEY_STORE: 'postgresql', KEY_STORE_URL: keysUrl, READ_STORE: 'sqlite', DEPLOYMENT_FINGERPRINT: undefined, ...secrets };
      // The first api records the fingerprint, then stops: the record outlives it.
      await kill(await startShared(), 'SIGTERM');
    }, 300_000);

    afterAll(async () => {
      for (const api of running) await kill(api, 'SIGKILL');
      for (const name of databases) await postgresAdmin(POSTGRES_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
    }, 60_000);

    it('records one keyed hash per setting in the deployment-fingerprint stream, none of the secrets', async () => {
      const events = await fingerprintEvents();
      expect(events).toHaveLength(1);
      expect(events[0]!.type).toBe('DeploymentFingerprintRecorded');
      const data = events[0]!.data as { settings: Record<string, string> };
      expect(Object.keys(data.settings).sort()).toEqual(['ID_HMAC_KEY', 'KEY_STORE', 'REQUEST_HMAC_KEY', 'TOKEN_SECRET']);
      const text = JSON.stringify({ data: events[0]!.data, metadata: events[0]!.metadata });
      for (const value of [...Object.values(secrets), keysUrl]) expect(text).not.toContain(value);
    });

    it.each(['ID_HMAC_KEY', 'REQUEST_HMAC_KEY', 'TOKEN_SECRET'] as const)('refuses an api with another %s, naming it', async (setting) => {
      const other = hex();
      const refusal = await refusalOf(API, { [setting]: other });
      expectRefusal(refusal, 'safety-skills', setting, [other, ...Object.values(secrets)]);
    }, 90_000);

    it('refuses an api on another key store, naming KEY_STORE', async () => {
      const refusal = await refusalOf(API, { KEY_STORE: 'sqlite', KEY_STORE_URL: undefined });
      expectRefusal(refusal, 'safety-skills', 'KEY_STORE', Object.values(secrets));
    }, 90_000);

    it('refuses a projector with another TOKEN_SECRET, and checks nothing its environment does not name', async () => {
      const other = hex();
      const refusal = await refusalOf(PROJECTOR, { TOKEN_SECRET: other });
      expectRefusal(refusal, 'safety-skills projector', 'TOKEN_SECRET', [other, ...Object.values(secrets)]);
      // The stream is unchanged by the refusals.
      expect(await fingerprintEvents()).toHaveLength(1);
    }, 90_000);

    it('DEPLOYMENT_FINGERPRINT=rerecord makes a rotated secret the fingerprint; the old one is then refused', async () => {
      const rotated = hex();
      const api = await startShared({ REQUEST_HMAC_KEY: rotated, DEPLOYMENT_FINGERPRINT: 'rerecord' });
      expect(api.output()).toMatch(/DEPLOYMENT_FINGERPRINT=rerecord: this process's settings are now the deployment fingerprint/);
      await kill(api, 'SIGTERM');
      running.delete(api);
      expect(await fingerprintEvents()).toHaveLength(2);
      const refusal = await refusalOf(API, {});
      expectRefusal(refusal, 'safety-skills', 'REQUEST_HMAC_KEY', Object.values(secrets));
      // The rotated one starts without the setting.
      const again = await startShared({ REQUEST_HMAC_KEY: rotated });
      expect((await fetch(`${again.baseUrl}/health`)).status).toBe(200);
    }, 300_000);

    it('refuses a DEPLOYMENT_FINGERPRINT it does not know, naming it', async () => {
      const refusal = await refusalOf(API, { DEPLOYMENT_FINGERPRINT: 'skip' });
      expect(refusal.lines).toEqual(['safety-skills: DEPLOYMENT_FINGERPRINT must be check or rerecord, got "skip"']);
      expect(refusal.code).toBe(1);
    }, 90_000);
  });
}
