/**
 * `npm run demo [-- --size small|tiny] [--seed N] [--url http://host:port] [--results]`: seeds a realistic Yiyang
 * through the real commands over HTTP, sent with the typed client generated from the api's OpenAPI
 * document (`#libs/api-client`, openapi-fetch). Without `--url` it starts the built api in this process on
 * `DATA_DIR` (default ./data) and leaves the data there for `npm start`; with `--url` it seeds a
 * running server (embedded default with its dev sign-in, DASHBOARD_DEV_SIGNIN not off; start it with a
 * high RATE_LIMIT_PER_MINUTE, or the seeder waits out every 429 as Retry-After says). `--results`
 * writes the figures to bench/results.md's "Demo seed" section.
 */
import { parseArgs } from 'node:util';
import { writeResultsSection } from '../append/results-file.js';
import { demoResultsSection, watchLoad } from './demo-results.js';
import { DEMO_SIZES, seedDemo, type DemoSize } from './seed-demo.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: 'full' }, seed: { type: 'string', default: '20200331' }, url: { type: 'string' }, results: { type: 'boolean', default: false } } });
if (!(values.size! in DEMO_SIZES)) {
  console.error(`demo: --size must be one of ${Object.keys(DEMO_SIZES).join(', ')}`);
  process.exit(2);
}

let baseUrl = values.url;
let close = async () => {};
if (!baseUrl) {
  // The compiled api (npm run build): Nest's injection needs the decorator metadata tsc emits.
  const bootstrap = '../../dist/apps/api/src/bootstrap.js';
  const config = '../../dist/apps/api/src/config/app-config.js';
  const { createApp } = (await import(bootstrap)) as typeof import('../../apps/api/src/bootstrap.js');
  const { loadConfig } = (await import(config)) as typeof import('#libs/runtime');
  // The seeder is this api's only client and signs in as one subject per role: the per-subject rate
  // limit meant for the public would only make it wait.
  const app = await createApp(loadConfig({ RATE_LIMIT_PER_MINUTE: '10000000', ...process.env, PORT: '0' }), { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  baseUrl = await app.getUrl();
  close = () => app.close();
  console.error(`demo: api started in-process on ${baseUrl}, data in ${process.env.DATA_DIR ?? './data'}`);
}

const started = Date.now();
const load = watchLoad();
const summary = await seedDemo({ baseUrl, size: values.size as DemoSize, seed: Number(values.seed) });
const seconds = (Date.now() - started) / 1000;
await close();
console.error(`demo: ${summary.enterprises} enterprises, ${summary.workers} workers, ${summary.commands} commands in ${seconds.toFixed(0)} s`);
if (values.results) {
  const command = `npm run demo --${values.size === 'full' ? '' : ` --size ${values.size}`} --results`;
  writeResultsSection('Demo seed', demoResultsSection({ command, seed: Number(values.seed), seconds, summary, loads: load.stop() }));
}
const refused = Object.entries(summary.refused);
if (refused.length) console.error(`demo: refused by the rules (the deliberate refusals are listed in bench/generator/seed-demo.ts; any other is a gap to look at):\n${refused.map(([key, n]) => `  ${n}\t${key}`).join('\n')}`);
console.error('demo: open the dashboard at / (npm start), e.g. http://localhost:3000/#asOf=2021-10-31');
