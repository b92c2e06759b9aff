import { accessSync, constants, mkdirSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { createEventStore } from '#libs/event-store';
import { createApp } from './bootstrap.js';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { loadSecret } from './config/secrets.js';
import { openKeyStore } from './personal-data/key-store/open-key-store.js';
import { pingRedis } from './http/security/redis-token-bucket-limiter.js';

/** An unusable configuration or DATA_DIR is one line on stderr and exit code 1, not a stack trace. */
function fail(message: string): never {
  process.stderr.write(`safety-skills: ${message}\n`);
  process.exit(1);
}

function prepareDataDir(config: AppConfig): void {
  try {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    accessSync(config.dataDir, constants.R_OK | constants.W_OK);
  } catch (error) {
    fail(`DATA_DIR ${config.dataDir} is not a writable directory (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * A server event store that cannot be opened (wrong POSTGRES_URL, server down) is one line here,
 * before Nest would log it with a stack trace.
 */
async function checkEventStore(config: AppConfig): Promise<void> {
  if (config.eventStore.kind !== 'postgresql') return;
  try {
    await (await createEventStore(config.eventStore)).close();
  } catch (error) {
    fail(`EVENT_STORE=postgresql, POSTGRES_URL: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** A key store that cannot be reached (wrong URL, server down) is one line naming it, before Nest would log a stack trace. */
async function checkKeyStore(config: AppConfig): Promise<void> {
  if (config.keyStore.kind === 'sqlite') return;
  const setting = process.env.KEY_STORE_URL ? 'KEY_STORE_URL' : config.keyStore.kind === 'postgresql' ? 'POSTGRES_URL' : 'MONGODB_URL';
  try {
    await (await openKeyStore(config.keyStore)).close();
  } catch (error) {
    fail(`KEY_STORE=${config.keyStore.kind}, ${setting}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * A shared rate limit whose Redis cannot be reached would leave every api process unlimited (and, before
 * the circuit breaker, slow): a misconfigured limiter refuses to start, with one line. A later outage is
 * survived (redis-token-bucket-limiter.ts).
 */
async function checkRateLimitRedis(config: AppConfig): Promise<void> {
  if (!config.security.rateLimitRedisUrl) return;
  try {
    await pingRedis(config.security.rateLimitRedisUrl);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    fail(`RATE_LIMIT_REDIS_URL: Redis cannot be reached (${e.code ?? e.message.split('\n')[0]})`);
  }
}

/** The secrets every process must share are read before anything starts: a missing or malformed one is one line naming its setting. */
function checkSecrets(config: AppConfig): void {
  try {
    loadSecret(config.secrets.idHmacKey);
    loadSecret(config.secrets.requestHmacKey);
    if (config.auth.kind === 'hs256') loadSecret(config.auth.secret);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  prepareDataDir(config);
  checkSecrets(config);
  await checkEventStore(config);
  await checkKeyStore(config);
  await checkRateLimitRedis(config);

  let app;
  try {
    app = await createApp(config);
    await (config.host === undefined ? app.listen(config.port) : app.listen(config.port, config.host));
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    fail(e.code === 'EADDRINUSE' ? `port ${config.port} is already in use` : `${e.name}: ${e.message.split('\n')[0]}`);
  }
  const logger = new Logger('api');
  // SIGTERM and SIGINT: stop taking requests, let in-flight appends finish, close the stores, exit 0.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal} received, shutting down`);
      app
        .close()
        .then(() => process.exit(0))
        .catch((error: unknown) => fail(`shutdown failed: ${(error as Error).name}`));
    });
  }
  logger.log(`listening on ${config.host ?? 'every interface'}, port ${config.port}, event store ${config.eventStore.kind}, key store ${config.keyStore.kind}, data in ${config.dataDir}`);
}

await main();
