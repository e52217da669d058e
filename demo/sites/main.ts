// The fixture client sites as a standalone process, for demos and for poking at them by hand:
//   node --import tsx demo/sites/main.ts [port]        (default 4010)
// Prints each site's URL, importer key and configuration; Ctrl-C stops it.
import { startClientSites, SITE_NAMES } from './server';

async function main(): Promise<void> {
  const port = Number(process.argv[2] ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port "${process.argv[2]}"`);
  const sites = await startClientSites({ port });
  console.log(`Fixture client sites on ${sites.baseUrl}`);
  for (const name of SITE_NAMES) {
    const site = sites.sites[name];
    console.log(`  ${name.padEnd(11)} ${site.importerKey.padEnd(17)} ${JSON.stringify(site.importerConfig())}`);
  }
  const stop = () => void sites.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
