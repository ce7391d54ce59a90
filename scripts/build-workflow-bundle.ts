/**
 * `npm run build`: bundles the workflows (src/workflows) once, with the project's bundler options,
 * into lib/workflow-bundle.js (git-ignored). The worker uses it instead of bundling at every
 * start; with NODE_ENV=production it is required. `-- --out <file>` writes elsewhere (then point
 * the worker at it with DOMAINFLOW_WORKFLOW_BUNDLE).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { bundlerOptions } from '../src/workers/bundle-options';
import { workflowsPath } from '../src/workers/worker';
import { DEFAULT_WORKFLOW_BUNDLE } from '../src/workers/bundle';

async function main(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const out =
    outIndex > 0 && process.argv[outIndex + 1] ? path.resolve(process.argv[outIndex + 1]!) : DEFAULT_WORKFLOW_BUNDLE;
  const started = performance.now();
  // The source map is inline in `code` (1.24's `sourceMap` field is a deprecated placeholder).
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    ...bundlerOptions,
    logger: new DefaultLogger('WARN'),
  });
  mkdirSync(path.dirname(out), { recursive: true });
  // Written next to the target and renamed: a worker starting meanwhile never reads half a file.
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, code);
  renameSync(tmp, out);
  const ms = Math.round(performance.now() - started);
  console.log(
    `workflow bundle: ${path.relative(process.cwd(), out) || out} (${(Buffer.byteLength(code) / 1024 / 1024).toFixed(2)} MB, ${ms} ms)`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
