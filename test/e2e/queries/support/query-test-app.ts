import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/**
 * The test app, with a database of its own when the read store is MongoDB: the read models,
 * checkpoints and active versions of another run must not leak into this one.
 */
export async function startQueryTestApp(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const url = env['MONGODB_URL'] ?? process.env['MONGODB_URL'];
  const mongo = (env['READ_STORE'] ?? process.env['READ_STORE']) === 'mongodb' && url !== undefined && env['MONGODB_DATABASE'] === undefined;
  if (!mongo) return startTestApp(env);
  const database = `queries_${randomUUID().slice(0, 8)}`;
  const t = await startTestApp({ ...env, MONGODB_DATABASE: database });
  return {
    ...t,
    close: async () => {
      await t.close();
      const client = new MongoClient(url);
      await client.db(database).dropDatabase().finally(() => client.close());
    },
  };
}
