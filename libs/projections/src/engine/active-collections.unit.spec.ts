import type { ReadStore } from '#libs/read-store';
import { ActiveCollections } from './active-collections.js';

/** A read store that answers the active version from a table, counting the questions. */
function storeWith(versions: Map<string, number>) {
  const asked: string[] = [];
  let down = false;
  const store = {
    getActiveVersion: async (projection: string) => {
      asked.push(projection);
      if (down) throw new Error('the read store cannot be reached');
      return versions.get(projection) ?? null;
    },
  } as unknown as ReadStore;
  return { store, asked, goDown: () => (down = true) };
}

describe('ActiveCollections', () => {
  it('keeps an active version for its time to live, then asks again', async () => {
    const { store, asked } = storeWith(new Map([['workers', 4]]));
    let now = 0;
    const active = new ActiveCollections(store, 1000, () => now);
    expect(await active.name('workers', 'workers')).toBe('workers_v4_workers');
    now = 999;
    expect(await active.name('workers', 'workers')).toBe('workers_v4_workers');
    expect(asked).toEqual(['workers']);
    now = 1000;
    await active.name('workers', 'workers');
    expect(asked).toEqual(['workers', 'workers']);
  });

  it('never keeps "no version yet": the next read asks the store, which may be down by then', async () => {
    const versions = new Map<string, number>();
    const { store, asked } = storeWith(versions);
    const active = new ActiveCollections(store, 1000, () => 0);
    expect(await active.name('milestones', 'counties')).toBeNull();
    versions.set('milestones', 1);
    expect(await active.name('milestones', 'counties')).toBe('milestones_v1_counties');
    expect(asked).toEqual(['milestones', 'milestones']);

    const failing = storeWith(new Map());
    const other = new ActiveCollections(failing.store, 1000, () => 0);
    expect(await other.name('enterprises', 'enterprises')).toBeNull();
    failing.goDown();
    await expect(other.name('enterprises', 'enterprises')).rejects.toThrow('cannot be reached');
  });
});
