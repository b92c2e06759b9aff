import { milestoneStatus } from './milestone-status.js';

describe('milestone status as of a day', () => {
  it.each([
    ['2020-03-31', '2020-03-20', '2020-04-10', 'done_on_time'],
    ['2020-03-31', '2020-03-31', '2020-03-31', 'done_on_time'],
    ['2020-03-31', '2020-04-02', '2020-04-10', 'done_late'],
    ['2020-03-31', null, '2020-04-01', 'overdue'],
    ['2020-03-31', null, '2020-03-31', 'pending'],
    ['2020-03-31', '2020-04-02', '2020-04-01', 'overdue'],
    ['2020-03-31', '2020-03-20', '2020-03-10', 'pending'],
  ] as const)('due %s, done %s, as of %s: %s', (due, doneOn, asOf, status) => {
    expect(milestoneStatus(due, doneOn, asOf)).toBe(status);
  });
});
