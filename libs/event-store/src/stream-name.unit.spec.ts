import { describe, expect, it } from '@jest/globals';
import { categoryOf, idOf, isValidEventType, isValidStreamName, streamName } from './stream-name.js';

describe('stream names', () => {
  it('takes the category before the one "-"', () => {
    expect(categoryOf('subsidy_claim-42')).toBe('subsidy_claim');
    expect(categoryOf('worker-3f2b9c0e5d6a4b1c9e8f7a6b5c4d3e2f')).toBe('worker');
    expect(categoryOf('certificate-430900:T01.2025')).toBe('certificate');
  });

  it('joins a category and an id with one "-", and takes the id back', () => {
    expect(streamName('subsidy_claim', '42')).toBe('subsidy_claim-42');
    expect(streamName('subsidy_year', 'w1_2020')).toBe('subsidy_year-w1_2020');
    expect(idOf(streamName('certificate', '430900:T01.2025'))).toBe('430900:T01.2025');
    expect(categoryOf(streamName('person_id', 'abc'))).toBe('person_id');
    expect(() => idOf('worker')).toThrow(TypeError);
  });

  it('refuses names without exactly one "-" between a lower-case category and an id', () => {
    for (const name of ['worker', 'worker-1-2', 'Worker-1', '-1', 'worker-', 'worker-3f2b9c0e-5d6a']) {
      expect(isValidStreamName(name)).toBe(false);
      expect(() => categoryOf(name)).toThrow(TypeError);
      expect(() => idOf(name)).toThrow(TypeError);
    }
  });

  it('accepts PascalCase event types only', () => {
    expect(isValidEventType('WorkerEnrolled')).toBe(true);
    expect(isValidEventType('Exam2Passed')).toBe(true);
    for (const type of ['workerEnrolled', 'Worker_Enrolled', 'Worker-Enrolled', '$metadata', '']) expect(isValidEventType(type)).toBe(false);
  });
});
