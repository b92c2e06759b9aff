import { timingSafeEqual } from 'node:crypto';
import { isLoopback } from '../http/security/client-address.js';

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Who may scrape a metrics endpoint (the api's `GET /metrics` and the projector process's): with
 * `METRICS_TOKEN` set, a scraper sending `Authorization: Bearer <METRICS_TOKEN>`; without it, only a
 * scraper on the same machine (the socket's peer address, never a forwarded header).
 */
export function metricsAccess(token: string | undefined, authorization: string | undefined, peerAddress: string | undefined): 'allowed' | 'unauthorized' | 'forbidden' {
  if (token) {
    const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    return given && sameSecret(given, token) ? 'allowed' : 'unauthorized';
  }
  return isLoopback(peerAddress) ? 'allowed' : 'forbidden';
}
