import { getMetadataStorage } from 'class-validator';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';

/**
 * The request schemas of the served document carry the constraints the validation pipe enforces, read
 * from the class-validator decorators of each body class: lengths, patterns, enums, bounds, sizes.
 */
describe('request schemas carry the validation constraints', () => {
  let t: TestApp;
  let schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }>;

  beforeAll(async () => {
    t = await startTestApp();
    schemas = (await t.http.get('/api/docs-json').expect(200)).body.components.schemas;
  });
  afterAll(() => t.close());

  it('as each decorator says: Matches, IsIn, Length, Min/Max, ArrayMaxSize, our IsName and IsDay', () => {
    const enterprise = schemas.RegisterEnterpriseDto!.properties!;
    expect(enterprise.creditCode).toMatchObject({ type: 'string', pattern: '^[0-9A-Za-z]{18}$' });
    expect(enterprise.countyCode).toMatchObject({ pattern: '^\\d{6}$' });
    expect(enterprise.sector).toMatchObject({ enum: ['hazardous_chemicals', 'non_coal_mining', 'metal_smelting', 'fireworks'] });
    expect(enterprise.subsector).toMatchObject({ minLength: 1, maxLength: 64 });
    expect(enterprise.name).toMatchObject({ minLength: 1, maxLength: 200 });
    expect(schemas.SubmitTrainingPlanDto!.properties!.year).toMatchObject({ type: 'integer', minimum: 2000, maximum: 2100 });
    expect(schemas.SubmitTrainingPlanDto!.properties!.submittedOn).toMatchObject({ format: 'date' });
    expect(schemas.IssueCertificateDto!.properties!.level).toMatchObject({ minimum: 1, maximum: 5 });
    expect(schemas.SubmitSubsidyClaimDto!.properties!.trainees).toMatchObject({ type: 'array', maxItems: 500 });
  });

  it('every Matches, IsIn, Length, MaxLength, Min, Max and ArrayMaxSize on a body class is in its schema', () => {
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<abstract new (...args: never[]) => unknown, Array<{ name?: string; propertyName: string; constraints?: unknown[]; each?: boolean }>> };
    const keywords: Record<string, (constraints: unknown[]) => Record<string, unknown>> = {
      matches: ([pattern]) => ({ pattern: pattern instanceof RegExp ? pattern.source : pattern }),
      isIn: ([values]) => ({ enum: values }),
      isLength: ([min, max]) => ({ ...(typeof min === 'number' ? { minLength: min } : {}), ...(typeof max === 'number' ? { maxLength: max } : {}) }),
      maxLength: ([max]) => ({ maxLength: max }),
      minLength: ([min]) => ({ minLength: min }),
      min: ([min]) => ({ minimum: min }),
      max: ([max]) => ({ maximum: max }),
      arrayMaxSize: ([max]) => ({ maxItems: max }),
    };
    let checked = 0;
    for (const [target, metadatas] of storage.validationMetadatas) {
      const properties = schemas[target.name]?.properties;
      if (!properties || !target.name.endsWith('Dto')) continue;
      for (const metadata of metadatas) {
        const expected = keywords[metadata.name ?? ''];
        const property = properties[metadata.propertyName];
        if (!expected || !property || metadata.each) continue;
        expect([target.name, metadata.propertyName, property]).toEqual([target.name, metadata.propertyName, expect.objectContaining(expected(metadata.constraints ?? []))]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('every body schema is closed (additionalProperties false), as the pipe refuses an undeclared member', async () => {
    const bodies = Object.entries(schemas).filter(([name]) => name.endsWith('Dto'));
    expect(bodies.length).toBeGreaterThan(25);
    expect(bodies.filter(([, schema]) => (schema as { additionalProperties?: unknown }).additionalProperties !== false).map(([name]) => name)).toEqual([]);
    const admin = await t.token('city_admin');
    const refused = await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).send({ name: '某企业', creditCode: '91430900MA4L000000', sector: 'fireworks', countyCode: '430903', extra: 1 });
    expect(refused.body).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'extra' })] });
  });
});
