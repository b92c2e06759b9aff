import { Writable } from 'node:stream';
import { pino } from 'pino';
import { REDACTED_PATHS } from './logging.module.js';

describe('log redaction', () => {
  it('censors personal fields an object passed to a log call carries, one or two levels down', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => void (lines.push(chunk.toString()), done()) });
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    logger.info({ worker: { name: '欧阳建国', idNumber: '430903198503121234', enterpriseId: 'e1' }, claim: { trainee: { phone: '13800000000' } } }, 'enrolled');
    const line = JSON.parse(lines[0]!);
    expect(line.worker).toEqual({ name: '[redacted]', idNumber: '[redacted]', enterpriseId: 'e1' });
    expect(line.claim.trainee.phone).toBe('[redacted]');
    expect(lines[0]).not.toContain('430903198503121234');
  });
});
