import { consoleProjectorLogger } from '#libs/projections';
import { loadConfig } from '../../api/src/config/app-config.js';
import { openProjector } from './projector-process.js';

/**
 * The projector as its own process (production: `PROJECTOR=external` for the api). Same
 * environment as the api; several replicas may run, the lease lets one apply at a time.
 */
const LAG_EVERY_MS = Number(process.env['PROJECTOR_LAG_LOG_MS'] ?? 30_000);
const logger = consoleProjectorLogger;

let config: ReturnType<typeof loadConfig>;
let running: Awaited<ReturnType<typeof openProjector>>;
try {
  config = loadConfig();
  running = await openProjector(config, { lease: true, logger });
} catch (error) {
  // A wrong configuration or a store that cannot be opened: one line, exit 1.
  process.stderr.write(`safety-skills projector: ${error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error)}\n`);
  process.exit(1);
}
await running.projector.start();
logger.info('started', { eventStore: config.eventStore.kind, readStore: config.readStore.kind });

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
  logger.info('stopping', { signal });
  await running.close();
  logger.info('stopped');
  process.exit(0);
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
