import { randomUUID } from 'node:crypto';
import type { EventStore } from '#libs/event-store';
import { EVENT_STORE } from '../../../apps/api/src/infrastructure/stores.module.js';
import type { TestApp } from '../support/test-app.js';
import { appendDomainEvents } from './support/direct-events.js';
import { startQueryTestApp } from './support/query-test-app.js';
import { reader } from './support/reader.js';

/** GET /subsidy-claims pages: `limit` cuts a page, `nextCursor` leads to the next one, null on the last. */
describe('the subsidy-claim list, page by page', () => {
  let t: TestApp;
  let get: ReturnType<typeof reader>;
  // Seven claims: three on one day (the cursor must page inside a day), the rest on four others.
  const days = ['2021-05-03', '2021-05-03', '2021-05-03', '2021-05-01', '2021-05-07', '2021-04-30', '2021-05-02'];

  beforeAll(async () => {
    t = await startQueryTestApp();
    const store = t.app.get<EventStore>(EVENT_STORE);
    let last = 0n;
    for (const submittedOn of days) {
      const claimId = randomUUID().replaceAll('-', '');
      const event = { type: 'SubsidyClaimSubmitted', data: { claimId, classId: 'c1', claimant: { kind: 'enterprise', id: 'e1' }, submittedOn, countyCode: '430981', total: 0, trainees: [] } };
      last = await appendDomainEvents(store, `subsidy_claim-${claimId}`, [event], { sub: 'ea1', role: 'enterprise_admin' }, submittedOn);
    }
    get = reader(t, () => String(last));
  });
  afterAll(() => t.close());

  it('gives each claim once, newest submission first, and null after the last page', async () => {
    const all = (await get('/subsidy-claims?countyCode=430981&limit=500', 'auditor')).body as { items: { id: string; submittedOn: string }[]; nextCursor: string | null };
    expect(all.nextCursor).toBeNull();
    expect(all.items.map((c) => c.submittedOn)).toEqual([...days].sort().reverse());
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/subsidy-claims?countyCode=430981&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, 'auditor');
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      sizes.push(page.body.items.length);
      cursor = page.body.nextCursor;
    } while (cursor !== null && sizes.length < 10);
    expect(sizes).toEqual([2, 2, 2, 1]);
    expect(seen).toEqual(all.items.map((c) => c.id));
    // A full last page says so too: no cursor to a page that would be empty.
    expect((await get('/subsidy-claims?countyCode=430981&limit=7', 'auditor')).body.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not give', async () => {
    expect((await get('/subsidy-claims?cursor=abc', 'auditor')).body).toMatchObject({ status: 400, errors: [{ path: 'cursor' }] });
  });
});
