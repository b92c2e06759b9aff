import { Logger } from '@nestjs/common';
import type { ProjectorLogger } from '#libs/projections';

/** The projector's reports through Nest's logger (names, versions, positions only: no data). */
export function nestProjectorLogger(): ProjectorLogger {
  const logger = new Logger('projector');
  const text = (message: string, context?: Record<string, unknown>) =>
    context ? `${message} ${JSON.stringify(context, (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}` : message;
  return { info: (message, context) => logger.log(text(message, context)), warn: (message, context) => logger.warn(text(message, context)) };
}
