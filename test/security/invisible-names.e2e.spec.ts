import { newCreditCode, newIdNumber } from '../e2e/support/fixtures.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { registerEnterprise, type Party } from '../e2e/support/worker-steps.js';

/** Names that display as nothing, or otherwise than they read: refused for persons and organisations alike. */
describe('invisible names', () => {
  let t: TestApp;
  let enterprise: Party;
  let admin: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    enterprise = await registerEnterprise(t);
    admin = await t.token('city_admin');
  });
  afterAll(() => t.close());

  const invisible: Array<[string, string]> = [
    ['only zero-width spaces', '\u200B\u200B'],
    ['only Hangul fillers', '\u3164\u3164'],
    ['only a Hangul choseong filler', '\u115F'],
    ['only Braille blanks', '\u2800\u2800'],
    ['only a Mongolian vowel separator', '\u180E'],
    ['only combining marks', '\u0301\u0302\u0303'],
    ['only tag characters', '\u{E0041}\u{E0042}'],
    ['a left-to-right mark', '张\u200E三'],
    ['a right-to-left mark', '张\u200F三'],
    ['an Arabic letter mark', '张\u061C三'],
    ['a zero-width space inside', '张\u200B三'],
    ['a tag character inside', '张三\u{E0020}'],
  ];

  it.each(invisible)('refuses a person named with %s (400 on name)', async (_what, name) => {
    const response = await t.http
      .post('/api/v1/workers')
      .set(auth(enterprise.token))
      .send({ enterpriseId: enterprise.id, name, idNumber: newIdNumber(), employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2020-06-01' });
    expect([response.status, response.body.errors?.[0]?.path]).toEqual([400, 'name']);
  });

  it.each(invisible)('refuses an enterprise named with %s (400 on name)', async (_what, name) => {
    const response = await t.http
      .post('/api/v1/enterprises')
      .set(auth(admin))
      .send({ name, creditCode: newCreditCode(), sector: 'hazardous_chemicals', countyCode: '430903' });
    expect([response.status, response.body.errors?.[0]?.path]).toEqual([400, 'name']);
  });

  it.each([['张三'], ['Zoé Li'], ['李\u3164明'], ['O\u2019Brien'], ['益阳第3化工厂']])('still accepts %s', async (name) => {
    const response = await t.http
      .post('/api/v1/workers')
      .set(auth(enterprise.token))
      .send({ enterpriseId: enterprise.id, name, idNumber: newIdNumber(), employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2020-06-01' });
    expect(response.status).toBe(201);
  });
});
