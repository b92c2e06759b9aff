/**
 * OpenTelemetry traces as a collector receives them: the api started with OTEL_TRACES_ENABLED=true
 * sends OTLP/HTTP (JSON) to a receiver in this test. A worker's enrolment (an ID number and a name in its
 * body) gives a request span, a command span under it with its outcome, an event-store append under
 * that, and the embedded projector's batch spans; a second enrolment is refused and says so. Neither
 * the ID number nor the name is anywhere in what was exported, and a path holding an ID number is
 * redacted as the log redacts it. Off (the default), nothing is sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { newIdNumber } from '../e2e/support/fixtures.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { registerEnterprise } from '../e2e/support/worker-steps.js';
import { buildDist, kill, startNode } from '../fault/support/api-process.js';
import { sqliteReadStore, startProjector } from '../fault/support/projector-processes.js';
import { waitFor } from '../fault/support/wait-for.js';
import { seedEventStore } from '../../bench/rebuild/seed-event-store.js';
import { OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';

/** This suite's ports (the receivers). */
const RECEIVER_ON = 4110;
const RECEIVER_OFF = 4111;
/** Where nothing listens: the exports of a process that only starts fail, and are not looked at. */
const RECEIVER_UNUSED = 4112;
/** The api processes that report the modules they loaded. */
const API_OFF = 4113;
const API_ON = 4114;
/** The projector process's receiver. */
const RECEIVER_PROJECTOR = 4115;

const SERVER = 2;

/** Every stdout line the api writes while `work` runs. */
async function stdoutOf(work: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return write(chunk, ...rest);
  }) as typeof process.stdout.write);
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

const person = { name: '欧阳建国', idNumber: newIdNumber('1985-03-12') };
const enrolment = (enterpriseId: string, over: Partial<typeof person> = {}) => ({
  enterpriseId,
  employmentType: 'employee',
  hireType: 'new_hire',
  enrolledOn: '2020-06-01',
  educationLevel: 'senior_high',
  ...person,
  ...over,
});

describe('traces on: what a collector receives', () => {
  const receiver = new OtlpReceiver();
  let spans: ReceivedSpan[];
  let logLines: Record<string, unknown>[];
  const caller = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentId: '00f067aa0ba902b7' };

  beforeAll(async () => {
    const endpoint = await receiver.listen(RECEIVER_ON);
    let t: TestApp | undefined;
    const lines = await stdoutOf(async () => {
      t = await startTestApp({ LOG_LEVEL: 'log', OTEL_TRACES_ENABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: '' });
      const app = t;
      try {
        const enterprise = await registerEnterprise(app);
        const enrolled = await app.http.post('/api/v1/workers').set('Authorization', `Bearer ${enterprise.token}`).send(enrolment(enterprise.id)).expect(201);
        // The same ID number under another name: refused (422 identity_mismatch).
        await app.http.post('/api/v1/workers').set('Authorization', `Bearer ${enterprise.token}`).send(enrolment(enterprise.id, { name: '司马秀英' })).expect(422);
        // Read back once the embedded projector has applied the enrolment: its batch span is then ended.
        await app.http.get(`/api/v1/workers/${enrolled.body.id}`).set('Authorization', `Bearer ${enterprise.token}`).set('X-Min-Position', enrolled.body.position).expect(200);
        // A path holding an ID number, from a caller that continues its own trace.
        const admin = await app.token('city_admin');
        await app.http.get(`/api/v1/workers/${person.idNumber}`).set('Authorization', `Bearer ${admin}`).set('traceparent', `00-${caller.traceId}-${caller.parentId}-01`);
      } finally {
        // Closing the application sends the spans still buffered.
        await app.close();
      }
    });
    spans = receiver.spans();
    logLines = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
  }, 60_000);
  afterAll(() => receiver.close());

  const requestSpans = (name: string) => spans.filter((span) => span.name === name && span.kind === SERVER);
  const commandSpans = () => spans.filter((span) => span.name === 'command Workers.enroll');

  it('sends OTLP/HTTP JSON under the api\'s service name', () => {
    expect(receiver.bodies.length).toBeGreaterThan(0);
    expect(receiver.contentTypes.every((type) => type.startsWith('application/json'))).toBe(true);
    expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['safety-skills-api']));
  });

  it('has a request span per enrolment, named by route template, with its status', () => {
    const requests = requestSpans('POST /api/v1/workers');
    expect(requests.map((span) => span.attributes['http.response.status_code']).sort()).toEqual([201, 422]);
    for (const span of requests) expect(span.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/api/v1/workers', 'url.path': '/api/v1/workers' });
  });

  it('has a command span under each request span, with the command type and its outcome', () => {
    const requests = requestSpans('POST /api/v1/workers');
    const commands = commandSpans();
    expect(commands).toHaveLength(2);
    for (const command of commands) {
      const parent = requests.find((request) => request.spanId === command.parentSpanId);
      expect(parent).toBeDefined();
      expect(command.traceId).toBe(parent!.traceId);
      expect(command.attributes['command.type']).toBe('Workers.enroll');
    }
    const outcome = (status: number) => commands.find((command) => requests.find((r) => r.spanId === command.parentSpanId)!.attributes['http.response.status_code'] === status)!.attributes;
    expect(outcome(201)).toMatchObject({ 'command.outcome': 'accepted' });
    expect(outcome(422)).toMatchObject({ 'command.outcome': 'rejected', 'command.rejection_code': 'identity_mismatch' });
  });

  it('has the event-store append under the accepted command, and the projector\'s batches', () => {
    const accepted = commandSpans().find((command) => command.attributes['command.outcome'] === 'accepted')!;
    const append = spans.find((span) => span.name === 'event_store.append' && span.parentSpanId === accepted.spanId);
    expect(append?.attributes).toMatchObject({ 'event_store.kind': 'sqlite', 'event_store.outcome': 'appended' });
    expect(String(append?.attributes['event_store.event_types'])).toContain('WorkerEnrolled');
    const batches = spans.filter((span) => span.name === 'projection.apply');
    expect(batches.map((span) => span.attributes.projection)).toEqual(expect.arrayContaining([expect.stringMatching(/^workers_v\d+$/), expect.stringMatching(/^audit_trail_v\d+$/)]));
    // A batch's span has no parent: the projector applies on its own, after the request has been answered.
    expect(batches.every((span) => span.parentSpanId === '' && Number(span.attributes['projection.events']) > 0)).toBe(true);
  });

  it('redacts a path that holds an ID number as the log does, and continues a caller\'s trace', () => {
    const read = requestSpans('GET /api/v1/workers/:id').find((span) => span.traceId === caller.traceId);
    expect(read).toBeDefined();
    expect(read!.parentSpanId).toBe(caller.parentId);
    expect(read!.attributes['url.path']).toBe('/api/v1/workers/[redacted]');
  });

  it('holds no ID number and no name anywhere in what was exported', () => {
    expect(spans.length).toBeGreaterThan(5);
    const exported = receiver.bodies.join('\n');
    for (const secret of [person.idNumber, person.idNumber.slice(0, 17), person.name, '司马秀英', JSON.stringify(person.name).slice(1, -1)]) {
      expect({ secret, exported: exported.includes(secret) }).toEqual({ secret, exported: false });
    }
  });

  it('puts the trace and span ids of its request on the request\'s log line', () => {
    const accepted = requestSpans('POST /api/v1/workers').find((span) => span.attributes['http.response.status_code'] === 201)!;
    const line = logLines.find((l) => l.message === 'request completed' && l.route === '/api/v1/workers' && (l.res as { status?: number }).status === 201);
    expect(line).toMatchObject({ traceId: accepted.traceId, spanId: accepted.spanId });
  });
});

describe('traces off (the default)', () => {
  const receiver = new OtlpReceiver();
  let logLines: Record<string, unknown>[];

  beforeAll(async () => {
    const endpoint = await receiver.listen(RECEIVER_OFF);
    // An endpoint is configured, but not OTEL_TRACES_ENABLED.
    const lines = await stdoutOf(async () => {
      const t = await startTestApp({ LOG_LEVEL: 'log', OTEL_TRACES_ENABLED: undefined, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
      try {
        const enterprise = await registerEnterprise(t);
        await t.http.post('/api/v1/workers').set('Authorization', `Bearer ${enterprise.token}`).send(enrolment(enterprise.id)).expect(201);
      } finally {
        await t.close();
      }
    });
    logLines = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
  }, 60_000);
  afterAll(() => receiver.close());

  it('sends nothing, and its log lines carry no trace id', () => {
    expect(receiver.bodies).toEqual([]);
    const requestLines = logLines.filter((l) => l.message === 'request completed');
    expect(requestLines.length).toBeGreaterThanOrEqual(2);
    for (const line of requestLines) expect(line).not.toHaveProperty('traceId');
  });
});

describe('traces off: the OpenTelemetry SDK is not even loaded', () => {
  const dirs: string[] = [];
  beforeAll(() => buildDist(), 180_000);
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** The OpenTelemetry packages the api (`npm start`'s build) has loaded once it has answered a request. */
  const loadedBy = async (port: number, env: NodeJS.ProcessEnv): Promise<string[]> => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'safety-skills-otel-'));
    dirs.push(dataDir);
    const service = startNode(['--import', './test/tracing/report-opentelemetry-modules.mjs', 'dist/apps/api/src/main.js'], {
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      OTEL_TRACES_ENABLED: undefined,
      ...env,
    });
    try {
      await waitFor('the api to answer /health', async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.status === 200 || null, 30_000);
      service.child.kill('SIGUSR2');
      const line = await waitFor('the list of loaded modules', async () => service.output().split('\n').find((l) => l.startsWith('{"opentelemetry"')) ?? null, 10_000);
      return (JSON.parse(line) as { opentelemetry: string[] }).opentelemetry;
    } finally {
      await kill(service, 'SIGTERM');
    }
  };

  it('loads no part of the SDK with traces off, and the SDK and exporter with them on', async () => {
    // prom-client's default metrics load the API package alone (a no-op without an SDK), traces or not.
    const off = await loadedBy(API_OFF, { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${RECEIVER_UNUSED}` });
    expect(off.filter((name) => name !== '@opentelemetry/api')).toEqual([]);
    const on = await loadedBy(API_ON, { OTEL_TRACES_ENABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${RECEIVER_UNUSED}` });
    expect(on).toEqual(expect.arrayContaining(['@opentelemetry/api', '@opentelemetry/sdk-trace-node', '@opentelemetry/exporter-trace-otlp-http']));
  }, 90_000);
});

describe('traces on: the projector process', () => {
  const receiver = new OtlpReceiver();
  let dataDir: string;
  let cleanDir: string;

  beforeAll(async () => {
    await receiver.listen(RECEIVER_PROJECTOR);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'safety-skills-otel-projector-'));
    cleanDir = mkdtempSync(path.join(os.tmpdir(), 'safety-skills-otel-projector-clean-'));
  });
  afterAll(async () => {
    await receiver.close();
    for (const dir of [dataDir, cleanDir]) rmSync(dir, { recursive: true, force: true });
  });

  it('exports a span per batch each projection applies, under its own service name, up to the head of the log', async () => {
    const events = seedEventStore(dataDir, 500);
    const projector = startProjector(dataDir, sqliteReadStore(dataDir, cleanDir), {
      OTEL_TRACES_ENABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${RECEIVER_PROJECTOR}`,
      OTEL_SERVICE_NAME: 'projector-test',
    });
    try {
      const reached = (span: ReceivedSpan) => span.name === 'projection.apply' && span.attributes['projection.last_position'] === String(events);
      // Spans are sent in batches every few seconds; the workers projection reaching the head is the last word.
      await waitFor('the workers projection at the head, in the spans received', async () => receiver.spans().some((span) => reached(span) && String(span.attributes.projection).startsWith('workers_')) || null, 60_000);
    } finally {
      expect(await kill(projector, 'SIGTERM')).toBe(0);
    }
    const batches = receiver.spans().filter((span) => span.name === 'projection.apply');
    expect(new Set(receiver.spans().map((span) => span.service))).toEqual(new Set(['projector-test']));
    expect(batches.every((span) => Number(span.attributes['projection.events']) > 0 && Number(span.attributes['projection.documents_written']) >= 0)).toBe(true);
    expect(batches.map((span) => span.attributes.projection)).toEqual(expect.arrayContaining([expect.stringMatching(/^audit_trail_v\d+$/), expect.stringMatching(/^compliance_v\d+$/)]));
  }, 120_000);
});
