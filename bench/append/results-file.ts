import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RESULTS = fileURLToPath(new URL('../results.md', import.meta.url));

/** Replaces the `## <heading>` section of bench/results.md (or adds it), leaving the other benchmarks' sections alone. */
export const writeResultsSection = (heading: string, body: string): void => {
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
  const section = `## ${heading}\n\n${body.trim()}\n`;
  const start = current.search(new RegExp(`^## ${heading}$`, 'm'));
  if (start < 0) {
    writeFileSync(RESULTS, `${current.trimEnd()}\n\n${section}`);
    return;
  }
  const next = current.slice(start + 3).search(/^## /m);
  const end = next < 0 ? current.length : start + 3 + next;
  writeFileSync(RESULTS, `${current.slice(0, start)}${section}${next < 0 ? '' : `\n${current.slice(end)}`}`);
};
