import { metricsAccess } from './metrics-access.js';

/** The api's `GET /metrics` and the projector process's answer the same scrapers. */
describe('who may scrape the metrics', () => {
  it('without METRICS_TOKEN: a scraper on the same machine only, whatever it sends', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1'].map((peer) => metricsAccess(undefined, undefined, peer))).toEqual(['allowed', 'allowed', 'allowed']);
    expect(['10.0.0.7', '::ffff:192.168.1.20', undefined].map((peer) => metricsAccess(undefined, 'Bearer anything', peer))).toEqual(['forbidden', 'forbidden', 'forbidden']);
  });

  it('with METRICS_TOKEN: whoever sends it as a bearer token, from anywhere; nobody else, the loopback included', () => {
    expect(metricsAccess('s3cret-token', 'Bearer s3cret-token', '10.0.0.7')).toBe('allowed');
    expect(['Bearer s3cret-tokeN', 'Bearer s3cret-token-longer', 's3cret-token', 'Basic s3cret-token', undefined].map((header) => metricsAccess('s3cret-token', header, '127.0.0.1'))).toEqual([
      'unauthorized',
      'unauthorized',
      'unauthorized',
      'unauthorized',
      'unauthorized',
    ]);
  });
});
