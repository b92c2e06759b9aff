import { isIP } from 'node:net';
import path from 'node:path';
import { loadSecurityConfig, type SecurityConfig } from '../http/security/security-config.js';

/** Everything the service reads from its environment, parsed once at start-up. */
export interface AppConfig {
  port: number;
  /** The address to listen on (`HOST`); every interface when unset. */
  host?: string;
  dataDir: string;
  eventStore: { kind: 'sqlite'; dataDir: string; clock?: () => Date } | { kind: 'postgresql'; url: string; clock?: () => Date } | { kind: 'kurrentdb'; url: string };
  readStore: { kind: 'sqlite'; dataDir: string } | { kind: 'mongodb'; url: string; database?: string };
  auth: AuthConfig;
  /** Runs the projector inside the api process (the embedded default). */
  embeddedProjector: boolean;
  /** Time to live of the lease under which one of several projector processes applies events. */
  projectorLeaseMs: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** Security headers, CORS, rate limit (`http/security/security-config.ts`). */
  security: SecurityConfig;
  /** `METRICS_TOKEN`: the bearer token `GET /metrics` requires; unset, it answers loopback scrapers only. */
  metricsToken?: string;
}

/** Every token must carry `exp` and `iat`, live at most `maxLifetimeSeconds`, and not be issued in the future beyond the tolerance. */
interface TokenLimits {
  clockToleranceSeconds: number;
  maxLifetimeSeconds: number;
}

export type AuthConfig =
  | ({ kind: 'hs256'; secretFile: string; issuer: string } & TokenLimits)
  | ({ kind: 'jwks'; jwksUrl: string; issuer: string; audience: string } & TokenLimits);

export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const EMBEDDED_ISSUER = 'safety-skills-embedded';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, got "${env.PORT}"`);
  const host = env.HOST?.trim() || undefined;
  if (host !== undefined && isIP(host) === 0 && host !== 'localhost') throw new ConfigError(`HOST must be an IP address or localhost, got "${env.HOST}"`);
  const dataDir = path.resolve(env.DATA_DIR ?? './data');

  const eventStoreKind = env.EVENT_STORE ?? 'sqlite';
  let eventStore: AppConfig['eventStore'];
  if (eventStoreKind === 'sqlite') eventStore = { kind: 'sqlite', dataDir };
  else if (eventStoreKind === 'postgresql') eventStore = { kind: 'postgresql', url: required(env, 'POSTGRES_URL') };
  else if (eventStoreKind === 'kurrentdb') eventStore = { kind: 'kurrentdb', url: required(env, 'KURRENTDB_URL') };
  else throw new ConfigError(`EVENT_STORE must be sqlite, postgresql or kurrentdb, got "${eventStoreKind}"`);

  const readStoreKind = env.READ_STORE ?? 'sqlite';
  let readStore: AppConfig['readStore'];
  if (readStoreKind === 'sqlite') readStore = { kind: 'sqlite', dataDir };
  else if (readStoreKind === 'mongodb') readStore = { kind: 'mongodb', url: required(env, 'MONGODB_URL'), database: env.MONGODB_DATABASE };
  else throw new ConfigError(`READ_STORE must be sqlite or mongodb, got "${readStoreKind}"`);

  const limits: TokenLimits = {
    clockToleranceSeconds: wholeSeconds(env, 'AUTH_CLOCK_TOLERANCE_SECONDS', 30, 0),
    maxLifetimeSeconds: wholeSeconds(env, 'AUTH_MAX_TOKEN_LIFETIME_SECONDS', DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, 60),
  };
  const auth: AuthConfig = env.AUTH_JWKS_URL
    ? { kind: 'jwks', jwksUrl: env.AUTH_JWKS_URL, issuer: required(env, 'AUTH_ISSUER'), audience: required(env, 'AUTH_AUDIENCE'), ...limits }
    : { kind: 'hs256', secretFile: path.join(dataDir, 'token-secret'), issuer: EMBEDDED_ISSUER, ...limits };

  const logLevel = (env.LOG_LEVEL ?? 'log') as AppConfig['logLevel'];
  if (!['error', 'warn', 'log', 'debug'].includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be error, warn, log or debug`);

  const projectorLeaseMs = Number(env.PROJECTOR_LEASE_MS ?? 15_000);
  if (!Number.isInteger(projectorLeaseMs) || projectorLeaseMs < 1000) {
    throw new ConfigError(`PROJECTOR_LEASE_MS must be a whole number of milliseconds, at least 1000, got "${env.PROJECTOR_LEASE_MS}"`);
  }

  return {
    port,
    ...(host !== undefined ? { host } : {}),
    dataDir,
    eventStore,
    readStore,
    auth,
    embeddedProjector: (env.PROJECTOR ?? 'embedded') === 'embedded',
    projectorLeaseMs,
    logLevel,
    security: loadSecurityConfig(env, (message) => new ConfigError(message)),
    ...(env.METRICS_TOKEN ? { metricsToken: env.METRICS_TOKEN } : {}),
  };
}

function wholeSeconds(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new ConfigError(`${name} must be a whole number of seconds, at least ${min}, got "${raw}"`);
  return value;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`${name} is required by this configuration`);
  return value;
}

/** Nest injection token for the parsed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
