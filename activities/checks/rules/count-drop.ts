import type { ChecksConfig } from '../../../importers/sdk/checks-config';
import { count, signedPercent } from '../format';
import { median, round4, share } from '../stats';
import type { CheckResult, GoodRun, RunFigures } from '../types';
import { skipped, verdict } from './result';

/**
 * The valid count fell far below the median of recent good runs (a median, not the last run, so one odd
 * run neither hides nor triggers a drop). Rises are not flagged.
 */
export function checkCountDrop(figures: RunFigures, recent: readonly GoodRun[], config: ChecksConfig['countDrop']): CheckResult {
  if (recent.length < config.minHistory) {
    return skipped('count_drop', `${count(recent.length, 'good run')} in history, ${config.minHistory} needed to compare counts`, {
      runs: recent.length,
      minHistory: config.minHistory,
    });
  }
  const typical = median(recent.map((run) => run.valid));
  // Negative when the count rose. A history of empty runs (median 0) cannot drop.
  const dropRatio = round4(share(typical - figures.valid, typical));
  const message =
    `${count(figures.valid, 'job')}, median of last ${count(recent.length, 'good run')} ${typical} ` +
    `(${signedPercent(-dropRatio)}, limit ${signedPercent(-config.maxDropRatio)})`;
  return verdict('count_drop', dropRatio > config.maxDropRatio, config.severity, message, {
    count: figures.valid,
    median: typical,
    runs: recent.length,
    dropRatio,
    limit: config.maxDropRatio,
  });
}
