/**
 * The api and the projector as real processes, started with a setting that cannot work: each answers
 * one line on stderr naming the setting (never the secret, never the URL's password) and exits 1,
 * within the stores' connection timeouts (5 s) rather than a client's default 30 s. The cases that
 * need a live server (a wrong database name on it) use POSTGRES_URL's server and say so when it is unset.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildDist, root, startNode } from '../fault/support/api-process.js';

const API = path.join(root, 'dist/apps/api/src/main.js');
const PROJECTOR = path.join(root, 'dist/apps/projector/src/main.js');
/** The stores open with 5 s timeouts; the rest is starting Node on a busy machine. Far below a 30 s hang. */
const REFUSAL_BOUND_MS = 15_000;
const PASSWORD = 's3cret-pw';
const POSTGRES_URL = process.env['POSTGRES_URL'];

interface Refusal {
  code: number | string;
  lines: string[];
  ms: number;
}

/** Starts the process with `env` and waits for its exit: its code, its output's lines and how long it took. */
async function refusalOf(main: string, env: NodeJS.ProcessEnv): Promise<Refusal> {
  const startedAt = performance.now();
  // Nothing of the test runner's own environment decides the stores (spawn leaves out what is undefined): each case names what it sets.
  const service = startNode([main], {
    EVENT_STORE: undefined,
    READ_STORE: undefined,
    KEY_STORE: undefined,
    KEY_STORE_URL: undefined,
    POSTGRES_URL: undefined,
    MONGODB_URL: undefined,
    ID_HMAC_KEY: undefined,
    REQUEST_HMAC_KEY: undefined,
    TOKEN_SECRET: undefined,
    PORT: '0',
    LOG_LEVEL: 'log',
    ...env,
  });
  const code = await service.exited;
  return { code, lines: service.output().trim().split('\n'), ms: performance.now() - startedAt };
}

/** A database name on POSTGRES_URL's server that does not exist, the URL carrying a password. */
function missingDatabaseUrl(): string {
  const url = new URL(POSTGRES_URL!);
  url.password = PASSWORD;
  url.pathname = `/sse_missing_${randomBytes(4).toString('hex')}`;
  return url.href;
}

describe('starting with a setting that cannot work', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'safety-skills-refusal-'));
    dirs.push(dir);
    return dir;
  };
  const hex = (): string => randomBytes(32).toString('hex');
  /** The three secrets a server key store requires, each as a value. */
  const secrets = (): NodeJS.ProcessEnv => ({ ID_HMAC_KEY: hex(), REQUEST_HMAC_KEY: hex(), TOKEN_SECRET: hex() });

  /** A host that takes the connection and never answers (a firewall that drops, a hung server). */
  let silent: { server: Server; sockets: Set<Socket>; port: number };

  beforeAll(async () => {
    buildDist();
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    silent = { server, sockets, port: (server.address() as { port: number }).port };
  }, 120_000);
  afterAll(async () => {
    if (silent) {
      for (const socket of silent.sockets) socket.destroy();
      await new Promise((resolve) => silent.server.close(resolve));
    }
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  const expectOneLine = (refusal: Refusal, prefix: string, pattern: RegExp, hidden: string[] = [PASSWORD]): void => {
    expect(refusal.lines).toHaveLength(1);
    expect(refusal.lines[0]!.startsWith(prefix)).toBe(true);
    expect(refusal.lines[0]).toMatch(pattern);
    for (const value of hidden) expect(refusal.lines[0]).not.toContain(value);
    expect(refusal.code).toBe(1);
    expect(refusal.ms).toBeLessThan(REFUSAL_BOUND_MS);
  };

  describe('the api', () => {
    const api = (env: NodeJS.ProcessEnv) => refusalOf(API, { DATA_DIR: tempDir(), ...env });

    it('refuses a POSTGRES_URL whose server refuses connections', async () => {
      const refusal = await api({ EVENT_STORE: 'postgresql', POSTGRES_URL: `postgresql://postgres:${PASSWORD}@127.0.0.1:1/events` });
      expectOneLine(refusal, 'safety-skills: ', /^safety-skills: EVENT_STORE=postgresql, POSTGRES_URL: cannot open the PostgreSQL event store at postgresql:\/\/127\.0\.0\.1:1\/events: the server refused the connection/);
    }, 30_000);

    it('refuses a POSTGRES_URL whose server never answers, within its 5 s connection timeout', async () => {
      const refusal = await api({ EVENT_STORE: 'postgresql', POSTGRES_URL: `postgresql://postgres:${PASSWORD}@127.0.0.1:${silent.port}/events` });
      expectOneLine(refusal, 'safety-skills: ', /^safety-skills: EVENT_STORE=postgresql, POSTGRES_URL: cannot open the PostgreSQL event store at postgresql:\/\/127\.0\.0\.1:\d+\/events: .*timeout/);
    }, 30_000);

    it('refuses a key store or a read store whose server never answers, within seconds', async () => {
      const keys = await api({ KEY_STORE: 'postgresql', KEY_STORE_URL: `postgresql://keys:${PASSWORD}@127.0.0.1:${silent.port}/keys`, ...secrets() });
      expectOneLine(keys, 'safety-skills: ', /^safety-skills: KEY_STORE=postgresql, KEY_STORE_URL: cannot open the PostgreSQL key store at .*: .*timeout/);
      const mongoKeys = await api({ KEY_STORE: 'mongodb', KEY_STORE_URL: `mongodb://keys:${PASSWORD}@127.0.0.1:${silent.port}/keys`, ...secrets() });
      expectOneLine(mongoKeys, 'safety-skills: ', /^safety-skills: KEY_STORE=mongodb, KEY_STORE_URL: cannot open the MongoDB key store at /);
      const reads = await api({ READ_STORE: 'mongodb', MONGODB_URL: `mongodb://reader:${PASSWORD}@127.0.0.1:${silent.port}/reads` });
      expectOneLine(reads, 'safety-skills: ', /^safety-skills: READ_STORE=mongodb, MONGODB_URL: cannot open the MongoDB read store at /);
    }, 60_000);

    it('refuses a RATE_LIMIT_REDIS_URL whose server takes the connection and never answers, within seconds', async () => {
      const refusal = await api({ RATE_LIMIT_REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${silent.port}/9` });
      expectOneLine(refusal, 'safety-skills: ', /^safety-skills: RATE_LIMIT_REDIS_URL: Redis cannot be reached \(ETIMEDOUT\)$/);
    }, 30_000);

    it('refuses a POSTGRES_URL whose host name does not resolve', async () => {
      const refusal = await api({ EVENT_STORE: 'postgresql', POSTGRES_URL: `postgresql://postgres:${PASSWORD}@no-such-host.invalid:5432/events` });
      expectOneLine(refusal, 'safety-skills: ', /EVENT_STORE=postgresql, POSTGRES_URL: cannot open the PostgreSQL event store at postgresql:\/\/no-such-host\.invalid:5432\/events: /);
    }, 30_000);

    (POSTGRES_URL ? it : it.skip)('refuses a POSTGRES_URL naming a database the server does not have (POSTGRES_URL)', async () => {
      const refusal = await api({ EVENT_STORE: 'postgresql', POSTGRES_URL: missingDatabaseUrl() });
      expectOneLine(refusal, 'safety-skills: ', /EVENT_STORE=postgresql, POSTGRES_URL: cannot open the PostgreSQL event store at .*\/sse_missing_\w+: the database does not exist \(3D000\)$/);
    }, 30_000);

    it('refuses a PostgreSQL key store that cannot be reached', async () => {
      const refusal = await api({ KEY_STORE: 'postgresql', KEY_STORE_URL: `postgresql://keys:${PASSWORD}@127.0.0.1:1/keys`, ...secrets() });
      expectOneLine(refusal, 'safety-skills: ', /^safety-skills: KEY_STORE=postgresql, KEY_STORE_URL: cannot open the PostgreSQL key store at postgresql:\/\/127\.0\.0\.1:1\/keys: the server refused the connection/);
    }, 30_000);

    (POSTGRES_URL ? it : it.skip)('refuses a PostgreSQL key store on a database the server does not have (POSTGRES_URL)', async () => {
      const refusal = await api({ KEY_STORE: 'postgresql', KEY_STORE_URL: missingDatabaseUrl(), ...secrets() });
      expectOneLine(refusal, 'safety-skills: ', /KEY_STORE=postgresql, KEY_STORE_URL: cannot open the PostgreSQL key store at .*: the database does not exist \(3D000\)$/);
    }, 30_000);

    it('refuses a MongoDB key store that cannot be reached, within seconds', async () => {
      const refusal = await api({ KEY_STORE: 'mongodb', KEY_STORE_URL: `mongodb://keys:${PASSWORD}@127.0.0.1:1/keys`, ...secrets() });
      expectOneLine(refusal, 'safety-skills: ', /^safety-skills: KEY_STORE=mongodb, KEY_STORE_URL: cannot open the MongoDB key store at mongodb:\/\/127\.0\.0\.1:1\/safety_skills_keys: /);
    }, 30_000);

    it('refuses a MongoDB read store that cannot be reached, within seconds', async () => {
      const refusal = await api({ READ_STORE: 'mongodb', MONGODB_URL: `mongodb://reader:${PASSWORD}@127.0.0.1:1/reads` });
      expectOneLine(refusal, 'safety-skills: ', /^safety-skills: READ_STORE=mongodb, MONGODB_URL: cannot open the MongoDB read store at mongodb:\/\/127\.0\.0\.1:1\/reads: /);
    }, 30_000);

    it('refuses a server key store without the ID-number HMAC key, naming both ways to give it', async () => {
      const { ID_HMAC_KEY: _omitted, ...others } = secrets();
      const refusal = await api({ KEY_STORE: 'postgresql', POSTGRES_URL: `postgresql://postgres:${PASSWORD}@127.0.0.1:1/keys`, ...others });
      expectOneLine(refusal, 'safety-skills: ', /^safety-skills: KEY_STORE=postgresql shares the stores between processes: ID_HMAC_KEY_FILE or ID_HMAC_KEY is required$/);
    }, 30_000);

    it('refuses a server key store without the token secret', async () => {
      const { TOKEN_SECRET: _omitted, ...others } = secrets();
      const refusal = await api({ KEY_STORE: 'postgresql', POSTGRES_URL: `postgresql://postgres:${PASSWORD}@127.0.0.1:1/keys`, ...others });
      expectOneLine(refusal, 'safety-skills: ', /TOKEN_SECRET_FILE or TOKEN_SECRET is required$/);
    }, 30_000);

    it('refuses an ID_HMAC_KEY_FILE that points at nothing', async () => {
      const file = path.join(tempDir(), 'id-hmac-key');
      const refusal = await api({ KEY_STORE: 'postgresql', POSTGRES_URL: `postgresql://postgres:${PASSWORD}@127.0.0.1:1/keys`, ...secrets(), ID_HMAC_KEY: undefined, ID_HMAC_KEY_FILE: file });
      expectOneLine(refusal, 'safety-skills: ', /^safety-skills: ID_HMAC_KEY_FILE: cannot read .*id-hmac-key \(ENOENT\)$/);
    }, 30_000);

    it('refuses an empty ID_HMAC_KEY_FILE', async () => {
      const file = path.join(tempDir(), 'id-hmac-key');
      writeFileSync(file, '');
      const refusal = await api({ KEY_STORE: 'postgresql', POSTGRES_URL: `postgresql://postgres:${PASSWORD}@127.0.0.1:1/keys`, ...secrets(), ID_HMAC_KEY: undefined, ID_HMAC_KEY_FILE: file });
      expectOneLine(refusal, 'safety-skills: ', /^safety-skills: ID_HMAC_KEY_FILE: .*id-hmac-key is empty/);
    }, 30_000);

    it('refuses a TOKEN_SECRET too short to be one, without repeating it', async () => {
      const short = randomBytes(8).toString('hex');
      const refusal = await api({ KEY_STORE: 'postgresql', POSTGRES_URL: `postgresql://postgres:${PASSWORD}@127.0.0.1:1/keys`, ...secrets(), TOKEN_SECRET: short });
      expectOneLine(refusal, 'safety-skills: ', /^safety-skills: TOKEN_SECRET must be at least 32 bytes in hex/, [PASSWORD, short]);
    }, 30_000);
  });

  describe('the projector', () => {
    const projector = (env: NodeJS.ProcessEnv) => refusalOf(PROJECTOR, { DATA_DIR: tempDir(), ...env });

    it('refuses a POSTGRES_URL whose server refuses connections', async () => {
      const refusal = await projector({ EVENT_STORE: 'postgresql', POSTGRES_URL: `postgresql://postgres:${PASSWORD}@127.0.0.1:1/events` });
      expectOneLine(refusal, 'safety-skills projector: ', /^safety-skills projector: EVENT_STORE=postgresql, POSTGRES_URL: cannot open the PostgreSQL event store at postgresql:\/\/127\.0\.0\.1:1\/events: the server refused the connection/);
    }, 30_000);

    it('refuses a POSTGRES_URL whose server never answers, within its 5 s connection timeout', async () => {
      const refusal = await projector({ EVENT_STORE: 'postgresql', POSTGRES_URL: `postgresql://postgres:${PASSWORD}@127.0.0.1:${silent.port}/events` });
      expectOneLine(refusal, 'safety-skills projector: ', /^safety-skills projector: EVENT_STORE=postgresql, POSTGRES_URL: .*timeout/);
    }, 30_000);

    (POSTGRES_URL ? it : it.skip)('refuses a POSTGRES_URL naming a database the server does not have (POSTGRES_URL)', async () => {
      const refusal = await projector({ EVENT_STORE: 'postgresql', POSTGRES_URL: missingDatabaseUrl() });
      expectOneLine(refusal, 'safety-skills projector: ', /EVENT_STORE=postgresql, POSTGRES_URL: .*the database does not exist \(3D000\)$/);
    }, 30_000);

    it('refuses a MongoDB read store that cannot be reached, within seconds', async () => {
      const refusal = await projector({ READ_STORE: 'mongodb', MONGODB_URL: `mongodb://reader:${PASSWORD}@127.0.0.1:1/reads` });
      expectOneLine(refusal, 'safety-skills projector: ', /^safety-skills projector: READ_STORE=mongodb, MONGODB_URL: cannot open the MongoDB read store at mongodb:\/\/127\.0\.0\.1:1\/reads: /);
    }, 30_000);
  });
});
