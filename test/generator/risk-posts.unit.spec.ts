import { riskPostOf } from '../../bench/generator/enrol-enterprise.js';

/** The demo and province generators mark M7's higher-risk posts: metal smelting only its gas work. */
describe('risk posts of the generated enterprises', () => {
  it.each([
    ['煤气工', undefined, 'smelting_gas'],
    ['高炉煤气作业工', undefined, 'smelting_gas'],
    ['熔炼工', '8.1', 'smelting_gas'],
    ['行车工', undefined, undefined],
    ['浇铸工', undefined, undefined],
    ['熔炼工', '1.2', undefined],
    ['炉前工', '2.1', undefined],
  ])('a metal-smelting post titled %s (special operation %s): %s, whatever its index', (title, specialOperationCode, riskPost) => {
    for (const index of [0, 1, 2, 3, 5, 9]) expect(riskPostOf('metal_smelting', index, { title, specialOperationCode })).toBe(riskPost);
  });

  it('keeps a quarter of the hazardous-chemicals and non-coal-mine posts, and none elsewhere', () => {
    expect(riskPostOf('hazardous_chemicals', 1, { title: '反应釜操作工' })).toBe('hazardous_process_device');
    expect(riskPostOf('hazardous_chemicals', 2, { title: '反应釜操作工' })).toBeUndefined();
    expect(riskPostOf('non_coal_mining', 5, { title: '采掘工' })).toBe('underground_mining');
    expect(riskPostOf('fireworks', 1, { title: '煤气工' })).toBeUndefined();
  });
});
