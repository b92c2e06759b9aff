import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnsupportedError,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  isCommandError,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type Filter,
  type Position,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import {
  StoreUnavailableError,
  WrongExpectedRevisionError,
  type EventFilter,
  type EventMetadata,
  type ExpectedRevision,
  type RecordedEvent,
} from '../event-store.port.js';

export const toStreamState = (expected: ExpectedRevision): AppendStreamState => {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return BigInt(expected);
  }
};

/**
 * Our `position` is KurrentDB's commit position. A checkpoint is turned back into a `Position` with
 * prepare = commit, as the other KurrentDB clients do; reads starting there are then filtered to
 * `position > after` on our side, so the inclusive/exclusive detail of the server does not matter.
 */
export const toPosition = (position: bigint): Position => ({ commit: position, prepare: position });

/**
 * The server filters on one thing only, by prefix: categories (`<category>-`, exact since the category
 * ends at the `-`) when given, else event types (prefixes, so checked exactly on our side too), else
 * it leaves out system events. The full filter is always applied again by `matchesFilter`.
 */
export const toServerFilter = (filter: EventFilter | undefined): Filter => {
  if (filter?.streamCategories?.length) return streamNameFilter({ prefixes: filter.streamCategories.map((category) => `${category}-`) });
  if (filter?.eventTypes?.length) return eventTypeFilter({ prefixes: filter.eventTypes });
  return excludeSystemEvents();
};

/** The property that carries our JSON envelope on records written by a multi-stream append. */
export const ENVELOPE_PROPERTY = 'envelope';

const envelopeOf = (metadata: unknown): EventMetadata => {
  const property = (metadata as Record<string, unknown> | undefined)?.[ENVELOPE_PROPERTY];
  return (typeof property === 'string' ? JSON.parse(property) : metadata) as EventMetadata;
};

/** Our events, or null for system events, links and non-JSON records (none of ours). */
export const toRecorded = (resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | null => {
  const event = resolved.event;
  if (event === undefined || !event.isJson || event.streamId.startsWith('$') || event.type.startsWith('$')) return null;
  const commit = event.position?.commit ?? resolved.commitPosition;
  if (commit === undefined) return null;
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: envelopeOf(event.metadata),
    streamId: event.streamId,
    revision: Number(event.revision),
    position: commit,
    recordedAt: event.created.toISOString(),
  };
};

/** Client errors become the port's: a conflict keeps the actual revision, a lost server is unavailable. */
export const toPortError = (error: unknown, streamId: string, expected?: ExpectedRevision): unknown => {
  if (error instanceof WrongExpectedVersionError) {
    const actual = error.actualState === NO_STREAM ? null : Number(error.actualState);
    return new WrongExpectedRevisionError(streamId, expected ?? 'any', actual);
  }
  if (error instanceof StreamNotFoundError) return error;
  if (error instanceof Error && isCommandError(error) && ['unavailable', 'deadline-exceeded', 'timeout', 'not-leader'].includes(error.type)) {
    return new StoreUnavailableError(`KurrentDB unavailable: ${error.type}`, { cause: error });
  }
  // Not an outage that a retry outlives: the configuration is wrong, and says how.
  if (error instanceof Error && isCommandError(error) && error.type === 'access-denied') {
    return new KurrentDbConfigurationError(
      'KurrentDB denied access (access-denied): the user in KURRENTDB_URL needs read on $all and read and write on the application\'s streams',
      { cause: error },
    );
  }
  if (error instanceof UnsupportedError) {
    // The client checks the server's version before sending: 25.1 for multiStreamAppend, which every command uses.
    return new KurrentDbConfigurationError(
      `KurrentDB server too old (unsupported): ${error.feature} needs a KurrentDB ${error.minimumVersion} server or later; multi-stream appends (every command) need 25.1`,
      { cause: error },
    );
  }
  return error;
};

/** The server refuses what the adapter needs (rights, version): an operator's fix, not a retry. */
export class KurrentDbConfigurationError extends Error {
  readonly code = 'store_misconfigured';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KurrentDbConfigurationError';
  }
}
