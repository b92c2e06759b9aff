import type { AppConfig } from '#libs/runtime';
import { firstLine } from '#libs/runtime/config/startup-checks';
import { openKeyStore } from './open-key-store.js';

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
