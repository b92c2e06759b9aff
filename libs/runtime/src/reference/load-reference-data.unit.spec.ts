import { findReferenceDir, loadReferenceData } from './load-reference-data.js';

describe('loadReferenceData', () => {
  it('finds the repository reference folder by walking up, and reads every table from it', () => {
    expect(findReferenceDir()).toMatch(/reference$/);
    expect(loadReferenceData().units.on('2021-01-01').units.map((u) => u.code)).toContain('430902');
  });
});
