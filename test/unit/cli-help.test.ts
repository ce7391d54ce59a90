import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Command } from 'commander';
import { program } from '../../src/cli/main';

/** Every command a user can run (commands without subcommands), with its full path. */
function leaves(cmd: Command, path: string[] = []): Array<{ path: string; cmd: Command }> {
  if (cmd.commands.length === 0) return [{ path: path.join(' '), cmd }];
  return cmd.commands.flatMap((c) => leaves(c, [...path, c.name()]));
}

function helpOf(cmd: Command): string {
  let out = '';
  cmd.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s) });
  cmd.outputHelp();
  return out;
}

test('the command line has the commands docs/cli.md and the README list', () => {
  const paths = leaves(program).map((l) => l.path);
  for (const expected of [
    'transfer',
    'register',
    'renew',
    'status',
    'watch',
    'list',
    'account deposit',
    'backorder create',
  ]) {
    assert.ok(paths.includes(expected), `missing command ${expected}; have ${paths.join(', ')}`);
  }
});

test('the help of every command shows an example of that very command', () => {
  const missing: string[] = [];
  for (const { path, cmd } of leaves(program)) {
    const help = helpOf(cmd);
    // The example must run the command it documents, not just mention "Example".
    if (!/^Examples?:$/m.test(help) || !help.includes(`$ domainflow ${path}`)) missing.push(path);
  }
  assert.deepEqual(missing, [], `commands without an example of themselves in --help: ${missing.join(', ')}`);
});

test('a usage error in a subcommand exits with 2 (invalid input), as documented', () => {
  const bin = path.resolve(__dirname, '../../bin/domainflow.cjs');
  const missingArgument = spawnSync(process.execPath, [bin, 'status'], { encoding: 'utf8' });
  assert.equal(missingArgument.status, 2, missingArgument.stderr);
  assert.match(missingArgument.stderr, /missing required argument 'workflow-id-or-domain'/);
  const unknownOption = spawnSync(process.execPath, [bin, 'account', 'show', 'cust-1', '--bogus'], {
    encoding: 'utf8',
  });
  assert.equal(unknownOption.status, 2, unknownOption.stderr);
});
