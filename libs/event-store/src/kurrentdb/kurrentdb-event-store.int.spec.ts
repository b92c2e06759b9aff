import { describe, it } from '@jest/globals';
import { describeEventStoreConformance } from '../testing/event-store.conformance.js';
import { KurrentDbEventStore } from './kurrentdb-event-store.js';

const url = process.env.KURRENTDB_URL;

if (url) {
  describeEventStoreConformance(`kurrentdb (${url})`, async () => {
    const store = await KurrentDbEventStore.connect(url);
    return { store, cleanup: () => store.close() };
  });
} else {
  const reason =
    'KurrentDB conformance suite SKIPPED: KURRENTDB_URL is not set (no KurrentDB server here). ' +
    'To run it: `docker compose up kurrentdb`, then `KURRENTDB_URL=kurrentdb://localhost:2113?tls=false npm test -- kurrentdb`.';
  console.warn(reason);
  describe('EventStore conformance: kurrentdb', () => {
    it.skip('SKIPPED, KURRENTDB_URL is not set: docker compose up kurrentdb, then KURRENTDB_URL=kurrentdb://localhost:2113?tls=false npm test -- kurrentdb', () => undefined);
  });
}
