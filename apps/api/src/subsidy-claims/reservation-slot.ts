import { accept, type Decision, type DomainEvent, type Rejection } from '#libs/domain';
import { WrongExpectedRevisionError } from '#libs/event-store';
import type { AggregateType, EventWriter } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { ProblemError } from '../http/problem.js';
import type { ReservationKind } from './claim-reservation-kinds.js';

/** One reservation stream as a claim sees it; `path` is the field of the claim a refusal points at. */
export interface ReservationSlot<S = unknown> {
  streamId: string;
  path: string;
  state(): Promise<S>;
  holders(): Promise<string[]>;
  /** Takes it for the claim (a no-op when the claim holds it), after freeing holders `isStale` names; or the refusal. */
  take(claimId: string, isStale: (holder: string) => Promise<boolean>, context: CommandContext, occurredAt: string): Promise<Rejection | null>;
  /** Frees what the claim holds here; nothing when it holds nothing. */
  release(claimId: string, context: CommandContext, occurredAt: string): Promise<void>;
}

const MAX_ATTEMPTS = 6;

/**
 * Appends with the revision read (for a new stream that is "no stream"), so of racing claims exactly one
 * changes the stream; the others re-read and decide again on what the winner wrote.
 */
export function reservationSlot<S, C, E extends DomainEvent>(writer: EventWriter, kind: ReservationKind<S, C, E>, streamId: string, path: string): ReservationSlot<S> {
  const dash = streamId.indexOf('-');
  const type: AggregateType<S, E> = {
    category: streamId.slice(0, dash),
    label: 'Reservation',
    initialState: kind.decider.initialState,
    evolve: kind.decider.evolve,
  };
  const id = streamId.slice(dash + 1);

  const appendDecided = async (decide: (state: S) => Promise<Decision<E>>, context: CommandContext, occurredAt: string): Promise<Rejection | null> => {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const loaded = await writer.load(type, id);
      const decision = await decide(loaded.state);
      if (!decision.ok) return decision.rejection;
      if (decision.events.length === 0) return null;
      try {
        await writer.appendAfter(loaded, decision.events, context, occurredAt);
        return null;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
    throw new ProblemError(409, 'concurrent_change', 'Other claims kept changing the same reservation while this one ran; retry.');
  };

  return {
    streamId,
    path,
    state: async () => (await writer.load(type, id)).state,
    holders: async () => kind.holders((await writer.load(type, id)).state),
    take: (claimId, isStale, context, occurredAt) =>
      appendDecided(
        async (state) => {
          const events: E[] = [];
          for (const holder of kind.holders(state)) {
            if (holder === claimId || !(await isStale(holder))) continue;
            const released = kind.decider.decide(kind.release(holder), state);
            if (!released.ok) continue;
            events.push(...released.events);
            state = released.events.reduce(kind.decider.evolve, state);
          }
          const taken = kind.decider.decide(kind.take(claimId), state);
          return taken.ok ? accept([...events, ...taken.events]) : taken;
        },
        context,
        occurredAt,
      ),
    release: async (claimId, context, occurredAt) => {
      await appendDecided(async (state) => kind.decider.decide(kind.release(claimId), state), context, occurredAt);
    },
  };
}
