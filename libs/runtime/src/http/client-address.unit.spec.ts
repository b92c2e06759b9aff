import type { Request } from 'express';
import { isLoopback, proxyTrust, resolveClientAddress } from './client-address.js';

const request = (peer: string, headers: Record<string, string> = {}): Request => ({ socket: { remoteAddress: peer }, headers }) as unknown as Request;

describe('the client address, as the rate limit and the dashboard sign-in see it', () => {
  const none = proxyTrust([], 0);
  const loopbackProxy = proxyTrust([], 1);
  const twoProxies = proxyTrust(['10.0.0.2', '10.1.0.0/16'], 2);

  it('without a proxy: the peer, whatever X-Forwarded-For says, and a request that says it was forwarded is marked so', () => {
    expect(resolveClientAddress(request('203.0.113.9'), none)).toEqual({ address: '203.0.113.9', viaProxy: false });
    expect(resolveClientAddress(request('127.0.0.1', { 'x-forwarded-for': '198.51.100.1' }), none)).toEqual({ address: '127.0.0.1', viaProxy: true });
    expect(resolveClientAddress(request('::ffff:127.0.0.1', { forwarded: 'for=1.2.3.4' }), none)).toEqual({ address: '127.0.0.1', viaProxy: true });
  });

  it('believes X-Forwarded-For only from a configured proxy: a client straight on the port cannot rotate its address', () => {
    expect(resolveClientAddress(request('127.0.0.1', { 'x-forwarded-for': '198.51.100.1' }), loopbackProxy).address).toBe('198.51.100.1');
    for (const forged of ['198.51.100.1', '198.51.100.2', '127.0.0.1']) {
      expect(resolveClientAddress(request('203.0.113.9', { 'x-forwarded-for': forged }), loopbackProxy).address).toBe('203.0.113.9');
      expect(resolveClientAddress(request('10.0.0.3', { 'x-forwarded-for': forged }), twoProxies).address).toBe('10.0.0.3');
    }
  });

  it('walks the chain from the right through trusted proxies only, within the number of hops', () => {
    // client, then the outer proxy (10.1.2.3), then the inner one (10.0.0.2) as the peer.
    expect(resolveClientAddress(request('10.0.0.2', { 'x-forwarded-for': '1.1.1.1, 198.51.100.7, 10.1.2.3' }), twoProxies).address).toBe('198.51.100.7');
    // What a client prepends to the header is never reached.
    expect(resolveClientAddress(request('10.0.0.2', { 'x-forwarded-for': '127.0.0.1, 198.51.100.7' }), twoProxies).address).toBe('198.51.100.7');
    // One hop trusted: the entry the proxy appended, even if a client wrote a trusted-looking one before it.
    expect(resolveClientAddress(request('127.0.0.1', { 'x-forwarded-for': '127.0.0.1, 198.51.100.8' }), loopbackProxy).address).toBe('198.51.100.8');
    // A malformed entry ends the walk at the proxy that sent it.
    expect(resolveClientAddress(request('127.0.0.1', { 'x-forwarded-for': 'not-an-ip' }), loopbackProxy).address).toBe('127.0.0.1');
  });

  it('knows loopback in every spelling, and nothing else', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['10.0.0.5', '::ffff:10.0.0.5', '2001:db8::1', '127.example', undefined].map(isLoopback)).toEqual([false, false, false, false, false]);
  });

  it('refuses a TRUSTED_PROXIES entry that is not an address or a subnet', () => {
    expect(() => proxyTrust(['10.0.0.0/33'], 1)).toThrow();
    expect(() => proxyTrust(['proxy.local'], 1)).toThrow();
  });
});
