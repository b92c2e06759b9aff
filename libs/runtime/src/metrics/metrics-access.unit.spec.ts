import { metricsAccess } from './metrics-access.js';

/** The api's `GET /metrics` and the projector process's answer the same scrapers. */
describe('who may scrape the metrics', () => {
  const direct = (peerAddress: string | undefined, authorization?: string, headers: Record<string, string> = {}, proxyHops = 0) => ({ authorization, peerAddress, headers, proxyHops });

  it('without METRICS_TOKEN: a scraper on the same machine only, whatever it sends', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1'].map((peer) => metricsAccess(undefined, direct(peer)))).toEqual(['allowed', 'allowed', 'allowed']);
    expect(['10.0.0.7', '::ffff:192.168.1.20', undefined].map((peer) => metricsAccess(undefined, direct(peer, 'Bearer anything')))).toEqual(['forbidden', 'forbidden', 'forbidden']);
  });

  it('without METRICS_TOKEN: a loopback peer that was forwarded, or any peer behind a configured proxy, is refused', () => {
    expect(
      ([{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }, { 'x-real-ip': '203.0.113.9' }] as Record<string, string>[]).map((headers) => metricsAccess(undefined, direct('127.0.0.1', undefined, headers))),
    ).toEqual(['forbidden', 'forbidden', 'forbidden']);
    // With TRUST_PROXY_HOPS above 0, a proxy on the same machine relays everyone from loopback.
    expect(metricsAccess(undefined, direct('127.0.0.1', undefined, {}, 1))).toBe('forbidden');
  });

  it('with METRICS_TOKEN: whoever sends it as a bearer token, from anywhere; nobody else, the loopback included', () => {
    expect(metricsAccess('s3cret-token', direct('10.0.0.7', 'Bearer s3cret-token', { 'x-forwarded-for': '203.0.113.9' }, 1))).toBe('allowed');
    expect(['Bearer s3cret-tokeN', 'Bearer s3cret-token-longer', 's3cret-token', 'Basic s3cret-token', undefined].map((header) => metricsAccess('s3cret-token', direct('127.0.0.1', header)))).toEqual([
      'unauthorized',
      'unauthorized',
      'unauthorized',
      'unauthorized',
      'unauthorized',
    ]);
  });
});
