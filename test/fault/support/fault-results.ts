import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { writeResultsSection } from '../../../bench/append/results-file.js';

const RESULTS = fileURLToPath(new URL('../../../bench/results.md', import.meta.url));
const HEADING = 'Faults';

const INTRO = `Fault tests under \`test/fault/\` (they run with \`npm test\`): each writes its part below when it
passes. Lost and duplicated acknowledged commands must be 0; times are what this run measured.`;

/**
 * Prints the figures of one fault test and writes them as its `### <title>` part of the "Faults"
 * section of bench/results.md, keeping the other tests' parts.
 */
export function reportFaultFigures(title: string, command: string, figures: string[]): void {
  const date = new Date().toISOString();
  const machine = `${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}`;
  const part = [`### ${title}`, '', `- Command: \`${command}\``, `- Date: ${date}`, `- Machine: ${machine}`, ...figures.map((f) => `- ${f}`)].join('\n');
  process.stdout.write(`\n${title}\n${figures.map((f) => `  ${f}`).join('\n')}\n`);

  const parts = new Map<string, string>();
  for (const existing of currentParts()) parts.set(existing.split('\n', 1)[0]!, existing.trim());
  parts.set(`### ${title}`, part);
  writeResultsSection(HEADING, [INTRO, ...[...parts.values()]].join('\n\n'));
}

function currentParts(): string[] {
  if (!existsSync(RESULTS)) return [];
  const text = readFileSync(RESULTS, 'utf8');
  const start = text.search(new RegExp(`^## ${HEADING}$`, 'm'));
  if (start < 0) return [];
  const rest = text.slice(start + 3);
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  return section.split(/^(?=### )/m).filter((chunk) => chunk.startsWith('### '));
}
