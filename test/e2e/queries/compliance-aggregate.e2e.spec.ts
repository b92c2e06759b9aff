import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReferenceData } from '#libs/domain';
import { SqliteEventStore } from '#libs/event-store';
import type { Projector } from '#libs/projections';
import { ComplianceFactsLoader, type ComplianceSelection } from '../../../apps/api/src/read-models/compliance/compliance-facts.loader.js';
import { complianceGroupsFromFacts } from './support/compliance-from-facts.js';
import { ComplianceService, GROUP_BY } from '../../../apps/api/src/read-models/compliance/compliance.service.js';
import { PROJECTOR } from '../../../apps/api/src/read-models/shared/read-model.tokens.js';
import { REFERENCE_DATA } from '../../../apps/api/src/shared/domain.module.js';
import type { TestApp } from '../support/test-app.js';
import { complianceWorld } from './support/compliance-world.js';
import { appendDomainEvents } from './support/direct-events.js';
import { startQueryTestApp } from './support/query-test-app.js';

const SELECTIONS: ComplianceSelection[] = [
  {},
  { countyCode: '430902' },
  { countyCode: '430923' },
  // No enterprise there.
  { countyCode: '430922' },
  { sector: 'hazardous_chemicals' },
  { sector: 'non_coal_mining' },
  { countyCode: '430903', sector: 'metal_smelting' },
  { countyCode: '430921', sector: 'metal_smelting' },
  { enterpriseId: 'e01' },
  { enterpriseId: 'e02', sector: 'non_coal_mining' },
  { enterpriseId: 'e04', countyCode: '430902' },
  { enterpriseId: 'missing' },
];
const DAYS = ['2019-08-01', '2019-12-31', '2020-01-01', '2020-06-30', '2021-02-15', '2021-12-31', '2022-07-01', '2024-01-01'];

/**
 * The aggregate's answers against the computation from every fact (what the endpoint did before it
 * was kept summed): the same JSON for every groupBy, filter and day, on a generated city.
 */
describe('compliance from the aggregate equals compliance from the facts', () => {
  let t: TestApp;
  const dataDir = mkdtempSync(join(tmpdir(), 'compliance-aggregate-'));
  beforeAll(async () => {
    // The log first, then the app: the read models catch up in full batches (live, MongoDB would take minutes).
    const eventStore = await SqliteEventStore.open({ dataDir });
    let last = 0n;
    for (const { streamId, events } of complianceWorld(20211231, 300)) last = await appendDomainEvents(eventStore, streamId, events, { sub: 'generator', role: 'city_admin' }, '2022-12-31');
    await eventStore.close();
    // The log was written to the embedded store in DATA_DIR, whatever EVENT_STORE the run sets.
    t = await startQueryTestApp({ DATA_DIR: dataDir, EVENT_STORE: 'sqlite' });
    if (!(await t.app.get<Projector>(PROJECTOR).waitForPosition(last, 100_000))) throw new Error('the read models did not catch up');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('for every groupBy, filter and day', async () => {
    const aggregate = t.app.get(ComplianceService);
    const loader = t.app.get(ComplianceFactsLoader);
    const reference = t.app.get<ReferenceData>(REFERENCE_DATA);
    let measured = 0;
    for (const selection of SELECTIONS) {
      const loaded = await loader.load(selection);
      for (const groupBy of GROUP_BY) {
        for (const asOf of DAYS) {
          const expected = complianceGroupsFromFacts(loaded, groupBy, asOf, reference);
          const actual = await aggregate.groups(groupBy, asOf, selection);
          expect({ selection, groupBy, asOf, groups: JSON.stringify(actual) }).toEqual({ selection, groupBy, asOf, groups: JSON.stringify(expected) });
          measured += expected.filter((g) => g.metrics.M1.denominator > 0).length;
        }
      }
    }
    // The world is not empty: most answers measure someone.
    expect(measured).toBeGreaterThan(300);
  }, 120_000);

  it('answers the same over HTTP', async () => {
    const token = await t.token('viewer');
    const response = await t.http.get('/api/v1/compliance?groupBy=county&asOf=2021-12-31&sector=hazardous_chemicals').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    const loaded = await t.app.get(ComplianceFactsLoader).load({ sector: 'hazardous_chemicals' });
    const groups = complianceGroupsFromFacts(loaded, 'county', '2021-12-31', t.app.get<ReferenceData>(REFERENCE_DATA));
    expect(response.text).toBe(JSON.stringify({ asOf: '2021-12-31', groupBy: 'county', groups }));
  });
});
