import { isIP } from 'node:net';
import path from 'node:path';
import { loadSecurityConfig, type SecurityConfig } from '../http/security-config.js';
import { loadTracingConfig, type TracingConfig } from '../tracing/tracing-config.js';

/** Everything the service reads from its environment, parsed once at start-up. */
export interface AppConfig {
  port: number;
  /** The address to listen on (`HOST`); every interface when unset. */
  host?: string;
  dataDir: string;
  eventStore: { kind: 'sqlite'; dataDir: string; clock?: () => Date } | { kind: 'postgresql'; url: string; poolSize: number; clock?: () => Date } | { kind: 'kurrentdb'; url: string };
  readStore: { kind: 'sqlite'; dataDir: string } | { kind: 'mongodb'; url: string; database?: string };
  /** Where the per-person keys live (`KEY_STORE`): `keys.sqlite` in DATA_DIR, or a server every process shares. */
  keyStore: KeyStoreConfig;
  /** The keyed hashes of ID numbers and of requests: the same in every process that shares the stores. */
  secrets: { idHmacKey: SecretSource; requestHmacKey: SecretSource };
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
  /** `PROJECTOR_METRICS_PORT`: the projector process serves `GET /metrics` on this port (on `HOST`); unset, it serves none. */
  projectorMetricsPort?: number;
  /** OpenTelemetry traces (`OTEL_TRACES_ENABLED`, `tracing/tracing-config.ts`): off by default, and then no part of OpenTelemetry is loaded. */
  tracing: TracingConfig;
}

/** Every token must carry `exp` and `iat`, live at most `maxLifetimeSeconds`, and not be issued in the future beyond the tolerance. */
interface TokenLimits {
  clockToleranceSeconds: number;
  maxLifetimeSeconds: number;
}

export type KeyStoreConfig =
  | { kind: 'sqlite'; dataDir: string }
  | { kind: 'postgresql'; url: string }
  | { kind: 'mongodb'; url: string; database: string };

/**
 * A secret of 32 bytes or more, written as hex: a file created on first use in DATA_DIR (the embedded
 * default, one process), a file the operator provides (`…_FILE`), or the value itself (an environment
 * variable). Every process that shares the stores must read the same one.
 */
export type SecretSource =
  | { kind: 'file'; path: string; createIfMissing: boolean; setting?: string }
  | { kind: 'value'; bytes: Buffer; setting: string };

export type AuthConfig =
  | ({ kind: 'hs256'; secret: SecretSource; issuer: string } & TokenLimits)
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
  else if (eventStoreKind === 'postgresql') eventStore = { kind: 'postgresql', url: required(env, 'POSTGRES_URL'), poolSize: postgresPoolSize(env) };
  else if (eventStoreKind === 'kurrentdb') eventStore = { kind: 'kurrentdb', url: required(env, 'KURRENTDB_URL') };
  else throw new ConfigError(`EVENT_STORE must be sqlite, postgresql or kurrentdb, got "${eventStoreKind}"`);

  const readStoreKind = env.READ_STORE ?? 'sqlite';
  let readStore: AppConfig['readStore'];
  if (readStoreKind === 'sqlite') readStore = { kind: 'sqlite', dataDir };
  else if (readStoreKind === 'mongodb') readStore = { kind: 'mongodb', url: required(env, 'MONGODB_URL'), database: env.MONGODB_DATABASE };
  else throw new ConfigError(`READ_STORE must be sqlite or mongodb, got "${readStoreKind}"`);

  const keyStoreKind = env.KEY_STORE ?? 'sqlite';
  let keyStore: KeyStoreConfig;
  if (keyStoreKind === 'sqlite') keyStore = { kind: 'sqlite', dataDir };
  else if (keyStoreKind === 'postgresql') keyStore = { kind: 'postgresql', url: env.KEY_STORE_URL || required(env, 'POSTGRES_URL', 'KEY_STORE_URL') };
  else if (keyStoreKind === 'mongodb') {
    keyStore = { kind: 'mongodb', url: env.KEY_STORE_URL || required(env, 'MONGODB_URL', 'KEY_STORE_URL'), database: env.KEY_STORE_DATABASE || 'safety_skills_keys' };
  } else throw new ConfigError(`KEY_STORE must be sqlite, postgresql or mongodb, got "${keyStoreKind}"`);
  // Several processes share a server key store: each must hash and sign with the same secrets, so none is made up locally.
  const shared = keyStore.kind !== 'sqlite';
  const secretFrom = (name: string, file: string): SecretSource => secretSource(env, name, shared ? undefined : path.join(dataDir, file), keyStoreKind);
  const secrets = { idHmacKey: secretFrom('ID_HMAC_KEY', 'id-hmac-key'), requestHmacKey: secretFrom('REQUEST_HMAC_KEY', 'request-hmac-key') };

  const limits: TokenLimits = {
    clockToleranceSeconds: wholeSeconds(env, 'AUTH_CLOCK_TOLERANCE_SECONDS', 30, 0),
    maxLifetimeSeconds: wholeSeconds(env, 'AUTH_MAX_TOKEN_LIFETIME_SECONDS', DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, 60),
  };
  const auth: AuthConfig = env.AUTH_JWKS_URL
    ? { kind: 'jwks', jwksUrl: env.AUTH_JWKS_URL, issuer: required(env, 'AUTH_ISSUER'), audience: required(env, 'AUTH_AUDIENCE'), ...limits }
    : { kind: 'hs256', secret: secretFrom('TOKEN_SECRET', 'token-secret'), issuer: EMBEDDED_ISSUER, ...limits };

  const logLevel = (env.LOG_LEVEL ?? 'log') as AppConfig['logLevel'];
  if (!['error', 'warn', 'log', 'debug'].includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be error, warn, log or debug`);

  const projectorLeaseMs = Number(env.PROJECTOR_LEASE_MS ?? 15_000);
  if (!Number.isInteger(projectorLeaseMs) || projectorLeaseMs < 1000) {
    throw new ConfigError(`PROJECTOR_LEASE_MS must be a whole number of milliseconds, at least 1000, got "${env.PROJECTOR_LEASE_MS}"`);
  }

  const projectorMetricsPort = env.PROJECTOR_METRICS_PORT?.trim() ? Number(env.PROJECTOR_METRICS_PORT) : undefined;
  if (projectorMetricsPort !== undefined && (!Number.isInteger(projectorMetricsPort) || projectorMetricsPort < 1 || projectorMetricsPort > 65535)) {
    throw new ConfigError(`PROJECTOR_METRICS_PORT must be a port number, got "${env.PROJECTOR_METRICS_PORT}"`);
  }

  return {
    port,
    ...(host !== undefined ? { host } : {}),
    dataDir,
    eventStore,
    readStore,
    keyStore,
    secrets,
    auth,
    embeddedProjector: (env.PROJECTOR ?? 'embedded') === 'embedded',
    projectorLeaseMs,
    logLevel,
    security: loadSecurityConfig(env, (message) => new ConfigError(message)),
    tracing: loadTracingConfig(env, (message) => new ConfigError(message)),
    ...(env.METRICS_TOKEN ? { metricsToken: env.METRICS_TOKEN } : {}),
    ...(projectorMetricsPort !== undefined ? { projectorMetricsPort } : {}),
  };
}

/** Connections each process opens to the PostgreSQL event store, besides its one LISTEN connection; the server's `max_connections` is shared by every process. */
export const DEFAULT_POSTGRES_POOL_SIZE = 10;

function postgresPoolSize(env: NodeJS.ProcessEnv): number {
  const raw = env.POSTGRES_POOL_SIZE;
  if (raw === undefined || raw.trim() === '') return DEFAULT_POSTGRES_POOL_SIZE;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 1000) throw new ConfigError(`POSTGRES_POOL_SIZE must be a whole number of connections from 1 to 1000, got "${raw}"`);
  return value;
}

function wholeSeconds(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new ConfigError(`${name} must be a whole number of seconds, at least ${min}, got "${raw}"`);
  return value;
}

function required(env: NodeJS.ProcessEnv, name: string, alternative?: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`${alternative ? `${alternative} or ${name}` : name} is required by this configuration`);
  return value;
}

/** Hex of at least 32 bytes (`openssl rand -hex 32`). */
const SECRET_HEX = /^(?:[0-9a-fA-F]{2}){32,}$/;

/**
 * `NAME` (the hex value) or `NAME_FILE` (a file holding it); neither: the file in DATA_DIR, created on
 * first use, when only one process uses it (`embeddedFile`), else a ConfigError naming the setting.
 */
function secretSource(env: NodeJS.ProcessEnv, name: string, embeddedFile: string | undefined, keyStoreKind: string): SecretSource {
  const value = env[name]?.trim();
  const file = env[`${name}_FILE`]?.trim();
  if (value && file) throw new ConfigError(`${name} and ${name}_FILE are both set: give one`);
  if (value) {
    if (!SECRET_HEX.test(value)) throw new ConfigError(`${name} must be at least 32 bytes in hex (openssl rand -hex 32)`);
    return { kind: 'value', bytes: Buffer.from(value, 'hex'), setting: name };
  }
  if (file) return { kind: 'file', path: path.resolve(file), createIfMissing: false, setting: `${name}_FILE` };
  if (embeddedFile === undefined) throw new ConfigError(`KEY_STORE=${keyStoreKind} shares the stores between processes: ${name}_FILE or ${name} is required`);
  return { kind: 'file', path: embeddedFile, createIfMissing: true };
}

/**
 * Any store on a server: other processes may share them. The embedded projector then applies under the
 * lease (read-models.module.ts), and the dashboard's dev sign-in is off unless DASHBOARD_DEV_SIGNIN asks for it.
 */
export function sharesStores(config: Pick<AppConfig, 'eventStore' | 'readStore' | 'keyStore'>): boolean {
  return config.eventStore.kind !== 'sqlite' || config.readStore.kind !== 'sqlite' || config.keyStore.kind !== 'sqlite';
}

/** Nest injection token for the parsed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
