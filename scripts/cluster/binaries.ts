/**
 * The Temporal server and its SQL schema tool, built from the Go module at a pinned version and
 * cached under .temporal/cluster/<version>/ (ignored by git). Built only when missing: the first
 * build of the server takes minutes (6 min 40 s measured with a cold Go cache on a loaded 2-core
 * machine); later starts reuse the binaries.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../lib/temporal-binaries';

/** v1.32.2 needs Go 1.26.10; the Go here is 1.26.8, so the pin is v1.32.0. */
export const TEMPORAL_SERVER_VERSION = 'v1.32.0';
const MODULE = 'go.temporal.io/server';

export interface ClusterBinaries {
  server: string;
  sqlTool: string;
  /** the module's source folder (schema/postgresql/v12/...) */
  moduleDir: string;
}

function go(args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('go', args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
}

/** go install <pkg>@version into a private GOBIN, then moved into place (a half-built file is never seen). */
function build(pkg: string, target: string, say: (line: string) => void): void {
  const gobin = `${target}.build-${process.pid}`;
  mkdirSync(gobin, { recursive: true });
  const started = Date.now();
  say(`building ${pkg}@${TEMPORAL_SERVER_VERSION} (go install; first time only)`);
  const res = spawnSync('go', ['install', `${pkg}@${TEMPORAL_SERVER_VERSION}`], {
    stdio: 'inherit',
    env: { ...process.env, GOBIN: gobin, GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim() },
  });
  if (res.status !== 0) {
    rmSync(gobin, { recursive: true, force: true });
    throw new Error(`go install ${pkg}@${TEMPORAL_SERVER_VERSION} failed (exit ${res.status ?? res.signal})`);
  }
  renameSync(path.join(gobin, path.basename(pkg)), target);
  rmSync(gobin, { recursive: true, force: true });
  say(`built ${path.relative(REPO_ROOT, target)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

export function ensureClusterBinaries(say: (line: string) => void = console.log): ClusterBinaries {
  const which = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (which.status !== 0) throw new Error('the cluster needs Go (go install builds the Temporal server): go not found');
  const dir = path.join(REPO_ROOT, '.temporal', 'cluster', TEMPORAL_SERVER_VERSION);
  mkdirSync(dir, { recursive: true });
  const server = path.join(dir, 'temporal-server');
  const sqlTool = path.join(dir, 'temporal-sql-tool');
  if (!existsSync(server)) build(`${MODULE}/cmd/server`, server, say);
  if (!existsSync(sqlTool)) build(`${MODULE}/cmd/tools/sql`, sqlTool, say);
  // The schemas ship in the module's source; `go mod download` fetches it when the cache lacks it.
  const info = JSON.parse(
    go(['mod', 'download', '-json', `${MODULE}@${TEMPORAL_SERVER_VERSION}`], { GOFLAGS: '-mod=mod' }),
  ) as {
    Dir?: string;
    Error?: string;
  };
  if (!info.Dir) throw new Error(`go mod download ${MODULE}@${TEMPORAL_SERVER_VERSION}: ${info.Error ?? 'no folder'}`);
  return { server, sqlTool, moduleDir: info.Dir };
}
