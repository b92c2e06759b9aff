import { withoutPersonalName } from './submit-subsidy-claim.handler.js';

describe("a labour contract's stored file name", () => {
  const sha256 = 'AB'.repeat(32);
  const stored = (fileName: string) => withoutPersonalName({ fileName, sha256 })!.fileName;

  it('keeps the extension of a known document type, lower-cased, and nothing of the name', () => {
    expect(stored('劳动合同-张三.PDF')).toBe('labor-contract-abababababababab.pdf');
    for (const ext of ['pdf', 'ofd', 'jpg', 'jpeg', 'png', 'tif', 'tiff', 'doc', 'docx']) {
      expect(stored(`合同.${ext.toUpperCase()}`)).toBe(`labor-contract-abababababababab.${ext}`);
    }
  });

  it('drops any other "extension", which may be the person\'s name in pinyin', () => {
    for (const name of ['劳动合同.sunba', '劳动合同.zhangsan', 'contract.pdf.wangwu', '合同.exe', '合同', '合同.']) {
      expect(stored(name)).toBe('labor-contract-abababababababab');
    }
  });
});
