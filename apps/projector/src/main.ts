import { ConfigError, loadConfig, type Tracing } from '#libs/runtime';
import type { MetricsServer } from './metrics-server.js';

// Only the configuration is imported up front: the store adapters, the projections and the logger are
// loaded once the settings hold, so that a refusal is one line within a second or two (README, "Production").

/**
 * The projector as its own process (production: `PROJECTOR=external` for the api). Same
 * environment as the api; several replicas may run, the lease lets one apply at a time. With
 * `PROJECTOR_METRICS_PORT` it serves `GET /metrics` on that port (guarded by `METRICS_TOKEN` or loopback).
 */
const LAG_EVERY_MS = Number(process.env['PROJECTOR_LAG_LOG_MS'] ?? 30_000);

let config: ReturnType<typeof loadConfig>;
let running: Awaited<ReturnType<typeof import('./projector-process.js').openProjector>>;
let metricsServer: MetricsServer | undefined;
let logger: ReturnType<typeof import('./json-logger.js').jsonProjectorLogger>;
let tracing: Tracing | undefined;
/** A wrong configuration or a store that cannot be opened: one line naming the setting, exit 1. */
function fail(message: string): never {
  process.stderr.write(`safety-skills projector: ${message}\n`);
  process.exit(1);
}

try {
  config = loadConfig();
} catch (error) {
  fail(error instanceof ConfigError ? error.message : `${(error as Error).name}: ${(error as Error).message.split('\n')[0]}`);
}
// The projector's own stores, before anything starts (it uses no key store and no secret).
{
  const { checkDeploymentFingerprint, checkEventStore, checkReadStore } = await import('#libs/runtime/config/startup-checks');
  for (const check of [checkEventStore, checkReadStore]) {
    const refusal = await check(config);
    if (refusal !== undefined) fail(refusal);
  }
  // The settings it shares with the apis, those its environment names, against the deployment fingerprint.
  const mismatch = await checkDeploymentFingerprint(config, { process: 'projector', explicitOnly: true, notice: (line) => process.stderr.write(`safety-skills projector: ${line}\n`) });
  if (mismatch !== undefined) fail(mismatch);
}
const [{ ProjectorMetrics }, { serveProjectorMetrics }, { openProjector }, { jsonProjectorLogger }, { startTracing }] = await Promise.all([
  import('#libs/runtime/metrics/metrics'),
  import('./metrics-server.js'),
  import('./projector-process.js'),
  import('./json-logger.js'),
  import('#libs/runtime'),
]);
try {
  // Off by default: then OpenTelemetry is not even imported (libs/runtime's tracing/tracing.ts).
  const started = await startTracing(config.tracing, 'safety-skills-projector');
  tracing = started;
  // JSON lines through pino, as the api's (README, "Logs"), with the span's ids when traces are on.
  logger = jsonProjectorLogger(config.logLevel, process.stdout, started ? () => started.logFields() : undefined);
} catch (error) {
  fail(error instanceof ConfigError ? error.message : `${(error as Error).name}: ${(error as Error).message.split('\n')[0]}`);
}
try {
  const metrics = config.projectorMetricsPort === undefined ? undefined : new ProjectorMetrics();
  running = await openProjector(config, { lease: true, logger, ...(metrics ? { metrics } : {}), ...(tracing ? { tracing } : {}) });
  if (metrics) metricsServer = await serveProjectorMetrics(metrics, { port: config.projectorMetricsPort!, host: config.host, token: config.metricsToken, proxyHops: config.security.trustProxyHops });
} catch (error) {
  fail(error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error));
}
await running.projector.start();
logger.info('started', { eventStore: config.eventStore.kind, readStore: config.readStore.kind, metricsPort: metricsServer?.port ?? null });

const lagTimer = setInterval(() => {
  running.projector
    .lag()
    .then((lag) => {
      if (lag.length === 0) return logger.info('standing by: another replica holds the lease');
      const behind = lag.reduce((most, l) => (l.behind > most ? l.behind : most), 0n);
      const lagging = lag.filter((l) => !l.caughtUp).map((l) => `${l.projection}_v${l.version}`);
      logger.info('lag', { head: lag[0]!.head, behind, lagging });
    })
    .catch((error: unknown) => logger.warn('lag unavailable', { error: error instanceof Error ? error.message : String(error) }));
}, LAG_EVERY_MS);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  clearInterval(lagTimer);
  await metricsServer?.close();
  logger.info('stopping', { signal });
  await running.close();
  // The spans of the batches applied before the stop are sent.
  await tracing?.shutdown();
  logger.info('stopped');
  process.exit(0);
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
