import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadReferenceData, REFERENCE_DIR } from '../testing/reference-data.js';
import { parseReferenceData } from './parse-reference-data.js';
import { ReferenceDataError } from './reference-reader.js';
import { findSpecialOperation, isKnownCounty, requiredEducationFor } from './reference-lookups.js';

describe('reference data', () => {
  const ref = loadReferenceData();

  it('reads nothing itself: a file its reader cannot give is reported by name', () => {
    const problems = (() => {
      try {
        parseReferenceData(() => {
          throw new Error('no such file');
        });
        return [];
      } catch (error) {
        return (error as ReferenceDataError).problems;
      }
    })();
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/special-operation-rules\.json.*cannot be read/)]));
  });

  it('answers the special-operation rules in force on a day: Order 30, then Order 19', () => {
    expect(ref.specialOperationRules.on('2020-05-01').source).toContain('第30号');
    expect(ref.specialOperationRules.on('2026-05-31').source).toContain('第30号');
    expect(ref.specialOperationRules.on('2026-07-01').source).toContain('第19号');
    expect(ref.specialOperationRules.on('2026-07-01').certificate.validityYears).toBe(6);
    expect(ref.specialOperationRules.find('2014-01-01')).toBeUndefined();
    expect(() => ref.specialOperationRules.on('2014-01-01')).toThrow(/specialOperationRules.*2014-01-01/);
  });

  it('holds the figures of DOMAIN.md', () => {
    const rules = ref.specialOperationRules.on('2021-01-01');
    expect(rules.exam).toEqual({ scoreMax: 100, passMark: { theory: 80, practical: 80 }, resits: 1, passUsableMonths: 12 });
    expect(rules.certificate).toMatchObject({ validityYears: 6, reviewIntervalYears: 3, reviewWindowDaysBefore: 60, reviewTrainingHours: 8, fraudBanYears: 3 });
    expect(ref.trainingHours.on('2021-01-01').newHire).toEqual({ initialHours: 72, yearlyHours: 20 });
    expect(ref.trainingHours.on('2021-01-01').principalAndSafetyManager).toEqual({ initialHours: 48, yearlyHours: 16, assessmentWithinMonths: 6 });
    expect(ref.units.on('2021-01-01').units.map((u) => u.code)).toEqual(['430902', '430903', '430921', '430922', '430923', '430981', '430971', '430972']);
    expect(ref.fineBands.on('2022-01-01').bands.not_rectified).toEqual({ min: 100000, max: 200000 });
    expect(ref.subsidyLimits.on('2021-01-01').maxPerPersonPerYear).toBe(3);
    expect(ref.milestones.on('2020-06-01').milestones.map((m) => m.due)).toContain('2020-05-31');
    expect(ref.targets.on('2021-01-01').metrics.M5.target).toBe(0.3);
  });

  it('lists the whole catalogue, keeping category 5 code space', () => {
    const catalogue = ref.specialOperationCatalogue.on('2021-01-01');
    const codes = catalogue.categories.flatMap((c) => c.operations.map((o) => o.code));
    expect(codes).toHaveLength(3 + 3 + 2 + 2 + 10 + 8 + 1 + 1 + 16 + 5);
    expect(findSpecialOperation(ref, '9.16', '2021-01-01')?.nameZh).toBe('化工自动化控制仪表作业');
    expect(findSpecialOperation(ref, '5.10', '2021-01-01')).toBeDefined();
    expect(findSpecialOperation(ref, '11.1', '2021-01-01')).toBeUndefined();
  });

  it('answers lookups', () => {
    expect(isKnownCounty(ref, '430923', '2021-01-01')).toBe(true);
    expect(isKnownCounty(ref, '430100', '2021-01-01')).toBe(false);
    expect(requiredEducationFor(ref, '9.3', '2021-01-01')).toBe('senior_high');
    expect(requiredEducationFor(ref, '1.2', '2021-01-01')).toBe('junior_middle');
  });

  describe('a broken copy', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'reference-'));
      cpSync(REFERENCE_DIR, dir, { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests break arbitrary JSON paths on purpose
    const edit = (file: string, change: (json: any) => void) => {
      const json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      change(json);
      writeFileSync(join(dir, file), JSON.stringify(json));
    };
    const problemsOf = (): string[] => {
      try {
        loadReferenceData(dir);
      } catch (error) {
        expect(error).toBeInstanceOf(ReferenceDataError);
        return (error as ReferenceDataError).problems;
      }
      throw new Error('expected the load to fail');
    };

    it('loads when untouched', () => {
      expect(loadReferenceData(dir).units.on('2021-01-01').units).toHaveLength(8);
    });

    it('names the file and field of a wrong value', () => {
      edit('special-operation-rules.json', (json) => {
        json.versions[0].exam.passMark.theory = 'eighty';
      });
      expect(problemsOf()).toEqual(['special-operation-rules.json: versions[0].exam.passMark.theory: must be a number']);
    });

    it('reports every problem at once, across files', () => {
      edit('units.json', (json) => {
        json.versions[0].units[2].code = '4309';
        delete json.versions[0].source;
      });
      edit('fine-bands.json', (json) => {
        json.versions[1].bands.not_rectified.max = 1;
      });
      expect(problemsOf()).toEqual([
        'units.json: versions[0].source: must be a non-empty string',
        'units.json: versions[0].units[2].code: must be a 6-digit administrative code',
        'fine-bands.json: versions[1].bands.not_rectified.max: must not be below min',
      ]);
    });

    it('refuses overlapping versions and impossible days', () => {
      edit('special-operation-rules.json', (json) => {
        delete json.versions[0].effectiveUntil;
      });
      edit('targets.json', (json) => {
        json.versions[0].planStartedOn = '2020-02-30';
      });
      expect(problemsOf()).toEqual([
        'special-operation-rules.json: versions[1].effectiveFrom: overlaps versions[0] (or versions are not in date order)',
        'targets.json: versions[0].planStartedOn: must be a real calendar day as YYYY-MM-DD',
      ]);
    });

    it('refuses duplicate catalogue codes and codes outside their category', () => {
      edit('special-operation-catalogue.json', (json) => {
        json.versions[0].categories[0].operations[1].code = '1.1';
        json.versions[0].categories[1].operations[0].code = '3.9';
      });
      expect(problemsOf()).toEqual([
        'special-operation-catalogue.json: versions[0].categories[1].operations[0].code: must be 2.<n>, inside its category',
        'special-operation-catalogue.json: versions[0].categories: duplicate code 1.1',
      ]);
    });

    it('says which file is not JSON', () => {
      writeFileSync(join(dir, 'sectors.json'), '{ not json');
      expect(problemsOf()[0]).toMatch(/^sectors\.json: \(file\): is not valid JSON/);
    });
  });
});
