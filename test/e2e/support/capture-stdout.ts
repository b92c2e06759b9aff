import { jest } from '@jest/globals';

/**
 * Keeps every chunk written to stdout from now on in `lines` (the lines still reach the terminal), for tests that
 * read the service's log as an operator would. Undone by `jest.restoreAllMocks()`.
 */
export function captureStdout(lines: string[] = []): string[] {
  const write = process.stdout.write.bind(process.stdout);
  jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
    lines.push(String(chunk));
    return write(chunk, ...rest);
  }) as typeof process.stdout.write);
  return lines;
}
