import path from 'node:path';
import { MongoClient } from 'mongodb';
import { SqliteEventStore } from '#libs/event-store';
import { MongoDbReadStore, SqliteReadStore, type ReadStore } from '#libs/read-store';
import { root, startNode, type ChildService } from './api-process.js';

/** A read store the projector processes share: the embedded SQLite file, or a MongoDB database of its own. */
export interface ReadStoreUnderTest {
  label: string;
  /** The environment that points a projector process (or the api) at it. */
  env: NodeJS.ProcessEnv;
  open(): Promise<ReadStore>;
  /** An empty store of the same kind, for the clean rebuild. */
  openClean(): Promise<ReadStore>;
  /** Drops what this test created. */
  dispose(): Promise<void>;
}

export function sqliteReadStore(dataDir: string, cleanDir: string): ReadStoreUnderTest {
  return {
    label: 'SQLite',
    env: { READ_STORE: 'sqlite' },
    open: async () => new SqliteReadStore(dataDir),
    openClean: async () => new SqliteReadStore(cleanDir),
    dispose: async () => undefined,
  };
}

/** A database named after this process, and its clean twin, on the server at `url`. */
export function mongoReadStore(url: string, name: string): ReadStoreUnderTest {
  const database = `${name}_${process.pid}`;
  const clean = `${database}_clean`;
  return {
    label: 'MongoDB (FerretDB)',
    env: { READ_STORE: 'mongodb', MONGODB_URL: url, MONGODB_DATABASE: database },
    open: () => MongoDbReadStore.connect({ url, database }),
    openClean: () => MongoDbReadStore.connect({ url, database: clean }),
    dispose: async () => {
      const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
      try {
        for (const db of [database, clean]) await client.db(db).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

/**
 * `apps/projector/src/main.ts` as its own process, with the lease, on `dataDir`'s event store; with
 * `compiled`, from `dist/` as the image runs it (after `buildDist`: it starts in a few seconds under
 * load, where compiling the sources on start takes several more).
 */
export function startProjector(dataDir: string, readStore: ReadStoreUnderTest, env: NodeJS.ProcessEnv = {}, compiled = false): ChildService {
  const main = compiled ? [path.join(root, 'dist/apps/projector/src/main.js')] : ['--conditions=source', '--import', 'tsx', 'apps/projector/src/main.ts'];
  return startNode(main, {
    DATA_DIR: dataDir,
    PROJECTOR_LAG_LOG_MS: '3600000',
    ...readStore.env,
    ...env,
  });
}

/** The head of the embedded event store in `dataDir`. */
export async function headOf(dataDir: string): Promise<bigint> {
  const store = await SqliteEventStore.open({ dataDir });
  try {
    return await store.lastPosition();
  } finally {
    await store.close();
  }
}
