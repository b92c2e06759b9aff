import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type SecretSource } from './app-config.js';

/**
 * The bytes of a secret (`SecretSource`). The embedded file is created on first use (`wx`: two
 * processes starting at once never end up with two secrets) and kept owner-only; a file or value the
 * operator gives must hold at least 32 bytes in hex. A problem names the setting, never the secret.
 */
export function loadSecret(source: SecretSource): Buffer {
  if (source.kind === 'value') return source.bytes;
  const named = source.setting ?? path.basename(source.path);
  if (source.createIfMissing) {
    mkdirSync(path.dirname(source.path), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(source.path, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // A secret created before files were made private: owner-only from now on.
    chmodSync(source.path, 0o600);
  }
  let text: string;
  try {
    text = readFileSync(source.path, 'utf8').trim();
  } catch (error) {
    throw new ConfigError(`${named}: cannot read ${source.path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (text === '') throw new ConfigError(`${named}: ${source.path} is empty (openssl rand -hex 32 > ${path.basename(source.path)})`);
  if (!/^(?:[0-9a-fA-F]{2}){32,}$/.test(text)) throw new ConfigError(`${named}: ${source.path} must hold at least 32 bytes in hex (openssl rand -hex 32)`);
  return Buffer.from(text, 'hex');
}
