import type { DomainEvent, Rejection, StreamRef } from '#libs/domain';
import type { AggregateType, EventWriter, SideAppend } from '../commands/event-writer.js';
import type { ReservationKind } from './claim-reservation-kinds.js';

/** What a claim's step does to its reservations: the side appends of its own append, or the first refusal. */
export type SlotChange = { ok: true; sides: SideAppend[] } | { ok: false; rejection: Rejection };

/** One reservation stream as a decision of a claim read it; `path` is the field of the claim a refusal points at. */
export interface ReservationSlot<S = unknown> {
  streamId: string;
  path: string;
  state: S;
  /** The claims holding it, as read. */
  holders: string[];
  take(claimId: string): SlotChange;
  release(claimId: string): SlotChange;
}

/**
 * Reads a reservation stream (state, revision, last event). What the claim does to it is appended with
 * the claim, at the revision read (`no_stream` for a new stream), so a concurrent change makes the whole
 * command decide again on what the other one wrote.
 */
export async function readReservationSlot<S, C, E extends DomainEvent>(
  writer: EventWriter,
  kind: ReservationKind<S, C, E>,
  stream: StreamRef,
  path: string,
): Promise<ReservationSlot<S>> {
  const type: AggregateType<S, E> = {
    category: stream.category,
    label: 'Reservation',
    initialState: kind.decider.initialState,
    evolve: kind.decider.evolve,
  };
  const loaded = await writer.load(type, stream.id);
  const streamId = loaded.streamId;
  const change = (command: C): SlotChange => {
    const decision = kind.decider.decide(command, loaded.state);
    if (!decision.ok) return { ok: false, rejection: { ...decision.rejection, path } };
    const sides: SideAppend[] = decision.events.length
      ? [{ streamId, events: decision.events, expected: loaded.revision ?? 'no_stream', previous: loaded.last }]
      : [];
    return { ok: true, sides };
  };
  return {
    streamId,
    path,
    state: loaded.state,
    holders: kind.holders(loaded.state),
    take: (claimId) => change(kind.take(claimId)),
    release: (claimId) => change(kind.release(claimId)),
  };
}

/** The same change to every slot: all their side appends, or the first refusal (in the claim's order). */
export function changeAll(slots: ReservationSlot[], change: (slot: ReservationSlot) => SlotChange): SlotChange {
  const sides: SideAppend[] = [];
  for (const slot of slots) {
    const changed = change(slot);
    if (!changed.ok) return changed;
    sides.push(...changed.sides);
  }
  return { ok: true, sides };
}
