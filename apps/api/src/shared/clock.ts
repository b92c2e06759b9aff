import type { Day } from '#libs/domain';

/** Today and now, injected so that tests can fix them; rules never read the clock themselves. */
export abstract class Clock {
  abstract now(): Date;

  /** Today in China Standard Time (UTC+8, no daylight saving), the bureaus' calendar day. */
  today(): Day {
    return new Date(this.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10) as Day;
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
