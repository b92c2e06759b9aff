/**
 * `npm run test:servers`: the production adapters' suites on real servers, in one command.
 *
 * - KurrentDB: the event-store conformance suite. KURRENTDB_URL set: on that server; else, where a Docker
 *   engine is present, on a KurrentDB started for the run through @testcontainers/kurrentdb.
 * - MongoDB: the read-store suites (the adapter's conformance suite, and the api's queries on SQLite and
 *   MongoDB side by side). MONGODB_URL set: on that server; else, where a Docker engine is present, on a
 *   MongoDB started for the run through @testcontainers/mongodb.
 *
 * A server that has neither is skipped, with the reason, and the command still exits 0 when nothing
 * failed (our machines run no Docker engine: there it says so and runs what has a URL). Containers are
 * stopped at the end, whatever the outcome. Extra arguments go to Jest.
 */
import { spawnSync } from 'node:child_process';
import type { StartedTestContainer } from 'testcontainers';

/** The images of docker-compose.yml: the suites run on what production runs. */
const KURRENTDB_IMAGE = 'docker.kurrent.io/kurrent-latest/kurrentdb:25.1.0';
const MONGODB_IMAGE = 'mongo:8.0.4';

const SUITES = {
  kurrentdb: ['libs/event-store/src/kurrentdb/kurrentdb-event-store.int.spec.ts'],
  mongodb: ['libs/read-store/src/mongodb/', 'test/e2e/queries/read-store-parity.e2e.spec.ts'],
};

interface Server {
  name: 'kurrentdb' | 'mongodb';
  variable: 'KURRENTDB_URL' | 'MONGODB_URL';
  start: () => Promise<{ url: string; container: StartedTestContainer }>;
}

const servers: Server[] = [
  {
    name: 'kurrentdb',
    variable: 'KURRENTDB_URL',
    start: async () => {
      const { KurrentDbContainer } = await import('@testcontainers/kurrentdb');
      const container = await new KurrentDbContainer(KURRENTDB_IMAGE).start();
      return { url: container.getConnectionString(), container };
    },
  },
  {
    name: 'mongodb',
    variable: 'MONGODB_URL',
    start: async () => {
      const { MongoDBContainer } = await import('@testcontainers/mongodb');
      const container = await new MongoDBContainer(MONGODB_IMAGE).start();
      // A one-member replica set reached through a mapped port: connect to it directly.
      return { url: `${container.getConnectionString()}/safety_skills?directConnection=true`, container };
    },
  },
];

/** Null when a container runtime answers; else why not (testcontainers looks for it as it would to start one). */
const dockerMissing = async (): Promise<string | null> => {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0]! : String(error);
  }
};

const log = (line: string) => process.stdout.write(`test:servers: ${line}\n`);

const env: NodeJS.ProcessEnv = { ...process.env };
const patterns: string[] = [];
const skipped: string[] = [];
const containers: StartedTestContainer[] = [];
let docker: string | null | undefined;

let exitCode = 0;
try {
  for (const server of servers) {
    const given = process.env[server.variable];
    if (given) {
      log(`${server.name}: on ${server.variable} as set`);
    } else {
      docker ??= await dockerMissing();
      if (docker !== null) {
        skipped.push(`${server.name} SKIPPED: ${server.variable} is not set and no Docker engine was found (${docker})`);
        continue;
      }
      log(`${server.name}: no ${server.variable}, starting a container through testcontainers`);
      const started = await server.start();
      containers.push(started.container);
      env[server.variable] = started.url;
      log(`${server.name}: started at ${started.url}`);
    }
    patterns.push(...SUITES[server.name]);
  }

  if (patterns.length > 0) {
    const jest = spawnSync(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', ...patterns, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env,
    });
    exitCode = jest.status ?? 1;
  }
} catch (error) {
  log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  await Promise.allSettled(containers.map((container) => container.stop()));
}
for (const line of skipped) log(line);
if (patterns.length === 0) {
  log('no server to run the suites on: nothing was run (set KURRENTDB_URL or MONGODB_URL, or run where a Docker engine is present)');
}
process.exit(exitCode);
