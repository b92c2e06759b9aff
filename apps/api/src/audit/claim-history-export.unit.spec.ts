import { csvField } from './claim-history-export.js';

describe('CSV cells of the claim-history export', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '＝1+1', '＋1', '－1', '＠SUM(A1)', '﹦1+1', '﹢1', '﹣1', '−1'])('neutralises %j so that no spreadsheet runs it as a formula', (cell) => {
    const field = csvField(cell);
    // Quoted or not, the cell as a spreadsheet reads it starts with the apostrophe.
    expect(field.replace(/^"/, '').startsWith(`'${cell.slice(0, 1)}`)).toBe(true);
  });

  it('leaves ordinary cells alone and quotes separators', () => {
    expect(csvField('SubsidyClaimSubmitted')).toBe('SubsidyClaimSubmitted');
    expect(csvField(3)).toBe('3');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
  });
});
