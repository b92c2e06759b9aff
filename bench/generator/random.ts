import { addDays, type Day } from '#libs/domain';

/** A small seeded generator (mulberry32): the same seed gives the same Yiyang every time. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A day between `from` and `to`, both inclusive. */
  day(from: Day, to: Day): Day {
    const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
    return addDays(from, this.int(0, span));
  }
}

/**
 * A generator of its own for one thing of the story (a worker, a class, a claim), from the seed and
 * that thing's ordinals: what it draws does not depend on the order in which parallel requests answer.
 */
export const randomFor = (seed: number, ...ordinals: number[]): Random => new Random(ordinals.reduce((state, ordinal) => mix(state ^ mix(ordinal + 0x9e3779b9)), mix(seed)));

/** MurmurHash3's finaliser: nearby ordinals give unrelated states. */
function mix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
