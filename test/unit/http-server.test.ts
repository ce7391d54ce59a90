import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  BodyTooLarge,
  closeServer,
  httpUrl,
  listen,
  readBody,
  sendJson,
  sendText,
  type ReadBodyOptions,
} from '../../src/util/http-server';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request over real HTTP; a reset connection resolves as status -1 with the error text. */
function call(url: string, body: Buffer | string = ''): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', (err) => resolve({ status: -1, headers: {}, body: err.message }));
    req.end(body);
  });
}

/** A server whose handler reads the body under `options` and answers what happened. */
async function bodyServer(options: ReadBodyOptions) {
  const seen: unknown[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    readBody(req, options).then(
      (body) => sendJson(res, 200, { bytes: body.length }),
      (err: unknown) => {
        seen.push(err);
        if (!res.headersSent) sendJson(res, 413, { error: (err as Error).message });
      },
    );
  });
  const { url } = await listen(server, '127.0.0.1');
  return { url, seen, close: () => closeServer(server) };
}

describe('shared HTTP helper (src/util/http-server.ts)', () => {
  it('readBody returns a body at the limit and refuses one byte more with BodyTooLarge', async () => {
    const s = await bodyServer({ limit: 10, onExceed: 'stop' });
    try {
      assert.deepEqual(JSON.parse((await call(s.url, 'x'.repeat(10))).body), { bytes: 10 });
      const over = await call(s.url, 'x'.repeat(11));
      assert.equal(over.status, 413);
      assert.ok(s.seen[0] instanceof BodyTooLarge);
      assert.equal((s.seen[0] as BodyTooLarge).limit, 10);
    } finally {
      await s.close();
    }
  });

  it("past the limit, 'destroy' resets the connection while 'stop' and 'drain' let the answer through", async () => {
    const big = Buffer.alloc(1_100_000, 'a');
    for (const [mode, expected] of [
      ['destroy', -1],
      ['stop', 413],
      ['drain', 413],
    ] as const) {
      const s = await bodyServer({ limit: 1000, onExceed: mode });
      try {
        const answer = await call(s.url, big);
        assert.equal(answer.status, expected, `${mode}: ${answer.body}`);
        assert.ok(s.seen[0] instanceof BodyTooLarge, mode);
      } finally {
        await s.close();
      }
    }
  });

  it('sendJson and sendText write the headers each server asks for', async () => {
    const server = createServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/plain') sendJson(res, 201, { a: 1 });
      else if (path === '/ispapi')
        sendJson(res, 200, { a: 1 }, { headers: { 'content-type': 'application/json; charset=utf-8' }, newline: true });
      else if (path === '/no-length')
        sendJson(res, 503, { a: 1 }, { headers: { 'cache-control': 'no-store' }, contentLength: false });
      else sendText(res, 405, 'use POST\n');
    });
    const { url } = await listen(server, '127.0.0.1');
    try {
      const plain = await call(`${url}/plain`);
      assert.equal(plain.status, 201);
      assert.equal(plain.headers['content-type'], 'application/json');
      assert.equal(plain.headers['content-length'], String('{"a":1}'.length));
      assert.equal(plain.body, '{"a":1}');
      const ispapi = await call(`${url}/ispapi`);
      assert.equal(ispapi.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(ispapi.body, '{"a":1}\n');
      const noLength = await call(`${url}/no-length`);
      assert.equal(noLength.status, 503);
      assert.equal(noLength.headers['content-length'], undefined);
      assert.equal(noLength.headers['content-type'], undefined, 'the given headers replace the default');
      assert.equal(noLength.headers['cache-control'], 'no-store');
      const text = await call(`${url}/text`);
      assert.equal(text.status, 405);
      assert.equal(text.headers['content-type'], 'text/plain; charset=utf-8');
      assert.equal(text.body, 'use POST\n');
    } finally {
      await closeServer(server);
    }
  });

  it('listen answers the bound port and URL; closeServer rejects a second close unless told to ignore it', async () => {
    const server = createServer((_req, res) => sendText(res, 200, 'ok'));
    const { port, url } = await listen(server, '127.0.0.1', 0);
    assert.ok(port > 0);
    assert.equal(url, `http://127.0.0.1:${port}`);
    assert.equal(httpUrl('::1', 8080), 'http://[::1]:8080');
    assert.equal((await call(url)).body, 'ok');
    await closeServer(server);
    await assert.rejects(closeServer(server), /not running/);
    await closeServer(server, { ignoreErrors: true });
    const taken = createServer();
    const first = await listen(taken, '127.0.0.1');
    try {
      await assert.rejects(listen(createServer(), '127.0.0.1', first.port), /EADDRINUSE/);
    } finally {
      await closeServer(taken);
    }
  });
});
