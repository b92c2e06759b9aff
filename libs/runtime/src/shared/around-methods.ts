/**
 * `target` with the methods named run through `around` (timed, traced), every other member as it is,
 * bound to the target: a store wrapped this way is used exactly as the store itself.
 */
export function aroundMethods<T extends object>(
  target: T,
  names: readonly string[],
  around: (method: string, args: unknown[], call: () => Promise<unknown>) => Promise<unknown>,
): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (typeof property === 'string' && names.includes(property)) {
        return (...args: unknown[]) => around(property, args, () => method.apply(object, args) as Promise<unknown>);
      }
      return method.bind(object);
    },
  });
}
