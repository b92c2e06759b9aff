import { isLoopback } from './dev-tokens.controller.js';

describe('the dashboard sign-in answers only on the server itself by default', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['192.168.1.20', false],
    ['::ffff:10.0.0.5', false],
    ['2001:db8::1', false],
    [undefined, false],
  ])('peer %s is loopback: %s', (address, expected) => {
    expect(isLoopback(address)).toBe(expected);
  });
});
