// The compartment bench's sources, in a process of their own so that serving them is not counted in the CPU time
// the bench measures (its own process and its compartments): a 20-job Multiposting XML feed and a 20-job career site.
// Prints `{ feedUrl, listUrl }` as one JSON line, then serves until its stdin closes.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startFeedServer, writeFeed } from './feed';
import { startSite } from './site';

const JOBS = 20;
const dir = await mkdtemp(path.join(os.tmpdir(), 'liaison-compartment-bench-'));
const file = path.join(dir, 'feed.xml');
await writeFeed(file, { jobs: JOBS, prefix: 'C' });
const feeds = await startFeedServer();
const site = await startSite(JOBS);
console.log(JSON.stringify({ feedUrl: feeds.serve('feed', file), listUrl: site.listUrl }));
process.stdin.resume();
process.stdin.on('end', () => {
  void Promise.all([feeds.close(), site.close(), rm(dir, { recursive: true, force: true })]).then(() => process.exit(0));
});
