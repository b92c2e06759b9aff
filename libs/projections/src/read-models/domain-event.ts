import type { RecordedEvent } from '#libs/event-store';

/** A domain event (`{ type, data }` as the deciders define it) as the store delivers it. */
export type Recorded<E extends { type: string; data: unknown }> = E extends unknown ? RecordedEvent<E['type'], E['data']> : never;

/**
 * When the system learned a fact (`recordedAt`, given by the store). Documents keep it beside each
 * fact so that "as known at K" can drop what was recorded after K.
 */
export const knownAt = (event: RecordedEvent): string => event.recordedAt;
