import type { ReadStore } from '#libs/read-store';

type ApplyBatch = ReadStore['applyBatch'];
type ApplyPartialBatch = ReadStore['applyPartialBatch'];

/** The store with `applyBatch` replaced, to inject failures; `inner` is the real one. */
export function interceptApplyBatch(store: ReadStore, applyBatch: (inner: ApplyBatch, ...args: Parameters<ApplyBatch>) => Promise<void>): ReadStore {
  return intercept(store, { applyBatch });
}

/** The store with its batch writes replaced, to inject failures; each replacement gets the real method as `inner`. */
export function intercept(
  store: ReadStore,
  replacements: {
    applyBatch?: (inner: ApplyBatch, ...args: Parameters<ApplyBatch>) => Promise<void>;
    applyPartialBatch?: (inner: ApplyPartialBatch, ...args: Parameters<ApplyPartialBatch>) => Promise<void>;
  },
): ReadStore {
  const inner = { applyBatch: store.applyBatch.bind(store), applyPartialBatch: store.applyPartialBatch.bind(store) };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'applyBatch' && replacements.applyBatch) return (...args: Parameters<ApplyBatch>) => replacements.applyBatch!(inner.applyBatch, ...args);
      if (property === 'applyPartialBatch' && replacements.applyPartialBatch) {
        return (...args: Parameters<ApplyPartialBatch>) => replacements.applyPartialBatch!(inner.applyPartialBatch, ...args);
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
