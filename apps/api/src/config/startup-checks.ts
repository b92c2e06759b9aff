import { createEventStore } from '#libs/event-store';
import { createReadStore } from '#libs/read-store';
import { openKeyStore } from '../personal-data/key-store/open-key-store.js';
import { ConfigError, type AppConfig } from './app-config.js';
import { loadSecret } from './secrets.js';

/**
 * What the api and the projector check before anything starts, each answering the one line that says
 * which setting is wrong (never a secret, never a URL's password), or undefined when it holds. A
 * server that cannot be reached answers within seconds: every adapter opens with a bounded timeout.
 */

/** The secrets every process sharing the stores must read alike: missing, empty or malformed names its setting. */
export function checkSecrets(config: AppConfig): string | undefined {
  try {
    loadSecret(config.secrets.idHmacKey);
    loadSecret(config.secrets.requestHmacKey);
    if (config.auth.kind === 'hs256') loadSecret(config.auth.secret);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
}

/** A server event store that cannot be opened (wrong POSTGRES_URL, wrong database, server down). */
export async function checkEventStore(config: AppConfig): Promise<string | undefined> {
  if (config.eventStore.kind !== 'postgresql') return undefined;
  try {
    await (await createEventStore(config.eventStore)).close();
    return undefined;
  } catch (error) {
    return `EVENT_STORE=postgresql, POSTGRES_URL: ${firstLine(error)}`;
  }
}

/** A MongoDB read store that cannot be opened (wrong MONGODB_URL, server down). */
export async function checkReadStore(config: AppConfig): Promise<string | undefined> {
  if (config.readStore.kind !== 'mongodb') return undefined;
  try {
    await (await createReadStore(config.readStore)).close();
    return undefined;
  } catch (error) {
    return `READ_STORE=mongodb, MONGODB_URL: ${firstLine(error)}`;
  }
}

/** A server key store that cannot be reached (wrong URL, wrong database, server down). */
export async function checkKeyStore(config: AppConfig, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (config.keyStore.kind === 'sqlite') return undefined;
  const setting = env.KEY_STORE_URL ? 'KEY_STORE_URL' : config.keyStore.kind === 'postgresql' ? 'POSTGRES_URL' : 'MONGODB_URL';
  try {
    await (await openKeyStore(config.keyStore)).close();
    return undefined;
  } catch (error) {
    return `KEY_STORE=${config.keyStore.kind}, ${setting}: ${firstLine(error)}`;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
