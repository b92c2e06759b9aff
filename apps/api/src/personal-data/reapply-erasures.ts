import type { EventStore } from '#libs/event-store';
import type { PersonalDataVault } from './personal-data-vault.js';

/** Persons looked up in the key store per round trip. */
const BATCH = 500;

export interface ReappliedErasures {
  /** `PersonErased` events read from the log (those after the store's own position). */
  read: number;
  /** Of those, persons whose key the store held again (or whose erasure it did not remember): destroyed now. */
  destroyed: number;
}

/**
 * The event log is the record of erasures; the key store only applies them. A key store restored from
 * a backup taken before an erasure holds the erased person's key again: at start, before anything is
 * served, every `PersonErased` logged after the position the store remembers (`erasuresAppliedThrough`,
 * which the backup brought back with it) is applied again: the key destroyed, the person marked erased.
 * Then the store remembers the log's head, so that a normal start reads only the erasures since the last.
 *
 * The head is read before the log: on PostgreSQL every snapshot sees a prefix of the log (decision
 * 0010), and SQLite has one writer, so no erasure at or below the head can be committed after the read.
 */
export async function reapplyLoggedErasures(events: EventStore, vault: PersonalDataVault): Promise<ReappliedErasures> {
  const store = vault.store;
  const from = await store.erasuresAppliedThrough();
  const head = await events.lastPosition();
  let through = head;
  let read = 0;
  let destroyed = 0;
  let batch: string[] = [];

  const apply = async (): Promise<void> => {
    const keys = await store.getKeys(batch);
    for (const personId of batch) {
      if (!keys.has(personId) && (await store.wasErased(personId))) continue;
      await vault.eraseWhenFree(personId);
      destroyed++;
    }
    batch = [];
  };

  for await (const event of events.readAll({ ...(from === null ? {} : { after: from }), filter: { eventTypes: ['PersonErased'] } })) {
    read++;
    if (event.position > through) through = event.position;
    batch.push((event.data as { personId: string }).personId);
    if (batch.length >= BATCH) await apply();
  }
  if (batch.length > 0) await apply();
  // An empty log has no position to remember (its first event may come at the position an empty one reports).
  if (read > 0 || head > 0n) await store.recordErasuresAppliedThrough(through);
  return { read, destroyed };
}
