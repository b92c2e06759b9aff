import { depthExceeds } from './json-depth.middleware.js';

describe('depthExceeds', () => {
  const nested = (levels: number): unknown => (levels === 0 ? 1 : { a: [nested(levels - 1)] });

  it('counts objects and arrays as levels, scalars as none', () => {
    expect(depthExceeds(1, 0)).toBe(false);
    expect(depthExceeds({}, 1)).toBe(false);
    expect(depthExceeds({ a: {} }, 1)).toBe(true);
    expect(depthExceeds(nested(3), 6)).toBe(false);
    expect(depthExceeds(nested(3), 5)).toBe(true);
  });

  it('measures 100 000 levels without recursion', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(depthExceeds(deep, 32)).toBe(true);
  });
});
