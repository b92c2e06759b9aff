import { proxyTrust, type ProxyTrust } from './client-address.js';

/** The HTTP hardening settings, read from the environment with the rest of the configuration. */
export interface SecurityConfig {
  /** Origins allowed to call the API from a browser; empty means CORS stays off (same-origin only). */
  corsOrigins: string[];
  /** Requests per minute per token subject (or per client address without a valid token). */
  rateLimitPerMinute: number;
  /** `Strict-Transport-Security` max-age in seconds; 0 sends none (set it when served behind TLS). */
  hstsMaxAgeSeconds: number;
  /** How many reverse proxies stand in front (0: none); their `X-Forwarded-For` gives the client address. */
  trustProxyHops: number;
  /** The proxies' addresses or subnets (`TRUSTED_PROXIES`); empty: loopback, when hops > 0. */
  trustedProxies: string[];
  /** Both, as the client-address resolution uses them. */
  proxyTrust: ProxyTrust;
  /** `RATE_LIMIT_REDIS_URL`: the rate limit's buckets in Redis, shared by every api process; unset, each process counts alone. */
  rateLimitRedisUrl?: string;
  /** `RATE_LIMIT_REDIS_TIMEOUT_MS`: how long a request may wait on Redis before the circuit opens (requests then skip Redis for 5 s). */
  rateLimitRedisTimeoutMs: number;
}

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;

export function loadSecurityConfig(env: NodeJS.ProcessEnv, fail: (message: string) => Error): SecurityConfig {
  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw fail(`CORS_ORIGINS must list origins like https://example.org, got "${origin}"`);
  }
  const trustProxyHops = wholeNumber(env, 'TRUST_PROXY_HOPS', 0, 0, fail);
  const trustedProxies = (env.TRUSTED_PROXIES ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  let trust: ProxyTrust;
  try {
    trust = proxyTrust(trustedProxies, trustProxyHops);
  } catch (error) {
    throw fail(`TRUSTED_PROXIES must list addresses or subnets (10.0.0.2, 10.0.0.0/8): ${(error as Error).message}`);
  }
  if (trustedProxies.length > 0 && trustProxyHops === 0) throw fail('TRUSTED_PROXIES needs TRUST_PROXY_HOPS, the number of proxies in front');
  return {
    corsOrigins,
    rateLimitPerMinute: wholeNumber(env, 'RATE_LIMIT_PER_MINUTE', DEFAULT_RATE_LIMIT_PER_MINUTE, 1, fail),
    hstsMaxAgeSeconds: wholeNumber(env, 'HSTS_MAX_AGE_SECONDS', 0, 0, fail),
    trustProxyHops,
    trustedProxies,
    proxyTrust: trust,
    ...(env.RATE_LIMIT_REDIS_URL ? { rateLimitRedisUrl: redisUrl(env.RATE_LIMIT_REDIS_URL, fail) } : {}),
    rateLimitRedisTimeoutMs: wholeNumber(env, 'RATE_LIMIT_REDIS_TIMEOUT_MS', 250, 1, fail),
  };
}

function redisUrl(raw: string, fail: (message: string) => Error): string {
  if (!/^rediss?:\/\/\S+$/.test(raw)) throw fail('RATE_LIMIT_REDIS_URL must be a redis:// or rediss:// URL');
  return raw;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, fail: (message: string) => Error): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw fail(`${name} must be a whole number of at least ${min}, got "${raw}"`);
  return value;
}
