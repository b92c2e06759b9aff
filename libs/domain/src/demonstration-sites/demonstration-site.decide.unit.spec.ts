import { loadReferenceData } from '../testing/reference-data.js';
import { specFor } from '../testing/given-when-then.js';
import { demonstrationSiteDecider, type EstablishDemonstrationSite } from './demonstration-site.decide.js';

const given = specFor(demonstrationSiteDecider(loadReferenceData()));
const data = {
  siteId: 's1', kind: 'training_base' as const, countyCode: '430923', sector: 'non_coal_mining' as const, name: '安化非煤矿山实训基地', establishedOn: '2020-10-20',
} satisfies EstablishDemonstrationSite['data'];

describe('demonstration site', () => {
  it('establishes a site', () => {
    given().when({ type: 'EstablishDemonstrationSite', data }).then([{ type: 'DemonstrationSiteEstablished', data: { ...data, kind: 'training_base', sector: 'non_coal_mining' } }]);
  });

  it.each([
    ['invalid_site_kind', { kind: 'museum' }, 'invalid'],
    ['unknown_sector', { sector: 'textiles' }, 'invalid'],
    ['unknown_county', { countyCode: '000000' }, 'not_found'],
    ['invalid_day', { establishedOn: 'yesterday' }, 'invalid'],
  ] as const)('refuses %s', (code, change, kind) => {
    given().when({ type: 'EstablishDemonstrationSite', data: { ...data, ...change } }).thenRejects(code, kind);
  });

  it('records a base that also holds special-operation practical exams (target 二.2), and only a base', () => {
    given().when({ type: 'EstablishDemonstrationSite', data: { ...data, practicalExams: true } })
      .then([{ type: 'DemonstrationSiteEstablished', data: { ...data, practicalExams: true } }]);
    given().when({ type: 'EstablishDemonstrationSite', data: { ...data, practicalExams: false } }).then([{ type: 'DemonstrationSiteEstablished', data }]);
    const rejection = given().when({ type: 'EstablishDemonstrationSite', data: { ...data, kind: 'vocational_school', practicalExams: true } }).thenRejects('practical_exams_need_a_base', 'invalid');
    expect(rejection.path).toBe('practicalExams');
  });

  it('refuses to establish twice', () => {
    given([{ type: 'DemonstrationSiteEstablished', data: { ...data, kind: 'training_base', sector: 'non_coal_mining' } }])
      .when({ type: 'EstablishDemonstrationSite', data })
      .thenRejects('demonstration_site_already_exists', 'conflict');
  });
});
