/**
 * `npm run bench:generate -- [--workers 1000000] [--seed N] [--data-dir DIR]`: a synthetic province
 * (a city: --workers 30000) written straight into the embedded event store through its own append
 * path, about ten events per worker. Writes `<data-dir>/events.sqlite` (default bench/.data/province-<workers>)
 * and `<data-dir>/manifest.json` (counts, rate, sample ids for the query benchmark); writes the
 * "Province generator" section of bench/results.md.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SqliteEventStore } from '#libs/event-store';
import { ChainedAppender } from './chained-appender.js';
import { writeGeneratorResults } from './generator-results.js';
import { ProgressBar } from './progress-bar.js';
import { COUNTY_WEIGHTS, enterpriseSize, enterpriseStory, pickCounty } from './province-story.js';
import { Random } from './random.js';

const { values } = parseArgs({ options: { workers: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '20200331' }, 'data-dir': { type: 'string' } } });
const workers = Number(values.workers);
const seed = Number(values.seed);
const dataDir = values['data-dir'] ?? fileURLToPath(new URL(`../.data/province-${workers}`, import.meta.url));
if (existsSync(join(dataDir, 'events.sqlite'))) {
  console.error(`generate: ${dataDir} already holds an event store; remove it or pass --data-dir`);
  process.exit(2);
}
mkdirSync(dataDir, { recursive: true });

const store = await SqliteEventStore.open({ dataDir });
const appender = new ChainedAppender(store, seed);
const random = new Random(seed);
const progress = new ProgressBar(workers);
const started = performance.now();

// One training provider per county; the special-operation classes of its enterprises are its own.
const providers = new Map<string, string>();
for (const [i, countyCode] of Object.keys(COUNTY_WEIGHTS).entries()) {
  const providerId = `f${i.toString(16).padStart(31, '0')}`;
  providers.set(countyCode, providerId);
  const registeredOn = '2020-01-06';
  await appender.write({
    actor: { sub: `em${countyCode}`, role: 'em_officer', scope: { countyCode } },
    occurredAt: registeredOn,
    streams: [{ streamId: `training_provider-${providerId}`, events: [{ type: 'TrainingProviderRegistered', data: { providerId, name: `益阳安全生产培训中心${i + 1}`, kind: 'institution', countyCode, registeredOn } }] }],
  });
}

let enrolled = 0;
let enterprises = 0;
const claims: Array<{ claimId: string; trainees: number }> = [];
const sampleWorkers: string[] = [];
while (enrolled < workers) {
  // The first enterprise is a large mine with its training base: the biggest claim comes from it.
  const size = enterprises === 0 ? Math.min(workers, 1200) : Math.min(workers - enrolled, enterpriseSize(random));
  const countyCode = enterprises === 0 ? '430923' : pickCounty(random);
  const story = enterpriseStory(random, enterprises, size, countyCode, providers.get(countyCode)!, enrolled);
  for (const command of story.commands) await appender.write(command);
  appender.forget();
  claims.push(...story.claims);
  if (random.chance(0.05)) sampleWorkers.push(random.pick(story.workers));
  enterprises++;
  enrolled += size;
  progress.tick(`${(appender.events / 1e6).toFixed(2)}M events, ${Math.round(appender.events / ((performance.now() - started) / 1000)).toLocaleString('en')} events/s`, size);
}
await appender.settle();
await store.close();
progress.finish();

const seconds = (performance.now() - started) / 1000;
const largestClaim = claims.reduce((best, claim) => (claim.trainees > best.trainees ? claim : best));
const manifest = {
  seed, workers, enterprises, events: appender.events, seconds: Math.round(seconds), eventsPerSecond: Math.round(appender.events / seconds),
  generatedAt: new Date().toISOString(), load: `${loadavg()[0]!.toFixed(1)} at the end`, largestClaim, claims: claims.length, sampleWorkers: sampleWorkers.slice(0, 200),
};
writeFileSync(join(dataDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
writeGeneratorResults(manifest);
console.error(`generate: ${workers.toLocaleString('en')} workers in ${enterprises.toLocaleString('en')} enterprises, ${appender.events.toLocaleString('en')} events in ${seconds.toFixed(0)} s (${manifest.eventsPerSecond.toLocaleString('en')} events/s) into ${dataDir}`);
