import { consoleProjectorLogger, READ_MODEL_PROJECTIONS } from '#libs/projections';
import { loadConfig } from '../../api/src/config/app-config.js';
import { openProjector } from './projector-process.js';

/**
 * `npm run rebuild -- <projection>`: drops the active version of one read model and projects it
 * again from the first event, then exits. Run it while no projector serves that read model (stop
 * the projector processes, or the api with the embedded one); for a rebuild without downtime,
 * register a new version instead (it builds beside the old one and takes over).
 */
const name = process.argv[2];
const names = READ_MODEL_PROJECTIONS.map((p) => p.name);
const projections = READ_MODEL_PROJECTIONS.filter((p) => p.name === name);
if (!name || projections.length === 0) {
  process.stderr.write(`usage: npm run rebuild -- <projection>\n  projections: ${names.join(', ')}\n`);
  process.exit(2);
}

const logger = consoleProjectorLogger;
const running = await openProjector(loadConfig(), { lease: false, logger, projections });
const started = Date.now();
await running.projector.start();
await running.projector.rebuild(name);
let head: bigint | null = null;
for await (const event of running.eventStore.readAll({ direction: 'backwards', maxCount: 1 })) head = event.position;
const reached = head === null || (await running.projector.waitForPosition(head, 24 * 3600_000));
const lag = (await running.projector.lag()).find((l) => l.projection === name);
logger.info(reached ? 'rebuilt' : 'rebuild did not finish', { projection: name, applied: lag?.applied ?? null, seconds: (Date.now() - started) / 1000 });
await running.close();
process.exit(reached ? 0 : 1);
