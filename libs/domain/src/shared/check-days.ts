import { isValidDay } from './day.js';
import { invalidDay } from './rejections.js';

/** The first field among `fields` that is not a real calendar day, as a rejection; undefined when all are. */
export const checkDays = (fields: Record<string, unknown>) => {
  for (const [path, value] of Object.entries(fields)) {
    if (value !== undefined && !isValidDay(value)) return invalidDay(path);
  }
  return undefined;
};
