import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');

test('the command line loads no workflow, activity or worker module (it starts workflows by type name)', () => {
  // A fresh process: what loading src/cli/main.ts pulls in, and nothing a test runner loaded before.
  const script = `
    require('./src/cli/main.ts');
    const inside = (dir) => Object.keys(require.cache).filter((f) => f.startsWith(require('node:path').join(process.cwd(), dir)));
    const cli = inside('src/cli/');
    const forbidden = [...inside('src/workflows/'), ...inside('src/activities/'), ...inside('src/workers/')];
    console.log(JSON.stringify({ cli: cli.length, forbidden }));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const { cli, forbidden } = JSON.parse(run.stdout.trim().split('\n').pop()!) as { cli: number; forbidden: string[] };
  assert.ok(cli > 5, `expected the CLI's own modules to be loaded, saw ${cli}`);
  assert.deepEqual(
    forbidden.map((f) => path.relative(REPO, f)),
    [],
  );
});
