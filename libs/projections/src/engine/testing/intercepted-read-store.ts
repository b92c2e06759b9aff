import type { ReadStore } from '#libs/read-store';

type ApplyBatch = ReadStore['applyBatch'];

/** The store with `applyBatch` replaced, to inject failures; `inner` is the real one. */
export function interceptApplyBatch(store: ReadStore, applyBatch: (inner: ApplyBatch, ...args: Parameters<ApplyBatch>) => Promise<void>): ReadStore {
  const inner: ApplyBatch = (...args) => store.applyBatch(...args);
  return new Proxy(store, {
    get(target, property) {
      if (property === 'applyBatch') return (...args: Parameters<ApplyBatch>) => applyBatch(inner, ...args);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
