import { BlockList, isIP } from 'node:net';
import type { Request } from 'express';

/**
 * Which peers are reverse proxies whose `X-Forwarded-For` is believed, and how many of them stand in
 * front of the api. Anyone else's `X-Forwarded-For` is ignored: a client talking to the api's port
 * directly cannot pick the address it is counted under.
 */
export interface ProxyTrust {
  /** Addresses and subnets of the proxies (`TRUSTED_PROXIES`); loopback when only TRUST_PROXY_HOPS is set. */
  proxies: BlockList;
  /** Entries of `X-Forwarded-For` read from the right, at most (`TRUST_PROXY_HOPS`); 0 with no proxy. */
  hops: number;
}

export interface ClientAddress {
  /** The client as the trusted proxy chain reports it; the socket's peer without a trusted proxy. */
  address: string;
  /** The request came through a proxy, or says it did (forwarding headers): the peer is not the client. */
  viaProxy: boolean;
}

/** Headers a proxy or CDN adds (any `X-Forwarded-*` too): a request carrying one did not come from this machine's own browser. */
const FORWARDING_HEADERS = [
  'forwarded',
  'via',
  'x-real-ip',
  'x-original-forwarded-for',
  'cf-connecting-ip',
  'fastly-client-ip',
  'true-client-ip',
  'x-cluster-client-ip',
  'x-client-ip',
];

/** A request with any forwarding header says a proxy stands between it and its client. */
export const saysItWasForwarded = (request: { headers: Record<string, unknown> }): boolean =>
  Object.keys(request.headers).some((name) => name.startsWith('x-forwarded-') || FORWARDING_HEADERS.includes(name));

/** `::ffff:10.0.0.5` is 10.0.0.5: one spelling per address, for the limiter's keys and the lists. */
export function canonicalAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return (mapped ? mapped[1] : address).toLowerCase();
}

export const isLoopback = (address: string | undefined): boolean => {
  if (address === undefined) return false;
  const canonical = canonicalAddress(address);
  return canonical === '::1' || (isIP(canonical) === 4 && canonical.startsWith('127.'));
};

const contains = (list: BlockList, address: string): boolean => {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
};

/**
 * The one place that says who the client is; the rate limit and the dashboard sign-in both ask it. From
 * the socket's peer leftwards through `X-Forwarded-For`: each hop a trusted proxy vouches for, while the
 * hop itself is a trusted proxy and within `hops`. A malformed entry ends the walk at the proxy that sent it.
 */
export function resolveClientAddress(request: Request, trust: ProxyTrust): ClientAddress {
  const peer = canonicalAddress(request.socket.remoteAddress ?? 'unknown');
  const saysForwarded = saysItWasForwarded(request);
  if (trust.hops === 0 || !contains(trust.proxies, peer)) return { address: peer, viaProxy: saysForwarded };
  const header = request.headers['x-forwarded-for'];
  const chain = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  let address = peer;
  for (let hop = 0; hop < trust.hops && chain.length > 0; hop++) {
    const next = canonicalAddress(chain.pop()!);
    if (isIP(next) === 0) break;
    address = next;
    if (!contains(trust.proxies, next)) break;
  }
  return { address, viaProxy: true };
}

/** `TRUSTED_PROXIES` entries: an address (`10.0.0.2`, `::1`) or a subnet (`10.0.0.0/8`). Throws on anything else. */
export function proxyTrust(entries: string[], hops: number): ProxyTrust {
  const proxies = new BlockList();
  const list = entries.length > 0 || hops === 0 ? entries : ['127.0.0.0/8', '::1'];
  for (const entry of list) {
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) throw new Error(`"${entry}" is not an address or a subnet`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) proxies.addAddress(address, type);
    else {
      const bits = Number(prefix);
      if (!/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128)) throw new Error(`"${entry}" has an invalid prefix`);
      proxies.addSubnet(address, bits, type);
    }
  }
  return { proxies, hops };
}
