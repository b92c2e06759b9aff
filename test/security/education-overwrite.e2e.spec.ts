import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { enrollWorker, registerEnterprise, streamEvents } from '../e2e/support/worker-steps.js';

/**
 * Another enterprise knows a person's ID number and name and enrols them again claiming primary
 * education: the person's recorded education, which eligibility and M4 read for everyone, stays.
 */
describe("another enterprise cannot change a person's education", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('keeps the education recorded first; the new enrolment is accepted without changing it', async () => {
    const employer = await registerEnterprise(t);
    const other = await registerEnterprise(t, { countyCode: '430921' });
    const worker = await enrollWorker(t, employer, { name: '张三', educationLevel: 'bachelor' });
    const again = await t.http
      .post('/api/v1/workers')
      .set('Authorization', `Bearer ${other.token}`)
      .send({ enterpriseId: other.id, name: '张三', idNumber: worker.idNumber, employmentType: 'employee', hireType: 'new_hire', enrolledOn: '2021-03-01', educationLevel: 'primary' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(worker.workerId);

    const enrolments = (await streamEvents(t, `worker-${worker.workerId}`)).filter((e) => e.type === 'WorkerEnrolled');
    expect(enrolments.map((e) => (e.data as { educationLevel?: string }).educationLevel)).toEqual(['bachelor', undefined]);
    for (const token of [employer.token, other.token, await t.token('city_admin')]) {
      const record = await t.http.get(`/api/v1/workers/${worker.workerId}`).set('Authorization', `Bearer ${token}`).set('X-Min-Position', String(again.body.position));
      expect([record.status, record.body.educationLevel]).toEqual([200, 'bachelor']);
    }
  });
});
