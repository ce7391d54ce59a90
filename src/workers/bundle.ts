import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/config';

const SOURCE_DIR = path.resolve(__dirname, '..');

/** The newest modification time of the TypeScript sources (the bundle's inputs live under src/). */
function newestSource(dir = SOURCE_DIR): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const candidate = entry.isDirectory()
      ? newestSource(full)
      : entry.name.endsWith('.ts')
        ? { file: full, mtimeMs: statSync(full).mtimeMs }
        : undefined;
    if (candidate && (!newest || candidate.mtimeMs > newest.mtimeMs)) newest = candidate;
  }
  return newest;
}

/** Where `npm run build` (scripts/build-workflow-bundle.ts) writes the workflow bundle. */
export const DEFAULT_WORKFLOW_BUNDLE = path.resolve(__dirname, '../../lib/workflow-bundle.js');

export type WorkflowCodeSource =
  | { kind: 'prebuilt'; codePath: string; bytes: number; builtAt: string; variable?: string }
  | { kind: 'bundle-at-start'; reason: string };

/**
 * The pre-built bundle when there is one (DOMAINFLOW_WORKFLOW_BUNDLE, else lib/workflow-bundle.js),
 * otherwise bundling at start (development; also when the default bundle is older than a file in
 * src/, so a forgotten `npm run build` never runs stale workflow code). In production a missing bundle is an error: bundling
 * takes seconds and memory at every start, and what runs must be what was built and tested.
 */
export function locateWorkflowBundle(options: { explicit?: string; production: boolean }): WorkflowCodeSource {
  const codePath = options.explicit ? path.resolve(options.explicit) : DEFAULT_WORKFLOW_BUNDLE;
  if (existsSync(codePath)) {
    const stat = statSync(codePath);
    // Development: a bundle older than the sources would run yesterday's workflow code.
    const newest = !options.explicit && !options.production && existsSync(SOURCE_DIR) ? newestSource() : undefined;
    if (newest && newest.mtimeMs > stat.mtimeMs) {
      return {
        kind: 'bundle-at-start',
        reason: `the pre-built bundle ${codePath} is older than ${path.relative(process.cwd(), newest.file)} (run \`npm run build\`)`,
      };
    }
    return {
      kind: 'prebuilt',
      codePath,
      bytes: stat.size,
      builtAt: stat.mtime.toISOString(),
      ...(options.explicit ? { variable: 'DOMAINFLOW_WORKFLOW_BUNDLE' } : {}),
    };
  }
  if (options.explicit) {
    throw new ConfigError(`invalid configuration: DOMAINFLOW_WORKFLOW_BUNDLE: no file at ${codePath}`);
  }
  if (options.production) {
    throw new ConfigError(
      `invalid configuration: NODE_ENV=production needs a pre-built workflow bundle: run \`npm run build\` ` +
        `(writes ${codePath}) or set DOMAINFLOW_WORKFLOW_BUNDLE`,
    );
  }
  return { kind: 'bundle-at-start', reason: `no pre-built bundle at ${codePath}` };
}
