// One hostile case in a process of its own (./bench.ts), so that its peak RSS is its own: prints one
// JSON line — outcome, time to end, bytes the source sent, peak RSS — on stdout.
import { CASES } from './cases';
import { runCase } from './run-case';

const id = process.argv[2];
const c = CASES.find((x) => x.id === id);
if (id === '--baseline') {
  // The process with the same modules loaded and nothing run: what every case's peak starts from.
  console.log(JSON.stringify({ peakRssKb: process.resourceUsage().maxRSS }));
} else if (!c) {
  console.error(`no hostile case "${id}"`);
  process.exit(2);
} else {
  const result = await runCase(c);
  console.log(JSON.stringify({ outcome: result.outcome, ms: result.ms, sentBytes: result.sentBytes, peakRssKb: process.resourceUsage().maxRSS }));
}
