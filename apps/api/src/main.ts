// First, as bootstrap.ts has it: the decorated classes the checks load keep their constructor metadata for Nest.
import 'reflect-metadata';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { ConfigError, loadConfig, type AppConfig } from '#libs/runtime';

// Only the configuration is imported up front: the store adapters, Nest and the application's modules
// are loaded once the settings hold, so that a refusal is one line within a second or two, not after
// seconds of module loading (README, "Production").

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
 * A shared rate limit whose Redis cannot be reached would leave every api process unlimited (and, before
 * the circuit breaker, slow): a misconfigured limiter refuses to start, with one line. A later outage is
 * survived (redis-token-bucket-limiter.ts).
 */
async function checkRateLimitRedis(config: AppConfig): Promise<void> {
  if (!config.security.rateLimitRedisUrl) return;
  const { pingRedis } = await import('./http/security/redis-token-bucket-limiter.js');
  try {
    await pingRedis(config.security.rateLimitRedisUrl);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    fail(`RATE_LIMIT_REDIS_URL: Redis cannot be reached (${e.code ?? e.message.split('\n')[0]})`);
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
  const [{ checkDeploymentFingerprint, checkEventStore, checkReadStore, checkSecrets }, { checkKeyStore }] = await Promise.all([
    import('#libs/runtime/config/startup-checks'),
    import('./personal-data/key-store/check-key-store.js'),
  ]);
  // Each a line naming its setting, before Nest would log a stack trace; the stores in the order they open.
  for (const check of [async () => checkSecrets(config), () => checkEventStore(config), () => checkReadStore(config), () => checkKeyStore(config)]) {
    const refusal = await check();
    if (refusal !== undefined) fail(refusal);
  }
  // Every process on a server event store with the same key store and secrets (README, "Production").
  const mismatch = await checkDeploymentFingerprint(config, { process: 'api', explicitOnly: false, notice: (line) => process.stderr.write(`safety-skills: ${line}\n`) });
  if (mismatch !== undefined) fail(mismatch);
  await checkRateLimitRedis(config);

  const [{ createApp }, { Logger }] = await Promise.all([import('./bootstrap.js'), import('@nestjs/common')]);
  let app: Awaited<ReturnType<typeof createApp>>;
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
