import { accept, reject, type Decider, type DomainEvent } from '../shared/decision.js';
import { specFor } from './given-when-then.js';

type Counted = DomainEvent<'Counted', { by: number }>;
const counter: Decider<number, { by: number }, Counted> = {
  initialState: () => 0,
  evolve: (total, event) => total + event.data.by,
  decide: ({ by }, total) => (total + by > 3 ? reject('too_many', 'at most 3') : accept([{ type: 'Counted', data: { by } }], by > 1 ? ['big_step'] : [])),
};
const given = specFor(counter);

describe('given / when / then', () => {
  it('checks events, warnings, state and rejection codes', () => {
    expect(given([{ type: 'Counted', data: { by: 1 } }]).when({ by: 2 }).then([{ type: 'Counted', data: { by: 2 } }]).thenWarnings(['big_step']).stateAfter()).toBe(3);
    given([{ type: 'Counted', data: { by: 3 } }]).when({ by: 1 }).then('too_many');
    expect(() => given().when({ by: 1 }).thenRejects('too_many')).toThrow(/expected a rejection/);
  });

  it('fails loudly when the outcome differs', () => {
    expect(() => given().when({ by: 1 }).then('too_many')).toThrow(/expected a rejection/);
    expect(() => given().when({ by: 5 }).then([])).toThrow(/expected events/);
    expect(() => given().when({ by: 1 }).then([])).toThrow();
  });
});
