import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** `domainflow tlds`: the field table as JSON, filtered by --tld; an unknown TLD exits 5 (not found). */
const bin = path.resolve(__dirname, '../../bin/domainflow.cjs');

test('domainflow --json tlds --tld .us lists the nexus fields with their ISPAPI names; .xx exits 5', () => {
  const us = spawnSync(process.execPath, [bin, '--json', 'tlds', '--tld', '.us'], { encoding: 'utf8' });
  assert.equal(us.status, 0, us.stderr);
  const sets = JSON.parse(us.stdout) as Array<{ suffix: string; fields: Array<{ key: string; required?: object }> }>;
  assert.deepEqual(
    sets.map((s) => s.suffix),
    ['us'],
  );
  assert.deepEqual(
    sets[0]!.fields.filter((f) => f.required).map((f) => f.key),
    ['nexusCategory', 'appPurpose'],
  );
  const human = spawnSync(process.execPath, [bin, 'tlds', '--tld', 'us'], { encoding: 'utf8' });
  assert.match(human.stdout, /nexusCategory\s+C11 C12 C21 C31 C32\s+every registrant\s+X-US-NEXUS-CATEGORY/);
  const unknown = spawnSync(process.execPath, [bin, 'tlds', '--tld', '.xx'], { encoding: 'utf8' });
  assert.equal(unknown.status, 5);
  assert.match(unknown.stderr, /\.xx is not in the field table/);
});
