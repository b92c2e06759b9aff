import { newCreditCode } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { registerEnterprise } from './support/worker-steps.js';

/** The value of one sample line of the Prometheus text (`name{labels} value`), or undefined. */
const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('GET /metrics (Prometheus)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('counts requests by route and status, commands by outcome and code, appends, read-store writes and projection lag', async () => {
    const admin = await t.token('city_admin');
    const enterprise = await registerEnterprise(t);
    const refused = await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).send({ name: '某企业', creditCode: newCreditCode(), sector: 'galaxy', countyCode: '430903' });
    expect(refused.status).toBe(400);
    const plan = await t.http.post(`/api/v1/enterprises/${enterprise.id}/training-plans`).set('Authorization', `Bearer ${enterprise.token}`).send({ year: 2021, submittedOn: '2021-01-05' }).expect(200);
    await t.http.get('/api/v1/milestones').set('Authorization', `Bearer ${admin}`).set('X-Min-Position', plan.body.position).expect(200);

    const scrape = await t.http.get('/metrics');
    expect([scrape.status, scrape.status === 200 ? '' : scrape.text]).toEqual([200, '']);
    const { text, headers } = scrape;
    expect(headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(text, 'http_request_duration_seconds_count{method="POST",route="/api/v1/enterprises",status="201"}')).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count{method="POST",route="/api/v1/enterprises",status="400"}')).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="/api/v1/milestones",status="200"}')).toBe(1);
    expect(sample(text, 'commands_total{command="Enterprises.register",outcome="accepted",code=""}')).toBe(1);
    expect(sample(text, 'commands_total{command="Enterprises.register",outcome="rejected",code="invalid_input"}')).toBe(1);
    expect(sample(text, 'commands_total{command="Enterprises.submitTrainingPlan",outcome="accepted",code=""}')).toBe(1);
    expect(sample(text, 'event_store_append_duration_seconds_count{outcome="ok"}')).toBe(2);
    // The projection's name, with its version where the store names it so: whatever version is current.
    expect(text).toMatch(/^read_store_write_duration_seconds_count\{projection="enterprises(_v\d+)?"\} [1-9]\d*$/m);
    expect(text).toMatch(/^projection_lag_events\{projection="enterprises",version="\d+",active="true"\} 0$/m);
    expect(text).toMatch(/^projection_applied_position\{projection="enterprises",version="\d+",active="true"\} [1-9]\d*$/m);
    expect(text).toMatch(/^read_store_documents_written_total\{projection="[a-z_0-9]+"\} [1-9]/m);
  });
});

describe('GET /metrics: what is not a command, and refusals before routing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '2' });
  });
  afterAll(() => t.close());

  it('does not count a dev sign-in as a command, records a 429 under its route, and reports the rate limit store', async () => {
    await t.http.post('/api/v1/dev/tokens').send({ role: 'auditor' }).expect(201);
    const viewer = `Bearer ${await t.token('viewer', { sub: 'metrics-burst' })}`;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.http.get('/api/v1/milestones').set('Authorization', viewer)).status);
    expect(statuses).toEqual([200, 200, 429]);

    const { text } = await t.http.get('/metrics').expect(200);
    expect(text).not.toMatch(/^commands_total\{command="DevTokens/m);
    expect(sample(text, 'http_request_duration_seconds_count{method="POST",route="/api/v1/dev/tokens",status="201"}')).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="/api/v1/milestones",status="429"}')).toBe(1);
    expect(text).not.toContain('route="unmatched"');
    expect(sample(text, 'rate_limit_store_up{store="memory"}')).toBe(1);
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: 'scrape-secret-123' });
  });
  afterAll(() => t.close());

  it('answers only the scraper that sends the token, even on the loopback', async () => {
    const without = await t.http.get('/metrics').expect(401);
    expect(without.headers['content-type']).toMatch(/^application\/problem\+json/);
    await t.http.get('/metrics').set('Authorization', 'Bearer wrong-secret-1234').expect(401);
    const scraped = await t.http.get('/metrics').set('Authorization', 'Bearer scrape-secret-123').expect(200);
    expect(scraped.text).toContain('# TYPE http_request_duration_seconds histogram');
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  it('answers a direct loopback scraper, and refuses one relayed by a proxy (a forwarding header) with 403 problem+json', async () => {
    const t = await startTestApp();
    try {
      await t.http.get('/metrics').expect(200);
      for (const [name, value] of [['X-Forwarded-For', '203.0.113.9'], ['Forwarded', 'for=203.0.113.9'], ['X-Real-IP', '203.0.113.9']] as const) {
        const refused = await t.http.get('/metrics').set(name, value);
        expect([name, refused.status, refused.headers['content-type'], refused.body.code]).toEqual([name, 403, expect.stringMatching(/^application\/problem\+json/), 'forbidden']);
        expect(refused.text).not.toContain('# TYPE');
      }
    } finally {
      await t.close();
    }
  });

  it('refuses even a loopback scraper with no forwarding header when a proxy is configured in front (TRUST_PROXY_HOPS > 0)', async () => {
    const t = await startTestApp({ TRUST_PROXY_HOPS: '1' });
    try {
      const refused = await t.http.get('/metrics').expect(403);
      expect(refused.body.code).toBe('forbidden');
    } finally {
      await t.close();
    }
  });
});

describe('GET /metrics: a command replayed from its Idempotency-Key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is counted as replayed, not as a second accepted command', async () => {
    const admin = `Bearer ${await t.token('city_admin')}`;
    const body = { name: '重放计数企业', creditCode: newCreditCode(), sector: 'fireworks', countyCode: '430903' };
    const first = await t.http.post('/api/v1/enterprises').set('Authorization', admin).set('Idempotency-Key', 'metrics-replay-1').send(body).expect(201);
    const again = await t.http.post('/api/v1/enterprises').set('Authorization', admin).set('Idempotency-Key', 'metrics-replay-1').send(body).expect(201);
    expect(again.body).toEqual(first.body);
    const { text } = await t.http.get('/metrics').expect(200);
    expect(sample(text, 'commands_total{command="Enterprises.register",outcome="accepted",code=""}')).toBe(1);
    expect(sample(text, 'commands_total{command="Enterprises.register",outcome="replayed",code=""}')).toBe(1);
    expect(sample(text, 'event_store_append_duration_seconds_count{outcome="ok"}')).toBe(1);
  });
});
