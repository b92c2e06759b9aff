import { pino, type DestinationStream } from 'pino';
import type { ProjectorLogger } from '#libs/projections';
import type { AppConfig } from '../../api/src/config/app-config.js';
import { REDACTED_PATHS } from '../../api/src/logging/logging.module.js';

const PINO_LEVEL: Record<AppConfig['logLevel'], string> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug' };

/** Positions are bigints: JSON has no such number, so they are logged as strings, as the api answers them. */
const plain = (context: Record<string, unknown> | undefined): Record<string, unknown> =>
  context ? (JSON.parse(JSON.stringify(context, (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))) as Record<string, unknown>) : {};

/**
 * The projector process's lines as the api's: JSON through pino on stdout, with the same time, message
 * key and redaction, and `service: safety-skills-projector` to tell the two apart in one log store.
 */
export function jsonProjectorLogger(level: AppConfig['logLevel'] = 'log', destination: DestinationStream = process.stdout): ProjectorLogger {
  const logger = pino(
    {
      level: PINO_LEVEL[level],
      base: { service: 'safety-skills-projector' },
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      messageKey: 'message',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
  return {
    info: (message, context) => logger.info(plain(context), message),
    warn: (message, context) => logger.warn(plain(context), message),
  };
}
