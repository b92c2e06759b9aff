// Preloaded (`node --import`) into the api by traces.e2e.spec.ts: on SIGUSR2, one JSON line on stdout
// with the OpenTelemetry packages the process has loaded so far.
import { createRequire } from 'node:module';
import process from 'node:process';

const require = createRequire(import.meta.url);
process.on('SIGUSR2', () => {
  const names = Object.keys(require.cache)
    .map((file) => /node_modules\/(@opentelemetry\/[^/]+)\//.exec(file)?.[1])
    .filter((name) => name !== undefined);
  process.stdout.write(`${JSON.stringify({ opentelemetry: [...new Set(names)].sort() })}\n`);
});
