import { describe, expect, it } from '@jest/globals';
import { ANY, EVENT_TYPE, NO_STREAM, STREAM_EXISTS, STREAM_NAME, UnavailableError, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import type { AllStreamResolvedEvent } from '@kurrent/kurrentdb-client';
import { StoreUnavailableError, WrongExpectedRevisionError } from '../event-store.port.js';
import { testEvent } from '../testing/test-event.js';
import { toPortError, toRecorded, toServerFilter, toStreamState } from './kurrentdb-mapping.js';

const resolved = (streamId: string, type: string): AllStreamResolvedEvent => {
  const event = testEvent(type);
  return {
    event: {
      streamId,
      id: event.id,
      isJson: true,
      revision: 4n,
      type,
      created: new Date('2025-05-01T00:00:00.000Z'),
      data: event.data as Record<string, unknown>,
      metadata: event.metadata as unknown as Record<string, unknown>,
      position: { commit: 1234n, prepare: 1234n },
    },
  };
};

describe('KurrentDB mapping', () => {
  it('maps expected revisions to stream states', () => {
    expect([toStreamState('no_stream'), toStreamState('exists'), toStreamState('any'), toStreamState(7)]).toEqual([NO_STREAM, STREAM_EXISTS, ANY, 7n]);
  });

  it('maps a wrong expected version to our error with the actual revision', () => {
    const conflict = new WrongExpectedVersionError(undefined, { streamName: 'worker-1', expected: 2n, current: 5n });
    expect(toPortError(conflict, 'worker-1', 2)).toEqual(new WrongExpectedRevisionError('worker-1', 2, 5));
    const missing = new WrongExpectedVersionError(undefined, { streamName: 'worker-1', expected: STREAM_EXISTS, current: NO_STREAM });
    expect(toPortError(missing, 'worker-1', 'exists')).toMatchObject({ name: 'WrongExpectedRevisionError', actual: null });
  });

  it('maps an unreachable server to StoreUnavailableError', () => {
    expect(toPortError(new UnavailableError(), '$all')).toBeInstanceOf(StoreUnavailableError);
  });

  it('filters on the server by category prefix, else by event type, else leaves out system events', () => {
    expect(toServerFilter({ streamCategories: ['worker'], eventTypes: ['X'] })).toMatchObject({ filterOn: STREAM_NAME, prefixes: ['worker-'] });
    expect(toServerFilter({ eventTypes: ['WorkerEnrolled'] })).toMatchObject({ filterOn: EVENT_TYPE, prefixes: ['WorkerEnrolled'] });
    expect(toServerFilter(undefined)).toMatchObject({ filterOn: EVENT_TYPE, regex: '^[^$].*' });
  });

  it('maps a recorded event to the envelope (position = commit, recordedAt = created) and drops system events', () => {
    expect(toRecorded(resolved('worker-1', 'WorkerEnrolled'))).toMatchObject({
      streamId: 'worker-1',
      revision: 4,
      position: 1234n,
      recordedAt: '2025-05-01T00:00:00.000Z',
      metadata: { schemaVersion: 1, prevHash: null },
    });
    expect(toRecorded(resolved('$stats-1', 'WorkerEnrolled'))).toBeNull();
    expect(toRecorded(resolved('worker-1', '$metadata'))).toBeNull();
  });
});
