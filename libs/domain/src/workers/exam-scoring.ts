import type { SpecialOperationRules } from '../reference/reference-data.js';

/**
 * An exam passes with the pass mark on theory and, when there is one, on practical; a failed
 * safety-critical key skill fails it whatever the score (seed, task 5).
 */
export const isExamPassed = (
  rules: SpecialOperationRules['exam'],
  result: { theoryScore: number; practicalScore?: number; keySafetySkillsPassed: boolean },
): boolean =>
  result.keySafetySkillsPassed &&
  result.theoryScore >= rules.passMark.theory &&
  (result.practicalScore === undefined || result.practicalScore >= rules.passMark.practical);
