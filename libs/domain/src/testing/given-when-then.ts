import type { Decider, DomainEvent, Rejection } from '../shared/decision.js';

/**
 * Decider tests as a sentence: given these past events, when this command, then these events
 * (or this rejection code). `thenWarnings` and `thenRejection` cover the finer points.
 */
export const specFor = <S, C, E extends DomainEvent>(decider: Decider<S, C, E>) => (given: E[] = []) => ({
  when(command: C) {
    const state = given.reduce(decider.evolve, decider.initialState());
    const decision = decider.decide(command, state);
    const describe = () => (decision.ok ? `events ${JSON.stringify(decision.events)}` : `rejection ${JSON.stringify(decision.rejection)}`);
    const events = (): E[] => {
      if (!decision.ok) throw new Error(`expected events, got ${describe()}`);
      return decision.events;
    };
    const rejection = (): Rejection => {
      if (decision.ok) throw new Error(`expected a rejection, got ${describe()}`);
      return decision.rejection;
    };
    return {
      decision,
      /** Then these events, or this rejection code. (Not a promise: do not return or await the spec.) */
      then(expected: E[] | string) {
        if (typeof expected === 'function') throw new Error('a decider spec is not a promise: do not return or await it');
        if (typeof expected === 'string') expect(rejection().code).toBe(expected);
        else expect(events()).toEqual(expected);
        return this;
      },
      thenRejects(code: string, kind?: Rejection['kind']) {
        const r = rejection();
        expect(r.code).toBe(code);
        if (kind) expect(r.kind).toBe(kind);
        return r;
      },
      thenWarnings(expected: string[]) {
        expect(decision.ok && decision.warnings).toEqual(expected);
        return this;
      },
      events,
      /** The state after applying the decided events, for checking evolve. */
      stateAfter: (): S => events().reduce(decider.evolve, state),
    };
  },
});
