// Builds the worker's two bundles ahead of time — the workflows' (apps/worker/workflow-bundle.ts) and the
// compartment's (activities/compartment/bundle.ts) — so the first worker to start polls at once. Run by `npm start`
// (prestart) and by the Docker image; a process that finds them missing or stale builds them itself.
import { fileURLToPath } from 'node:url';
import { compartmentBundle } from '../activities/compartment/bundle';
import { prebuiltWorkflowBundle } from '../apps/worker/workflow-bundle';
import { reportFatal } from '../platform/errors';

const root = fileURLToPath(new URL('..', import.meta.url));
try {
  const workflows = await prebuiltWorkflowBundle();
  const compartment = compartmentBundle(fileURLToPath(new URL('../activities/compartment/child.ts', import.meta.url)), root);
  console.log(`bundles: ${workflows.codePath}, ${compartment?.bundle ?? 'compartment through tsx'}`);
} catch (err) {
  reportFatal(err);
  process.exit(1);
}
