import { availableParallelism, cpus, totalmem } from 'node:os';
import { writeResultsSection } from '../append/results-file.js';

export interface GeneratorManifest {
  seed: number;
  workers: number;
  enterprises: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  generatedAt: string;
  claims: number;
  largestClaim: { claimId: string; trainees: number };
  /** The 1-minute load average at the end of the run (the machine is shared). */
  load?: string;
}

/** The "Province generator" section of bench/results.md, from a run's manifest. */
export function writeGeneratorResults(manifest: GeneratorManifest): void {
  const count = (n: number) => n.toLocaleString('en-US');
  writeResultsSection(
    'Province generator',
    [
      `A seeded province written through the SQLite store's own \`appendMulti\` (validation, expected revisions, group commit: durable`,
      'transactions of up to 1,000 commands), each command with the envelope the event writer builds and its SHA-256 hash chain:',
      'enterprises (log-normal sizes, median ~25 workers) and their credit-code reservations, enrolments with ID-number reservations,',
      'pre-post, special-operation (35 % of workers) and refresher classes with rosters, completions and exams (resits), posts,',
      'certificates with number reservations and reviews, subsidy claims with their class, person+code and yearly reservations',
      'through verification, approval, rejection or payment, leavers. Days span 2019–2025; `recordedAt` is the generation time.',
      '',
      `- Command: \`npm run bench:generate -- --workers ${manifest.workers}\` (seed ${manifest.seed}; a city: \`--workers 30000\`)`,
      `- Date: ${manifest.generatedAt}`,
      `- Machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, load average ${manifest.load ?? 'not recorded'} (a shared machine)`,
      '',
      '| workers | enterprises | events | subsidy claims (largest) | time | events/s |',
      '| ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${count(manifest.workers)} | ${count(manifest.enterprises)} | ${count(manifest.events)} | ${count(manifest.claims)} (${manifest.largestClaim.trainees} trainees) | ${count(manifest.seconds)} s | ${count(manifest.eventsPerSecond)} |`,
    ].join('\n'),
  );
}
