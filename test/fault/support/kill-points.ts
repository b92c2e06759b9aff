import type { Random } from '../../../bench/generator/random.js';

/** `count` distinct command numbers spread over the run (not the very first or last few), ascending. */
export function killPoints(random: Random, total: number, count: number): number[] {
  const points = new Set<number>();
  while (points.size < count) points.add(random.int(Math.floor(total * 0.03), Math.floor(total * 0.97)));
  return [...points].sort((a, b) => a - b);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
