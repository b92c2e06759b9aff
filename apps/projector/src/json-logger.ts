import { pino, type DestinationStream } from 'pino';
import type { ProjectorLogger } from '#libs/projections';
import { type AppConfig, REDACTED_PATHS } from '#libs/runtime';

const PINO_LEVEL: Record<AppConfig['logLevel'], string> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug' };

/** Positions are bigints: JSON has no such number, so they are logged as strings, as the api answers them. */
const plain = (context: Record<string, unknown> | undefined): Record<string, unknown> =>
  context ? (JSON.parse(JSON.stringify(context, (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))) as Record<string, unknown>) : {};

/** The projector's reports, and the failures that stop a process (a wrong configuration, a store that cannot be opened). */
export interface JsonProjectorLogger extends ProjectorLogger {
  error(message: string, context?: Record<string, unknown>): void;
}

/**
 * The projector process's lines (and `npm run rebuild`'s) as the api's: JSON through pino on stdout,
 * with the same time, message key and redaction, and `service: safety-skills-projector` to tell the two
 * apart in one log store. `fields` adds to every line (the active span's ids, when traces are on).
 */
export function jsonProjectorLogger(
  level: AppConfig['logLevel'] = 'log',
  destination: DestinationStream = process.stdout,
  fields?: () => Record<string, unknown>,
): JsonProjectorLogger {
  const logger = pino(
    {
      level: PINO_LEVEL[level],
      base: { service: 'safety-skills-projector' },
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      messageKey: 'message',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      ...(fields ? { mixin: fields } : {}),
    },
    destination,
  );
  return {
    info: (message, context) => logger.info(plain(context), message),
    warn: (message, context) => logger.warn(plain(context), message),
    error: (message, context) => logger.error(plain(context), message),
  };
}
