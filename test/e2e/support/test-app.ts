import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { MongoClient } from 'mongodb';
import request from 'supertest';
import { createApp } from '../../../apps/api/src/bootstrap.js';
import { type AppConfig, loadConfig, loadSecret } from '#libs/runtime';
import type { Role } from '../../../apps/api/src/auth/roles.js';
import { signEmbeddedToken } from '../../../apps/api/src/auth/tokens.js';
import { ContractValidator, observeAnswers } from '../../contract/contract-validator.js';
import { createPostgresDatabase } from '../../../libs/event-store/src/testing/postgres-test-database.js';

export { createPostgresDatabase };

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  http: ReturnType<typeof request>;
  token(role: Role, scope?: { county?: string; enterprise?: string; provider?: string; sub?: string }): Promise<string>;
  /** With `validateContract`: every answer checked against the served OpenAPI document. */
  contract?: ContractValidator;
  close(): Promise<void>;
}

/** The real application on a fresh temporary DATA_DIR, served in-process for supertest. */
export async function startTestApp(env: NodeJS.ProcessEnv = {}, options: { storeClock?: () => Date; validateContract?: boolean } = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'safety-skills-e2e-'));
  const merged: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, ...env };
  // On MongoDB every app gets a database of its own, as it gets a DATA_DIR of its own; dropped on close.
  const ownDatabase = merged.READ_STORE === 'mongodb' && !env.MONGODB_DATABASE ? `e2e_${randomUUID().slice(0, 8)}` : undefined;
  // On the PostgreSQL event store likewise a database of its own, created from POSTGRES_URL's server; dropped on close.
  const ownEvents = merged.EVENT_STORE === 'postgresql' && !env.POSTGRES_URL && merged.POSTGRES_URL ? await createPostgresDatabase(merged.POSTGRES_URL) : undefined;
  const config = loadConfig({
    ...merged,
    ...(ownDatabase ? { MONGODB_DATABASE: ownDatabase } : {}),
    ...(ownEvents ? { POSTGRES_URL: ownEvents.url } : {}),
  });
  // The store's clock stamps recordedAt: "as known at" tests move it.
  if (options.storeClock && config.eventStore.kind !== 'kurrentdb') config.eventStore.clock = options.storeClock;
  // A test that sets LOG_LEVEL gets the application's own JSON logger at that level; others only errors.
  // The suites sign in through the dashboard's form on every store (on server stores it is off unless named).
  const signInBefore = process.env.DASHBOARD_DEV_SIGNIN;
  if (merged.DASHBOARD_DEV_SIGNIN === undefined) process.env.DASHBOARD_DEV_SIGNIN = 'loopback';
  let app: Awaited<ReturnType<typeof createApp>>;
  try {
    app = await createApp(config, env.LOG_LEVEL ? {} : { logger: ['error'] });
  } finally {
    if (signInBefore === undefined) delete process.env.DASHBOARD_DEV_SIGNIN;
    else process.env.DASHBOARD_DEV_SIGNIN = signInBefore;
  }
  await app.init();
  const http = request(app.getHttpServer());
  let contract: ContractValidator | undefined;
  if (options.validateContract) {
    const served = await http.get('/api/docs-json').expect(200);
    const validator = new ContractValidator(served.body);
    observeAnswers(app.getHttpServer(), (answer) => validator.check(answer));
    contract = validator;
  }
  const secret = config.auth.kind === 'hs256' ? loadSecret(config.auth.secret) : new Uint8Array();
  return {
    app,
    config,
    http,
    contract,
    token: (role, scope = {}) =>
      signEmbeddedToken(secret, config.auth.kind === 'hs256' ? config.auth.issuer : '', {
        sub: scope.sub ?? `${role}-test`,
        role,
        county: scope.county,
        enterprise: scope.enterprise,
        provider: scope.provider,
      }),
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
      await ownEvents?.drop();
      if (ownDatabase && config.readStore.kind === 'mongodb') {
        const client = new MongoClient(config.readStore.url);
        await client.db(ownDatabase).dropDatabase().finally(() => client.close());
      }
    },
  };
}

