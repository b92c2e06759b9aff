import { createEventStore } from '#libs/event-store';
import { createReadStore } from '#libs/read-store';
import { ConfigError, type AppConfig } from './app-config.js';
import { loadSecret } from './secrets.js';
import { checkFingerprint, fingerprintMode, type FingerprintMode } from './deployment-fingerprint.js';

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

export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/**
 * On a server event store, the settings every process must share against the deployment fingerprint
 * (deployment-fingerprint.ts): a difference is one line naming the setting. `explicitOnly` for the
 * projector, which vouches only for the settings its environment names.
 */
export async function checkDeploymentFingerprint(
  config: AppConfig,
  options: { process: string; explicitOnly: boolean; env?: NodeJS.ProcessEnv; notice?: (line: string) => void },
): Promise<string | undefined> {
  if (config.eventStore.kind === 'sqlite') return undefined;
  const env = options.env ?? process.env;
  let mode: FingerprintMode;
  try {
    mode = fingerprintMode(env);
  } catch (error) {
    return (error as Error).message;
  }
  try {
    const outcome = await checkFingerprint(config, { mode, explicitOnly: options.explicitOnly, process: options.process, env });
    if (outcome.action === 'rerecorded') options.notice?.('DEPLOYMENT_FINGERPRINT=rerecord: this process\'s settings are now the deployment fingerprint; start the next processes without it');
    return outcome.refusal;
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    const setting = config.eventStore.kind === 'postgresql' ? 'EVENT_STORE=postgresql, POSTGRES_URL' : 'EVENT_STORE=kurrentdb, KURRENTDB_URL';
    return `${setting}: deployment fingerprint: ${firstLine(error)}`;
  }
}
