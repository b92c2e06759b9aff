import type { RecordedEvent } from '#libs/event-store';
import type { ReadStore } from '#libs/read-store';
import { projectBatch } from './project-batch.js';
import type { Projection } from './projection.js';
import { openTestReadStore, type TestReadStore } from './testing/test-read-store.js';

type LinkEvent = RecordedEvent<'Linked', { from: string; to: string }> | RecordedEvent<'Touched', { from: string }>;

/** `Touched` names only a link; the link names the target, which is read to count the touches. */
const links: Projection<LinkEvent> = {
  name: 'links',
  version: 1,
  collections: ['links', 'targets'],
  eventTypes: ['Linked', 'Touched'],
  reads: (event, loaded) => {
    if (event.type === 'Linked') return [];
    const link = loaded.get<{ to: string }>('links', event.data.from);
    return [{ collection: 'links', id: event.data.from }, ...(link ? [{ collection: 'targets', id: link.to }] : [])];
  },
  apply: (event, documents) => {
    if (event.type === 'Linked') return [{ type: 'upsert', collection: 'links', id: event.data.from, doc: { to: event.data.to } }];
    const to = documents.get<{ to: string }>('links', event.data.from)!.to;
    return [{ type: 'upsert', collection: 'targets', id: to, doc: { touches: (documents.get<{ touches: number }>('targets', to)?.touches ?? 0) + 1 } }];
  },
};

let position = 0n;
const event = (type: LinkEvent['type'], data: LinkEvent['data']) => ({ type, data, position: ++position }) as unknown as LinkEvent;

describe('projectBatch reads', () => {
  let stores: TestReadStore;
  const reads: string[][] = [];
  let store: ReadStore;

  beforeEach(async () => {
    stores = await openTestReadStore();
    reads.length = 0;
    store = new Proxy(stores.store, {
      get(target, property) {
        if (property === 'getMany') return (collection: string, ids: string[]) => (reads.push([collection, ...ids]), target.getMany(collection, ids));
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  });
  afterEach(() => stores.dispose());

  it('reads in rounds: a stored document loaded in the first names the one read in the second', async () => {
    await store.applyBatch('links_v1', await projectBatch(links, [event('Linked', { from: 'a', to: 't1' })], store), position);
    await store.applyBatch('links_v1', [{ type: 'upsert', collection: 'links_v1_targets', id: 't1', position, doc: { touches: 5 } }], position);
    reads.length = 0;
    const writes = await projectBatch(links, [event('Touched', { from: 'a' }), event('Touched', { from: 'a' })], store);
    expect(reads).toEqual([['links_v1_links', 'a'], ['links_v1_targets', 't1']]);
    expect(writes).toEqual([{ type: 'upsert', collection: 'links_v1_targets', id: 't1', position, doc: { touches: 7 } }]);
  });

  it('reads before an event what only a document written earlier in the batch names', async () => {
    const writes = await projectBatch(links, [event('Linked', { from: 'b', to: 't2' }), event('Touched', { from: 'b' })], store);
    expect(reads).toEqual([['links_v1_links', 'b'], ['links_v1_targets', 't2']]);
    expect(writes).toContainEqual({ type: 'upsert', collection: 'links_v1_targets', id: 't2', position, doc: { touches: 1 } });
  });
});
