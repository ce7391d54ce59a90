import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  MissingBinaryError,
  PROJECT_BIN_DIR,
  resolveTemporalCli,
  resolveTemporalTestServer,
} from '../../scripts/lib/temporal-binaries';

describe('temporal binary resolver', () => {
  let dir: string;
  let fakeCli: string;
  let fakeTestServer: string;
  let pathDir: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'domainflow-bin-'));
    fakeCli = path.join(dir, 'my-temporal');
    fakeTestServer = path.join(dir, 'my-test-server');
    for (const f of [fakeCli, fakeTestServer]) {
      writeFileSync(f, '#!/bin/sh\nexit 0\n');
      chmodSync(f, 0o755);
    }
    pathDir = mkdtempSync(path.join(dir, 'path-'));
    for (const name of ['temporal', 'temporal-test-server']) {
      writeFileSync(path.join(pathDir, name), '#!/bin/sh\nexit 0\n');
      chmodSync(path.join(pathDir, name), 0o755);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the env var wins over PATH and the project folder', () => {
    const env = { TEMPORAL_CLI_PATH: fakeCli, TEMPORAL_TEST_SERVER_PATH: fakeTestServer, PATH: pathDir };
    assert.deepEqual(resolveTemporalCli(env), { path: fakeCli, source: 'env' });
    assert.deepEqual(resolveTemporalTestServer(env), { path: fakeTestServer, source: 'env' });
  });

  it('PATH comes before the project folder', () => {
    const env = { PATH: ['/nonexistent-dir', pathDir].join(path.delimiter) };
    assert.deepEqual(resolveTemporalCli(env), { path: path.join(pathDir, 'temporal'), source: 'path' });
    assert.deepEqual(resolveTemporalTestServer(env), {
      path: path.join(pathDir, 'temporal-test-server'),
      source: 'path',
    });
  });

  it('a missing env path is an error naming the variable, even when other binaries exist', () => {
    const missing = path.join(dir, 'nope', 'temporal');
    const env = { TEMPORAL_CLI_PATH: missing, PATH: pathDir };
    assert.throws(
      () => resolveTemporalCli(env),
      (err: unknown) =>
        err instanceof MissingBinaryError &&
        err.message.includes('TEMPORAL_CLI_PATH') &&
        err.message.includes(missing) &&
        err.message.includes('does not exist') &&
        err.message.includes('npm run provision'),
    );
    assert.throws(
      () => resolveTemporalTestServer({ TEMPORAL_TEST_SERVER_PATH: missing }),
      (err: unknown) => err instanceof MissingBinaryError && err.message.includes('TEMPORAL_TEST_SERVER_PATH'),
    );
  });

  it('a non-executable env path is rejected', () => {
    const plain = path.join(dir, 'not-executable');
    writeFileSync(plain, 'data');
    chmodSync(plain, 0o644);
    assert.throws(
      () => resolveTemporalCli({ TEMPORAL_CLI_PATH: plain }),
      (err: unknown) => err instanceof MissingBinaryError && err.message.includes('is not executable'),
    );
  });

  it('falls back to the project folder, or explains where it looked', () => {
    const env = { PATH: path.join(dir, 'empty') };
    let resolved;
    try {
      resolved = resolveTemporalCli(env);
    } catch (err) {
      // Not provisioned on this machine: the message must say what was looked for and how to fix it.
      assert.ok(err instanceof MissingBinaryError);
      assert.match(err.message, /TEMPORAL_CLI_PATH: not set/);
      assert.ok(err.message.includes(path.join(PROJECT_BIN_DIR, 'temporal')));
      assert.match(err.message, /npm run provision/);
      return;
    }
    assert.deepEqual(resolved, { path: path.join(PROJECT_BIN_DIR, 'temporal'), source: 'project' });
  });
});
