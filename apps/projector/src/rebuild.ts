import { readModelProjections } from '#libs/projections';
import { ConfigError, loadConfig, loadReferenceData } from '#libs/runtime';
import { jsonProjectorLogger, type JsonProjectorLogger } from './json-logger.js';
import { openProjector } from './projector-process.js';

/**
 * `npm run rebuild -- <projection>`: drops the active version of one read model and projects it
 * again from the first event, then exits. Run it while no projector serves that read model (stop
 * the projector processes, or the api with the embedded one); for a rebuild without downtime,
 * register a new version instead (it builds beside the old one and takes over).
 *
 * Every line it writes is JSON (pino), as the projector process's: its usage, a wrong configuration
 * and a failure included; names, positions and counts only, never a document.
 */
const all = readModelProjections(loadReferenceData());
const names = all.map((p) => p.name);

async function rebuild(name: string | undefined, logger: JsonProjectorLogger): Promise<number> {
  const projections = all.filter((p) => p.name === name);
  if (!name || projections.length === 0) {
    logger.error('usage: npm run rebuild -- <projection>', { projection: name ?? null, projections: names });
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logger.error(error.message);
    return 1;
  }
  const running = await openProjector(config, { lease: false, logger, projections });
  const started = Date.now();
  await running.projector.start();
  await running.projector.rebuild(name);
  let head: bigint | null = null;
  for await (const event of running.eventStore.readAll({ direction: 'backwards', maxCount: 1 })) head = event.position;
  const reached = head === null || (await running.projector.waitForPosition(head, 24 * 3600_000));
  const lag = (await running.projector.lag()).find((l) => l.projection === name);
  logger.info(reached ? 'rebuilt' : 'rebuild did not finish', { projection: name, applied: lag?.applied ?? null, seconds: (Date.now() - started) / 1000 });
  await running.close();
  return reached ? 0 : 1;
}

// LOG_LEVEL is read apart from the rest of the configuration, so that a wrong setting is a JSON line too.
const level = (['error', 'warn', 'log', 'debug'] as const).find((l) => l === process.env.LOG_LEVEL) ?? 'log';
const logger = jsonProjectorLogger(level);
let code: number;
try {
  code = await rebuild(process.argv[2], logger);
} catch (error) {
  // The error's name and first line (a store that cannot be opened), as the api's start-up refusals.
  logger.error('rebuild failed', { error: error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error) });
  code = 1;
}
process.exit(code);
