import { cpus, loadavg, totalmem } from 'node:os';
import type { DemoSummary } from './seed-demo.js';

export interface DemoRun {
  command: string;
  seed: number;
  seconds: number;
  summary: DemoSummary;
  /** The one-minute load averages seen during the run (the machine is shared). */
  loads: number[];
}

/** Samples the one-minute load average every `everyMs` until stopped. */
export function watchLoad(everyMs = 30_000): { stop(): number[] } {
  const loads = [loadavg()[0]!];
  const timer = setInterval(() => loads.push(loadavg()[0]!), everyMs);
  timer.unref(); // never what keeps the process alive
  return {
    stop: () => {
      clearInterval(timer);
      loads.push(loadavg()[0]!);
      return loads;
    },
  };
}

/** The "Demo seed" section of bench/results.md: commands, seconds, commands/s and the refusals by code. */
export function demoResultsSection(run: DemoRun): string {
  const { summary } = run;
  const cpu = cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'unknown CPU';
  const refused = Object.entries(summary.refused);
  return [
    'The demo seeder (`bench/generator/seed-demo.ts`) over HTTP against the compiled api started in the same process on a fresh',
    "SQLite DATA_DIR (read models projected in the api's process as it goes): every command one request, at most 6 enterprises",
    'and 8 requests per enterprise at a time. The refusals are the deliberate ones listed in the seeder.',
    '',
    `- Command: \`${run.command}\` (seed ${run.seed})`,
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpus().length} CPUs (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, load average ${Math.min(...run.loads).toFixed(1)}–${Math.max(...run.loads).toFixed(1)} during the run (another engineer's benchmarks on the same machine)`,
    '',
    '| enterprises | workers | commands | time | commands/s |',
    '| ---: | ---: | ---: | ---: | ---: |',
    `| ${summary.enterprises.toLocaleString('en')} | ${summary.workers.toLocaleString('en')} | ${summary.commands.toLocaleString('en')} | ${run.seconds.toFixed(0)} s | ${(summary.commands / run.seconds).toFixed(0)} |`,
    '',
    'Refusals by code:',
    '',
    ...(refused.length ? refused.map(([key, n]) => `- \`${key}\`: ${n.toLocaleString('en')}`) : ['- none']),
  ].join('\n');
}
