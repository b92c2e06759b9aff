import { startTestApp, type TestApp } from '../../../../test/e2e/support/test-app.js';

describe('dashboard routes', () => {
  let t: TestApp;
  afterEach(() => t?.close());

  it('serves the page at / and ECharts from the installed package, without a token', async () => {
    t = await startTestApp();
    const page = await t.http.get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/vendor/echarts/echarts.min.js');
    const echarts = await t.http.get('/vendor/echarts/echarts.min.js');
    expect(echarts.status).toBe(200);
    expect((await t.http.get('/api/v1/dashboard/reference')).body.units).toHaveLength(8);
  });

  it('issues a token the api accepts, and asks for the scope a county role needs', async () => {
    t = await startTestApp();
    const issued = await t.http.post('/api/v1/dev/tokens').send({ role: 'viewer' });
    expect(issued.status).toBe(201);
    expect((await t.http.get('/api/v1/milestones?asOf=2020-01-01').set('Authorization', `Bearer ${issued.body.token}`)).status).toBe(200);
    const noCounty = await t.http.post('/api/v1/dev/tokens').send({ role: 'em_officer' });
    expect(noCounty.status).toBe(400);
    expect(noCounty.body.errors[0].path).toBe('county');
  });

  it('has no sign-in with DASHBOARD_DEV_SIGNIN=off', async () => {
    const before = process.env.DASHBOARD_DEV_SIGNIN;
    process.env.DASHBOARD_DEV_SIGNIN = 'off';
    try {
      t = await startTestApp();
    } finally {
      if (before === undefined) delete process.env.DASHBOARD_DEV_SIGNIN;
      else process.env.DASHBOARD_DEV_SIGNIN = before;
    }
    expect((await t.http.post('/api/v1/dev/tokens').send({ role: 'city_admin' })).status).toBe(404);
  });
});
