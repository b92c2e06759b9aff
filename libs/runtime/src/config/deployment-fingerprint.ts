import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { chainEvents, createEventStore, WrongExpectedRevisionError, type EventStore, type RecordedEvent } from '#libs/event-store';
import { ConfigError, type AppConfig, type SecretSource } from './app-config.js';
import { loadSecret } from './secrets.js';

/**
 * The deployment fingerprint: on a server event store every api and projector process must use the same
 * key store and the same secrets, or one of them silently writes what the others cannot read (a name
 * sealed with another key store's key, an ID number hashed with another key, a token another process
 * refuses). The first process records a keyed hash of each such setting in the `deployment-fingerprint`
 * stream; every later one compares its own and refuses, naming the setting (never its value), on a
 * difference. `DEPLOYMENT_FINGERPRINT=rerecord` records this process's settings instead (after a rotation).
 *
 * A secret is hashed under itself (HMAC-SHA256 keyed with the secret, over a random salt kept in the
 * record): without the secret's 256 bits the record says nothing about it. The key store's kind and
 * database name are not secret; they are hashed under the salt alike, so the record holds no plain value.
 */

export const FINGERPRINT_STREAM = 'deployment-fingerprint';
export const FINGERPRINT_EVENT = 'DeploymentFingerprintRecorded';

/** The settings compared, as the refusal names them. */
export type FingerprintSetting = 'KEY_STORE' | 'ID_HMAC_KEY' | 'REQUEST_HMAC_KEY' | 'TOKEN_SECRET';

interface FingerprintData {
  /** Hex, random, chosen by the first process. */
  salt: string;
  /** Setting → hex HMAC-SHA256. */
  settings: Partial<Record<FingerprintSetting, string>>;
}

export type FingerprintMode = 'check' | 'rerecord';

export function fingerprintMode(env: NodeJS.ProcessEnv = process.env): FingerprintMode {
  const raw = env.DEPLOYMENT_FINGERPRINT?.trim();
  if (!raw || raw === 'check') return 'check';
  if (raw === 'rerecord') return 'rerecord';
  throw new ConfigError(`DEPLOYMENT_FINGERPRINT must be check or rerecord, got "${raw}"`);
}

/**
 * The settings this process can vouch for. The api knows all four. The projector uses no key store and
 * no secret: it vouches only for what its environment names (`explicitOnly`), so that a projector left
 * without KEY_STORE is not taken for one on the embedded key store.
 */
export function fingerprintValues(config: AppConfig, salt: Buffer, options: { explicitOnly: boolean; env?: NodeJS.ProcessEnv }): Partial<Record<FingerprintSetting, string>> {
  const env = options.env ?? process.env;
  const values: Partial<Record<FingerprintSetting, string>> = {};
  const given = (name: string): boolean => !options.explicitOnly || Boolean(env[name]?.trim() || env[`${name}_FILE`]?.trim());
  const underSalt = (setting: string, value: string): string => createHmac('sha256', salt).update(`${setting}\0${value}`).digest('hex');
  const underSecret = (setting: string, source: SecretSource): string => createHmac('sha256', loadSecret(source)).update(`safety-skills deployment fingerprint\0${setting}\0`).update(salt).digest('hex');

  if (given('KEY_STORE')) values.KEY_STORE = underSalt('KEY_STORE', keyStoreIdentity(config));
  if (given('ID_HMAC_KEY')) values.ID_HMAC_KEY = underSecret('ID_HMAC_KEY', config.secrets.idHmacKey);
  if (given('REQUEST_HMAC_KEY')) values.REQUEST_HMAC_KEY = underSecret('REQUEST_HMAC_KEY', config.secrets.requestHmacKey);
  if (config.auth.kind === 'hs256') {
    if (given('TOKEN_SECRET')) values.TOKEN_SECRET = underSecret('TOKEN_SECRET', config.auth.secret);
  } else if (!options.explicitOnly || env.AUTH_JWKS_URL?.trim()) {
    // Tokens from an identity provider: every process must trust the same issuer for the same audience.
    values.TOKEN_SECRET = underSalt('TOKEN_SECRET', `jwks\0${config.auth.issuer}\0${config.auth.audience}`);
  }
  return values;
}

/** The key store's kind and, on a server, its database (not its host: one server may be reached by several names). */
function keyStoreIdentity(config: AppConfig): string {
  const keys = config.keyStore;
  if (keys.kind === 'sqlite') return 'sqlite';
  if (keys.kind === 'mongodb') return `mongodb\0${keys.database}`;
  let database = '';
  try {
    database = decodeURIComponent(new URL(keys.url).pathname.replace(/^\//, ''));
  } catch {
    database = '';
  }
  return `postgresql\0${database}`;
}

/** A setting the process uses differently from the record: the one line the process refuses with. */
export function mismatchMessage(setting: FingerprintSetting, config: AppConfig): string {
  const name = setting === 'TOKEN_SECRET' && config.auth.kind === 'jwks' ? 'AUTH_JWKS_URL/AUTH_ISSUER/AUTH_AUDIENCE (or TOKEN_SECRET)' : setting;
  return (
    `deployment fingerprint: ${name} differs from the one the other processes on this event store recorded; ` +
    'give every api and projector the same settings (after a deliberate rotation: DEPLOYMENT_FINGERPRINT=rerecord once)'
  );
}

export interface FingerprintOutcome {
  /** The one line to refuse with, when a setting differs. */
  refusal?: string;
  /** What the process did: recorded the first fingerprint, added settings to it, re-recorded it, or found it alike. */
  action: 'recorded' | 'extended' | 'rerecorded' | 'matched';
}

/**
 * Reads the fingerprint stream and compares, records or re-records. Only on a server event store: the
 * embedded one belongs to one process. Throws when the event store cannot be opened or read.
 */
export async function checkFingerprint(config: AppConfig, options: { mode: FingerprintMode; explicitOnly: boolean; process: string; env?: NodeJS.ProcessEnv }): Promise<FingerprintOutcome> {
  if (config.eventStore.kind === 'sqlite') return { action: 'matched' };
  const store = await createEventStore(config.eventStore);
  try {
    // Two processes starting together: the one whose append loses reads the winner's record and compares.
    for (let attempt = 0; ; attempt++) {
      try {
        return await compareOrRecord(store, config, options);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= 4) throw error;
      }
    }
  } finally {
    await store.close();
  }
}

async function compareOrRecord(store: EventStore, config: AppConfig, options: { mode: FingerprintMode; explicitOnly: boolean; process: string; env?: NodeJS.ProcessEnv }): Promise<FingerprintOutcome> {
  let last: RecordedEvent | null = null;
  for await (const event of store.readStream(FINGERPRINT_STREAM, { direction: 'backwards', maxCount: 1 })) last = event;
  const recorded = last ? (last.data as FingerprintData) : null;
  const salt = recorded ? Buffer.from(recorded.salt, 'hex') : randomBytes(32);
  const mine = fingerprintValues(config, salt, options);

  if (recorded === null) {
    await append(store, null, { salt: salt.toString('hex'), settings: mine }, options.process);
    return { action: 'recorded' };
  }
  if (options.mode === 'rerecord') {
    // What this process cannot vouch for (a projector's missing secrets) stays as recorded.
    await append(store, last, { salt: recorded.salt, settings: { ...recorded.settings, ...mine } }, options.process);
    return { action: 'rerecorded' };
  }
  const order: FingerprintSetting[] = ['KEY_STORE', 'ID_HMAC_KEY', 'REQUEST_HMAC_KEY', 'TOKEN_SECRET'];
  for (const setting of order) {
    const theirs = recorded.settings[setting];
    if (theirs !== undefined && mine[setting] !== undefined && theirs !== mine[setting]) return { refusal: mismatchMessage(setting, config), action: 'matched' };
  }
  const missing = order.filter((setting) => recorded.settings[setting] === undefined && mine[setting] !== undefined);
  if (missing.length === 0) return { action: 'matched' };
  // The first process was a projector that knew only part of them: the api adds the rest.
  await append(store, last, { salt: recorded.salt, settings: { ...recorded.settings, ...mine } }, options.process);
  return { action: 'extended' };
}

async function append(store: EventStore, previous: RecordedEvent | null, data: FingerprintData, processName: string): Promise<void> {
  const [event] = chainEvents(previous, [
    {
      id: randomUUID(),
      type: FINGERPRINT_EVENT,
      data,
      metadata: {
        schemaVersion: 1,
        occurredAt: new Date().toISOString(),
        actor: { sub: `deployment:${processName}`, role: 'system' },
        correlationId: randomUUID(),
        causationId: null,
        prevHash: null,
      },
    },
  ]);
  await store.append(FINGERPRINT_STREAM, [event!], previous === null ? 'no_stream' : previous.revision);
}
