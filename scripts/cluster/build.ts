/**
 * Builds (when missing) the cluster's Temporal server and SQL tool, and nothing else: `.ci/run`
 * starts it in the background at low priority while `npm test` runs, so a cold Go cache's
 * minutes of compiling overlap the tests instead of adding to the run.
 */
import { ensureClusterBinaries } from './binaries';

try {
  const bin = ensureClusterBinaries();
  console.log(`cluster binaries ready: ${bin.server}`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
