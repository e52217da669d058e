import { describe, expect, it } from 'vitest';
import { effectiveCron, spreadCron } from './schedule';

describe('schedules', () => {
  it('keeps a cron the client asked for to the minute', () => {
    expect(effectiveCron({ importId: 'a', schedule: '0 6 * * 1-5', defaultSchedule: '0 5 * * *' })).toBe('0 6 * * 1-5');
  });

  it('spreads a default cron inside its hour, the same minute for the same import every time', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `import-${i}`);
    const crons = ids.map((importId) => effectiveCron({ importId, schedule: null, defaultSchedule: '0 5 * * *' }));
    for (const cron of crons) expect(cron).toMatch(/^([0-9]|[1-5][0-9]) 5 \* \* \*$/);
    expect(new Set(crons).size).toBeGreaterThan(40);
    expect(effectiveCron({ importId: 'import-7', schedule: null })).toBe(crons[7]);
  });

  it('leaves a minute field that is not a single number alone', () => {
    expect(spreadCron('*/5 * * * *', 'x')).toBe('*/5 * * * *');
    expect(spreadCron('0,30 * * * *', 'x')).toBe('0,30 * * * *');
  });
});
