import { Writable } from 'node:stream';
import { pino } from 'pino';
import { REDACTED_PATHS } from '#libs/runtime';
import { isAcceptableCorrelationId, redactedPath } from './logging.module.js';

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

  it('redacts a phone number in a path segment or a correlation id, written with separators or not', () => {
    const phones = ['13800138000', '138 0013 8000', '138-0013-8000', '138.0013.8000', '+86 138 0013 8000', '+86-138-0013-8000', '(0737)4221234'];
    for (const phone of phones) {
      expect({ phone, path: redactedPath(`/api/v1/workers/${encodeURIComponent(phone)}/certification`) }).toEqual({ phone, path: '/api/v1/workers/[redacted]/certification' });
      expect({ phone, path: redactedPath(`/api/v1/workers/${phone}`) }).toEqual({ phone, path: '/api/v1/workers/[redacted]' });
    }
    for (const phone of ['138-0013-8000', '138.0013.8000', '138_0013_8000', '138:0013:8000']) expect({ phone, kept: isAcceptableCorrelationId(phone) }).toEqual({ phone, kept: false });
    // Our own ids and short tokens stay.
    expect(redactedPath('/api/v1/workers/0000000000000000000000000000dead/posts/5f0c1b2e-8d4a-4c3e-9b1a-0123456789ab/end')).toBe('/api/v1/workers/0000000000000000000000000000dead/posts/5f0c1b2e-8d4a-4c3e-9b1a-0123456789ab/end');
    expect(redactedPath('/api/v1/counties/430903/summaries')).toBe('/api/v1/counties/430903/summaries');
    expect(['order-7-retry-2', 'abc-123', 'v1.2.3'].map(isAcceptableCorrelationId)).toEqual([true, true, true]);
  });
});
