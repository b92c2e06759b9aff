/**
 * Where the projector reports. Context carries names, versions, positions and error codes only:
 * never document or event data, which may hold personal data.
 */
export interface ProjectorLogger {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
}

const line = (message: string, context?: Record<string, unknown>): string =>
  `[projector] ${message}${context ? ` ${JSON.stringify(context, (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}` : ''}\n`;

export const consoleProjectorLogger: ProjectorLogger = {
  info: (message, context) => process.stdout.write(line(message, context)),
  warn: (message, context) => process.stderr.write(line(message, context)),
};

/** Name, code and message of a thrown value, for logs and status. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}${code === undefined ? '' : ` (${String(code)})`}: ${error.message}`;
}
