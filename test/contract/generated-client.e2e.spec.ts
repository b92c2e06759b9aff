import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApiClient } from '#libs/api-client';
import { newCreditCode, newIdNumber } from '../e2e/support/fixtures.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';

const clientDir = path.resolve('libs/api-client');

/**
 * The typed client generated from the document (`npm run client:generate`) is committed; it must be
 * what the served document generates today, and a client's story must work through it.
 */
describe('the generated client', () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp({}, { validateContract: true });
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  it('is generated from the document the api serves now (run `npm run client:generate` when this fails)', async () => {
    const served = (await t.http.get('/api/docs-json').expect(200)).body;
    const committed = JSON.parse(readFileSync(path.join(clientDir, 'openapi.json'), 'utf8'));
    expect(committed).toEqual(served);

    const dir = mkdtempSync(path.join(os.tmpdir(), 'api-client-'));
    try {
      const output = path.join(dir, 'schema.ts');
      execFileSync(process.execPath, [path.resolve('node_modules/openapi-typescript/bin/cli.js'), path.join(clientDir, 'openapi.json'), '--output', output], { stdio: 'pipe' });
      expect(readFileSync(output, 'utf8')).toBe(readFileSync(path.join(clientDir, 'src/schema.ts'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a vendor's story through it: register, enrol, read back its own write, and a typed refusal", async () => {
    const admin = createApiClient(baseUrl, { token: await t.token('city_admin') });
    const registered = await admin.POST('/api/v1/enterprises', {
      body: { name: '益阳某烟花爆竹有限公司', creditCode: newCreditCode('430903'), sector: 'fireworks', countyCode: '430903' },
    });
    expect(registered.response.status).toBe(201);
    const enterpriseId = registered.data!.id;

    const enterprise = createApiClient(baseUrl, { token: await t.token('enterprise_admin', { enterprise: enterpriseId }) });
    const enrolled = await enterprise.POST('/api/v1/workers', {
      body: { enterpriseId, name: '李四', idNumber: newIdNumber('1988-02-03'), employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2021-03-01' },
      params: { header: { 'Idempotency-Key': 'enrol-li-si' } },
    });
    expect(enrolled.response.status).toBe(201);
    const { id: workerId, position } = enrolled.data!;

    const auditor = createApiClient(baseUrl, { token: await t.token('auditor') });
    const record = await auditor.GET('/api/v1/workers/{id}', { params: { path: { id: workerId }, header: { 'X-Min-Position': position } } });
    expect(record.data?.employments.map((e) => [e.enterpriseId, e.enrolledOn])).toEqual([[enterpriseId, '2021-03-01']]);

    const refused = await enterprise.POST('/api/v1/workers/{id}/posts', {
      params: { path: { id: workerId } },
      body: { enterpriseId, title: '', startsOn: 'soon' },
    });
    expect(refused.response.status).toBe(400);
    expect(refused.error?.code).toBe('invalid_input');
    expect(refused.error?.errors?.map((e) => e.path)).toEqual(expect.arrayContaining(['startsOn']));
    expect(t.contract?.mismatches).toEqual([]);
  });
});
