import type { EventStore } from '#libs/event-store';
import { Projector, readModelProjections } from '#libs/projections';
import { loadReferenceData } from '#libs/runtime';
import type { ReadStore } from '#libs/read-store';
import { EVENT_STORE } from '../../../apps/api/src/infrastructure/stores.module.js';
import { READ_STORE } from '../../../apps/api/src/read-models/shared/read-model.tokens.js';
import { newCreditCode } from '../support/fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { startQueryTestApp } from './support/query-test-app.js';

const READ_MODEL_PROJECTIONS = readModelProjections(loadReferenceData());

const silent = { info: () => undefined, warn: () => undefined };

describe('X-Min-Position with the projector in another process', () => {
  let t: TestApp;
  let projector: Projector | null = null;
  beforeAll(async () => {
    t = await startQueryTestApp({ PROJECTOR: 'external' });
  });
  afterAll(async () => {
    await projector?.stop();
    await t.close();
  });

  it('polls the checkpoints: 503 while nothing projects, the answer once a projector has applied the position', async () => {
    const admin = await t.token('city_admin');
    const written = await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).send({ name: '某冶炼厂', creditCode: newCreditCode(), sector: 'metal_smelting', countyCode: '430903' });
    expect(written.status).toBe(201);
    const ask = () => t.http.get('/api/v1/compliance?groupBy=enterprise&asOf=2021-06-01').set('Authorization', `Bearer ${admin}`).set('X-Min-Position', written.body.position);

    expect((await ask()).status).toBe(503);
    // The projector of another process, on the same stores.
    projector = new Projector(t.app.get<EventStore>(EVENT_STORE), t.app.get<ReadStore>(READ_STORE), READ_MODEL_PROJECTIONS, { logger: silent });
    const answer = ask();
    await projector.start();
    const response = await answer;
    expect(response.status).toBe(200);
    expect(response.body.groups.map((g: { key: string }) => g.key)).toEqual([written.body.id]);
  }, 20_000);
});
