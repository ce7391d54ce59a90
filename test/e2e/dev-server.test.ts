import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { freePort, registerSearchAttributes, startDevServer, type DevServer } from '../../scripts/lib/dev-server';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/contracts';
import { resolveTemporalCli } from '../../scripts/lib/temporal-binaries';

const { IndexedValueType } = temporal.api.enums.v1;
const expectedType = (type: string) => IndexedValueType[`INDEXED_VALUE_TYPE_${type}` as keyof typeof IndexedValueType];

async function customAttributes(address: string, namespace: string) {
  const connection = await Connection.connect({ address });
  try {
    const res = await connection.operatorService.listSearchAttributes({ namespace });
    return res.customAttributes ?? {};
  } finally {
    await connection.close();
  }
}

async function assertAllRegistered(address: string, namespace: string) {
  const attrs = await customAttributes(address, namespace);
  for (const key of ALL_SEARCH_ATTRIBUTES) {
    assert.equal(attrs[key.name], expectedType(key.type), `${key.name} should be registered as ${key.type}`);
  }
}

describe('Temporal dev server (scripts/lib/dev-server.ts)', () => {
  const namespace = 'domainflow-test';
  let dir: string;
  let dbFile: string;
  let server: DevServer | undefined;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'domainflow-devserver-'));
    dbFile = path.join(dir, 'nested', 'temporal.sqlite'); // the folder does not exist yet
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts on a new SQLite file with the search attributes registered', async (t) => {
    server = await startDevServer({ dbFile, namespace, uiPort: false });
    t.diagnostic(`cold start (new db): ${server.startMs} ms`);
    assert.ok(existsSync(dbFile), 'the SQLite file is created');
    assert.match(server.address, /^127\.0\.0\.1:\d+$/);
    assert.equal(server.uiUrl, undefined);
    assert.equal(server.namespace, namespace);
    await assertAllRegistered(server.address, namespace);
  });

  it('registerSearchAttributes is idempotent', async () => {
    assert.ok(server);
    await registerSearchAttributes(server.address, namespace);
    await registerSearchAttributes(server.address, namespace);
    await assertAllRegistered(server.address, namespace);
  });

  it('registers the attributes in a namespace created after start-up (no --search-attribute flags there)', async () => {
    assert.ok(server);
    const late = 'domainflow-late';
    const connection = await Connection.connect({ address: server.address });
    try {
      await connection.workflowService.registerNamespace({
        namespace: late,
        workflowExecutionRetentionPeriod: msToTs('1 day'),
      });
    } finally {
      await connection.close();
    }
    // Namespace creation propagates through a cache; retry briefly.
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        await registerSearchAttributes(server.address, late);
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    await assertAllRegistered(server.address, late);
  });

  it('stops cleanly', async () => {
    assert.ok(server);
    const s = server;
    await s.stop();
    await s.stop(); // idempotent
    assert.equal(await s.exited, 0);
    server = undefined;
    await assert.rejects(
      Connection.connect({ address: s.address, connectTimeout: 500 }).then((c) => c.close()),
      'nothing answers after stop()',
    );
  });

  it('restarts on the same SQLite file with the attributes still there', async (t) => {
    server = await startDevServer({ dbFile, namespace, uiPort: false });
    t.diagnostic(`warm start (reused db): ${server.startMs} ms`);
    await assertAllRegistered(server.address, namespace);
    await assertAllRegistered(server.address, 'domainflow-late');
    await registerSearchAttributes(server.address, namespace);
    await server.stop();
    server = undefined;
  });

  it('kill() ends the server at once', async () => {
    const s = await startDevServer({ uiPort: false });
    s.kill();
    assert.equal(await s.exited, null);
  });

  it('rejects with the server output when it cannot start (port taken)', async () => {
    const port = await freePort();
    const sockets = new Set<net.Socket>();
    const blocker = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      await assert.rejects(startDevServer({ port, uiPort: false, startTimeoutMs: 30_000 }), (err: unknown) => {
        assert.ok(err instanceof Error);
        assert.match(err.message, /exited early/);
        assert.match(err.message, new RegExp(String(port)));
        return true;
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('a server that dies while starting is started again on a new port (port chosen by us)', async () => {
    // A stand-in CLI whose first `server start-dev` dies the way a lost internal port does; every
    // other call (and the second start) runs the real binary.
    const real = resolveTemporalCli().path;
    const calls = path.join(dir, 'start-dev-calls');
    const cli = path.join(dir, 'temporal-dies-once');
    writeFileSync(
      cli,
      [
        '#!/bin/sh',
        'if [ "$1 $2" = "server start-dev" ]; then',
        `  echo "$*" >> '${calls}'`,
        `  if [ "$(wc -l < '${calls}')" -eq 1 ]; then echo 'panic: listen tcp: address already in use' >&2; exit 2; fi`,
        'fi',
        `exec '${real}' "$@"`,
      ].join('\n'),
    );
    chmodSync(cli, 0o755);
    const s = await startDevServer({ uiPort: false, cliPath: cli });
    try {
      const starts = readFileSync(calls, 'utf8').trim().split('\n');
      assert.equal(starts.length, 2, 'one start died, the second one runs');
      const portOf = (argv: string) => /--port (\d+)/.exec(argv)?.[1];
      assert.notEqual(portOf(starts[0]!), portOf(starts[1]!), 'the second start uses another port');
      assert.ok(s.address.endsWith(`:${portOf(starts[1]!)}`));
    } finally {
      await s.stop();
    }
  });
});
