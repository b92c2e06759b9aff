import { Logger, type LoggerService } from '@nestjs/common';
import { jest } from '@jest/globals';
import { certificateBody, claimBody, laborContract } from '../e2e/support/claim-steps.js';
import { newCreditCode, newIdNumber } from '../e2e/support/fixtures.js';
import { captureStdout } from '../e2e/support/capture-stdout.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { addTrainee, completeTraining, enrollWorker, openClass, recordExam, registerEnterprise, registerProvider, streamEvents } from '../e2e/support/worker-steps.js';

/** Everything the application says: Nest's logger at every level, the console, and raw stdout/stderr. */
class Capture implements LoggerService {
  readonly lines: string[] = [];
  private readonly record = (...parts: unknown[]) => void this.lines.push(parts.map((part) => (typeof part === 'string' ? part : safeJson(part))).join(' '));
  log = this.record;
  error = this.record;
  warn = this.record;
  debug = this.record;
  verbose = this.record;
  fatal = this.record;
}

const safeJson = (value: unknown): string => {
  try {
    return value instanceof Error ? `${value.name} ${value.message} ${value.stack ?? ''}` : JSON.stringify(value);
  } catch {
    return String(value);
  }
};

describe('no personal data in what the application logs', () => {
  let t: TestApp;
  const capture = new Capture();
  const answers: string[] = [];
  const people = [
    { name: '欧阳建国', idNumber: newIdNumber('1985-03-12') },
    { name: '司马秀英', idNumber: newIdNumber('1992-11-30') },
    { name: '诸葛明', idNumber: newIdNumber('1979-07-01') },
  ];

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'debug' });
    t.app.useLogger(capture);
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      jest.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
        capture.lines.push(String(chunk));
        return write(chunk, ...rest);
      }) as typeof stream.write);
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(console, method).mockImplementation((...parts: unknown[]) => void capture.lines.push(parts.map(safeJson).join(' ')));
    }
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  it('runs a story with names and ID numbers, its failures included, and none of them reaches the logs or an error answer', async () => {
    const enterprise = await registerEnterprise(t);
    const another = await registerEnterprise(t);
    const provider = await registerProvider(t);
    const admin = await t.token('city_admin');
    const officer = await t.token('em_officer', { county: enterprise.countyCode });
    const keep = (response: { status: number; body: unknown }) => {
      if (response.status >= 400) answers.push(JSON.stringify(response.body));
      return response;
    };

    const workers = [];
    for (const person of people) workers.push(await enrollWorker(t, enterprise, person));
    // The same person at a second enterprise (one lifelong account), and again at the first (409).
    await enrollWorker(t, another, people[0]);
    const enrol = (body: object) => t.http.post('/api/v1/workers').set('Authorization', `Bearer ${enterprise.token}`).send(body);
    const base = { enterpriseId: enterprise.id, employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2020-06-01' };
    keep(await enrol({ ...base, ...people[0] }));
    // A wrong check character, a malformed ID, an unknown field carrying the ID, a body that is not JSON.
    keep(await enrol({ ...base, name: people[1].name, idNumber: people[1].idNumber.slice(0, 17) + (people[1].idNumber.endsWith('1') ? '2' : '1') }));
    keep(await enrol({ ...base, name: people[1].name, idNumber: `${people[1].idNumber}99` }));
    keep(await enrol({ ...base, ...people[2], phone: people[2].idNumber }));
    keep(await t.http.post('/api/v1/workers').set('Authorization', `Bearer ${enterprise.token}`).set('Content-Type', 'application/json').send(`{"name":"${people[2].name}","idNumber":"${people[2].idNumber}"`));
    keep(await t.http.post('/api/v1/workers').set('Authorization', `Bearer ${another.token}`).send({ ...base, ...people[1] }));

    const classId = await openClass(t, provider, { kind: 'special_operation' });
    for (const worker of workers) {
      await addTrainee(t, provider, classId, worker.workerId);
      await completeTraining(t, provider, classId, worker.workerId);
      await recordExam(t, provider.token, worker.workerId, { kind: 'special_operation', classId });
    }
    const issued = await t.http.post('/api/v1/certificates').set('Authorization', `Bearer ${officer}`).send(certificateBody(workers[0].workerId));
    keep(
      await t.http
        .post('/api/v1/subsidy-claims')
        .set('Authorization', `Bearer ${enterprise.token}`)
        .send(claimBody(classId, { kind: 'enterprise', id: enterprise.id }, [{ workerId: workers[0].workerId, certificateId: issued.body.id, laborContract: laborContract(workers[0].workerId) }])),
    );
    for (const worker of workers) {
      keep(await t.http.get(`/api/v1/workers/${worker.workerId}`).set('Authorization', `Bearer ${enterprise.token}`));
      keep(await t.http.get(`/api/v1/workers/${worker.workerId}`).set('Authorization', `Bearer ${admin}`));
    }
    keep(await t.http.post(`/api/v1/workers/${workers[2].workerId}/erasure`).set('Authorization', `Bearer ${admin}`));
    keep(await t.http.get(`/api/v1/workers/${workers[2].workerId}`).set('Authorization', `Bearer ${admin}`));

    // The capture hears Nest's loggers and the raw streams: a search of an empty capture would prove nothing.
    new Logger('canary').debug('canary-nest-logger');
    process.stderr.write('canary-stderr\n');
    expect(capture.lines.join('\n')).toMatch(/canary-nest-logger[\s\S]*canary-stderr/);
    // The JSON request lines (pino) are heard too: one per request, with its route and status.
    const requestLines = capture.lines.filter((line) => line.includes('"message":"request completed"')).map((line) => JSON.parse(line));
    expect(requestLines).toEqual(expect.arrayContaining([expect.objectContaining({ route: '/api/v1/workers', res: { status: 409 } })]));
    expect(answers.length).toBeGreaterThanOrEqual(5);
    const logged = capture.lines.join('\n');
    const refused = answers.join('\n');
    for (const { name, idNumber } of people) {
      for (const secret of [idNumber, idNumber.toLowerCase(), idNumber.slice(0, 17), name]) {
        expect({ secret, inLogs: logged.includes(secret), inErrors: refused.includes(secret) }).toEqual({ secret, inLogs: false, inErrors: false });
      }
    }
  });
  it('a 503 because the client\'s wait ran out is a warning with its correlation id, without a stack', async () => {
    const admin = await t.token('city_admin');
    await t.http.get('/api/v1/milestones').set('Authorization', `Bearer ${admin}`).set('X-Correlation-Id', 'wait-ran-out').set('X-Min-Position', '99999999').expect(503);
    const line = capture.lines.filter((l) => l.includes('"status":503')).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.correlationId === 'wait-ran-out');
    expect(line).toMatchObject({ level: 40, route: '/api/v1/milestones', res: { status: 503 } });
    expect(line).not.toHaveProperty('err');
  });
});

describe('a log line for every answer, those refused before the router included', () => {
  let t: TestApp;
  const lines: string[] = [];
  const person = { name: '上官婉清', idNumber: newIdNumber('1990-04-18') };

  beforeAll(async () => {
    // A small rate limit, so that a few requests of one subject reach the 429.
    t = await startTestApp({ LOG_LEVEL: 'log', RATE_LIMIT_PER_MINUTE: '3' });
    captureStdout(lines);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  it('malformed JSON, a body too large, the wrong media type, no token and the rate limit each get one JSON line, without the personal data they carried', async () => {
    const enterprise = await registerEnterprise(t);
    const base = { enterpriseId: enterprise.id, employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2020-06-01', ...person };
    // Each refusal by a subject of its own: the rate limit counts per subject.
    const as = (sub: string) => t.token('enterprise_admin', { enterprise: enterprise.id, sub });
    const tokens: Record<string, string> = {};
    for (const sub of ['malformed', 'large', 'media', 'burst']) tokens[sub] = await as(sub);
    const enrol = (correlationId: string, sub: string | undefined) => {
      const call = t.http.post('/api/v1/workers').set('X-Correlation-Id', correlationId);
      return sub ? call.set('Authorization', `Bearer ${tokens[sub]}`) : call;
    };

    const statuses: Record<string, number> = {};
    statuses['malformed-json'] = (await enrol('malformed-json', 'malformed').set('Content-Type', 'application/json').send(JSON.stringify(base).slice(0, -1))).status;
    statuses['too-large'] = (await enrol('too-large', 'large').set('Content-Type', 'application/json').send(JSON.stringify({ ...base, note: `${person.name} ${person.idNumber} `.repeat(40_000) }))).status;
    statuses['wrong-media-type'] = (await enrol('wrong-media-type', 'media').set('Content-Type', 'text/plain').send(`${person.name},${person.idNumber}`)).status;
    statuses['no-token'] = (await enrol('no-token', undefined).send(base)).status;
    for (const n of [1, 2, 3]) statuses[`within-limit-${n}`] = (await enrol(`within-limit-${n}`, 'burst').send({ ...base, enrolledOn: 'soon' })).status;
    statuses['over-limit'] = (await enrol('over-limit', 'burst').send(base)).status;
    expect(statuses).toEqual({ 'malformed-json': 400, 'too-large': 413, 'wrong-media-type': 415, 'no-token': 401, 'within-limit-1': 400, 'within-limit-2': 400, 'within-limit-3': 400, 'over-limit': 429 });

    const requestLines = lines
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { message?: string; correlationId?: string; route?: string; durationMs?: number; req?: { method: string; path: string }; res?: { status: number } })
      .filter((line) => line.message === 'request completed');
    for (const [correlationId, status] of Object.entries(statuses)) {
      const own = requestLines.filter((line) => line.correlationId === correlationId);
      expect(own).toEqual([expect.objectContaining({ correlationId, route: expect.any(String), durationMs: expect.any(Number), req: { method: 'POST', path: '/api/v1/workers' }, res: { status } })]);
    }
    // Each line names the refusal's code, as the answer did.
    const codes = Object.fromEntries(Object.keys(statuses).map((id) => [id, (requestLines.find((line) => line.correlationId === id) as { code?: string } | undefined)?.code]));
    expect(codes).toEqual({
      'malformed-json': 'malformed_body', 'too-large': 'payload_too_large', 'wrong-media-type': 'unsupported_media_type', 'no-token': 'unauthorized',
      'within-limit-1': 'invalid_input', 'within-limit-2': 'invalid_input', 'within-limit-3': 'invalid_input', 'over-limit': 'too_many_requests',
    });
    // Refused by the router's guard: the route template is known; refused before it, the line says so.
    expect(requestLines.find((line) => line.correlationId === 'no-token')?.route).toBe('/api/v1/workers');
    // Refused by the rate limit before routing: the template its path fits, never `unmatched`.
    expect(requestLines.find((line) => line.correlationId === 'over-limit')?.route).toBe('/api/v1/workers');

    const logged = lines.join('');
    for (const secret of [person.idNumber, person.idNumber.slice(0, 17), person.name]) expect({ secret, inLogs: logged.includes(secret) }).toEqual({ secret, inLogs: false });
  });
});

describe('personal data a caller puts in the path or the correlation id', () => {
  let t: TestApp;
  const lines: string[] = [];
  const idNumber = newIdNumber('1988-02-29');

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'log', METRICS_TOKEN: 'scrape-secret-123' });
    captureStdout(lines);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  const requestLines = () =>
    lines
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { message?: string; correlationId?: string; route?: string; req?: { path: string }; res?: { status: number } })
      .filter((line) => line.message === 'request completed');

  it('an ID number or a name in the path is logged as [redacted], with the route template', async () => {
    const auditor = `Bearer ${await t.token('auditor')}`;
    await t.http.get(`/api/v1/workers/${idNumber}`).set('Authorization', auditor).set('X-Correlation-Id', 'id-in-path').expect(404);
    await t.http.get(`/api/v1/workers/${encodeURIComponent('欧阳建国')}/certification`).set('Authorization', auditor).set('X-Correlation-Id', 'name-in-path');
    const byId = requestLines().find((line) => line.correlationId === 'id-in-path');
    expect(byId).toMatchObject({ route: '/api/v1/workers/:id', req: { path: '/api/v1/workers/[redacted]' }, res: { status: 404 } });
    expect(requestLines().find((line) => line.correlationId === 'name-in-path')?.req).toEqual({ method: 'GET', path: '/api/v1/workers/[redacted]/certification' });
    // A phone number in the path, with separators or not, likewise.
    for (const [phone, id] of [['138-0013-8000', 'phone-dashes'], ['138 0013 8000', 'phone-spaces'], ['+86 138 0013 8000', 'phone-country']] as const) {
      await t.http.get(`/api/v1/workers/${encodeURIComponent(phone)}`).set('Authorization', auditor).set('X-Correlation-Id', id);
      expect({ phone, path: requestLines().find((line) => line.correlationId === id)?.req?.path }).toEqual({ phone, path: '/api/v1/workers/[redacted]' });
    }
    expect(lines.join('')).not.toMatch(/138.{0,3}0013.{0,3}8000/);
    // Ids that are not personal stay, for the operator to follow.
    await t.http.get('/api/v1/workers/0000000000000000000000000000dead').set('Authorization', auditor).set('X-Correlation-Id', 'plain-id').expect(404);
    expect(requestLines().find((line) => line.correlationId === 'plain-id')?.req?.path).toBe('/api/v1/workers/0000000000000000000000000000dead');
    const logged = lines.join('');
    for (const secret of [idNumber, idNumber.slice(0, 17), '欧阳建国', encodeURIComponent('欧阳建国')]) expect({ secret, inLogs: logged.includes(secret) }).toEqual({ secret, inLogs: false });
  });

  it('a correlation id that could be an ID number is replaced by a fresh one: not echoed, not logged, not stored on the events', async () => {
    const admin = `Bearer ${await t.token('city_admin')}`;
    const answer = await t.http
      .post('/api/v1/enterprises')
      .set('Authorization', admin)
      .set('X-Correlation-Id', idNumber)
      .send({ name: '关联号测试企业', creditCode: newCreditCode('430903'), sector: 'fireworks', countyCode: '430903' })
      .expect(201);
    const fresh = answer.headers['x-correlation-id'] as string;
    expect(fresh).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const events = await streamEvents(t, `enterprise-${answer.body.id as string}`);
    expect(events.map((event) => event.metadata.correlationId)).toEqual([fresh]);
    expect(requestLines().filter((line) => line.correlationId === fresh)).toHaveLength(1);
    // Phone numbers and birth dates are digit runs too; a UUID or a short token is kept as sent.
    for (const [sent, kept] of [['13800138000', false], ['138-0013-8000', false], ['138.0013.8000', false], ['+86 138 0013 8000', false], ['19880229', false], ['order-7-retry-2', true], ['5f0c1b2e-8d4a-4c3e-9b1a-0123456789ab', true]] as const) {
      const echoed = (await t.http.get('/api/v1/dashboard/reference').set('X-Correlation-Id', sent).expect(200)).headers['x-correlation-id'];
      expect({ sent, kept: echoed === sent }).toEqual({ sent, kept });
    }
    expect(lines.join('')).not.toContain(idNumber);
  });

  it('a probe or a scrape is logged only when it is refused or fails', async () => {
    await t.http.get('/health').set('X-Correlation-Id', 'probe-ok').expect(200);
    await t.http.get('/metrics').set('Authorization', 'Bearer scrape-secret-123').set('X-Correlation-Id', 'scrape-ok').expect(200);
    await t.http.get('/metrics').set('X-Correlation-Id', 'scrape-refused').expect(401);
    const seen = (id: string) => requestLines().filter((line) => line.correlationId === id);
    expect([seen('probe-ok'), seen('scrape-ok')]).toEqual([[], []]);
    expect(seen('scrape-refused')).toEqual([expect.objectContaining({ route: '/metrics', res: { status: 401 } })]);
  });
});
