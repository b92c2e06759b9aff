import { timingSafeEqual } from 'node:crypto';
import { isLoopback, saysItWasForwarded } from '../http/client-address.js';

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** What the scrape's request says of where it came from. */
export interface ScrapeRequest {
  /** `Authorization`. */
  authorization: string | undefined;
  /** The socket's peer address. */
  peerAddress: string | undefined;
  /** Every header, lower-case: a forwarding header means a proxy relayed it. */
  headers: Record<string, unknown>;
  /** `TRUST_PROXY_HOPS`: above 0, proxies stand in front, and their own requests come from loopback. */
  proxyHops: number;
}

/**
 * Who may scrape a metrics endpoint (the api's `GET /metrics` and the projector process's): with
 * `METRICS_TOKEN` set, a scraper sending `Authorization: Bearer <METRICS_TOKEN>`; without it, only a
 * scraper on the same machine talking to the port directly: the socket's peer on loopback, no
 * forwarding header (`X-Forwarded-For`, `Forwarded`, …), and no proxy configured in front
 * (`TRUST_PROXY_HOPS=0`). Behind a proxy on the same machine every client would come from loopback.
 */
export function metricsAccess(token: string | undefined, scrape: ScrapeRequest): 'allowed' | 'unauthorized' | 'forbidden' {
  if (token) {
    const given = /^Bearer (.+)$/.exec(scrape.authorization ?? '')?.[1];
    return given && sameSecret(given, token) ? 'allowed' : 'unauthorized';
  }
  return scrape.proxyHops === 0 && isLoopback(scrape.peerAddress) && !saysItWasForwarded(scrape) ? 'allowed' : 'forbidden';
}
