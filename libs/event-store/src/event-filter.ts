import type { EventFilter, RecordedEvent } from './event-store.port.js';
import { categoryOf } from './stream-name.js';

/**
 * An event passes when its type is one of `eventTypes` (if given) AND its stream's category is one of
 * `streamCategories` (if given). No filter, or empty lists, let everything through.
 */
export const matchesFilter = (event: RecordedEvent, filter: EventFilter | undefined): boolean =>
  (!filter?.eventTypes?.length || filter.eventTypes.includes(event.type)) &&
  (!filter?.streamCategories?.length || filter.streamCategories.includes(categoryOf(event.streamId)));
