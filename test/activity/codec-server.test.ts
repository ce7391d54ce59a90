import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { EncryptionCodec } from '../../src/codec/encryption-codec';
import { CodecServer } from '../../src/codec/codec-server';

const UI = 'http://127.0.0.1:8233';
const TOKEN = 'codec-test-token-0123456789';
const b64 = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('base64');
const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
  data: b64(p.data),
});
type JsonPayload = { metadata: Record<string, string>; data: string };

describe('codec endpoint for the Web UI, over real HTTP', () => {
  const codec = new EncryptionCodec([{ id: 'k1', key: randomBytes(32) }]);
  let open: CodecServer;
  let guarded: CodecServer;

  before(async () => {
    [open, guarded] = await Promise.all([
      CodecServer.start({ codec, port: 0, corsOrigins: [UI, 'http://localhost:8233'] }),
      CodecServer.start({ codec, port: 0, corsOrigins: [UI], authToken: TOKEN }),
    ]);
  });
  after(async () => {
    await open?.close();
    await guarded?.close();
  });

  const post = (server: CodecServer, route: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${route}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default', Origin: UI, ...headers },
      body: JSON.stringify(body),
    });

  it('decodes what the codec encoded (the Web UI JSON shape: base64 metadata values and data)', async () => {
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload({ authCode: 'Shown-To-Staff-1' })]);
    const res = await post(open, '/decode', { payloads: [toJson(encoded!)] });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), UI);
    const { payloads } = (await res.json()) as { payloads: JsonPayload[] };
    assert.equal(payloads.length, 1);
    assert.equal(Buffer.from(payloads[0]!.metadata.encoding!, 'base64').toString(), 'json/plain');
    assert.deepEqual(JSON.parse(Buffer.from(payloads[0]!.data, 'base64').toString()), {
      authCode: 'Shown-To-Staff-1',
    });
  });

  it('encodes, and decode inverts it; plain payloads pass through decode', async () => {
    const plain = toJson(defaultPayloadConverter.toPayload('hello'));
    const enc = (await (await post(open, '/encode', { payloads: [plain] })).json()) as { payloads: JsonPayload[] };
    assert.equal(Buffer.from(enc.payloads[0]!.metadata.encoding!, 'base64').toString(), 'binary/encrypted');
    const dec = (await (await post(open, '/decode', { payloads: [enc.payloads[0], plain] })).json()) as {
      payloads: JsonPayload[];
    };
    assert.deepEqual(dec.payloads, [plain, plain]);
  });

  it('answers the CORS preflight of the Web UI', async () => {
    const res = await fetch(`${open.url}/decode`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:8233',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,x-namespace',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:8233');
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.equal(res.headers.get('access-control-allow-headers'), 'Authorization, Content-Type, X-Namespace');
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
  });

  it('refuses other browser origins', async () => {
    const res = await post(open, '/decode', { payloads: [] }, { Origin: 'http://evil.example' });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  it('with a token configured: 401 without it or with a wrong one, 200 with it', async () => {
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload('secret')]);
    const body = { payloads: [toJson(encoded!)] };
    const none = await post(guarded, '/decode', body);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('access-control-allow-origin'), UI, 'the browser can read the 401');
    assert.ok(!(await none.text()).includes(b64(encoded!.data)));
    assert.equal((await post(guarded, '/decode', body, { Authorization: 'Bearer wrong' })).status, 401);
    const ok = await post(guarded, '/decode', body, { Authorization: `Bearer ${TOKEN}` });
    assert.equal(ok.status, 200);
    // the preflight itself carries no credentials
    const pre = await fetch(`${guarded.url}/decode`, { method: 'OPTIONS', headers: { Origin: UI } });
    assert.equal(pre.status, 204);
  });

  it('bad requests: 400 naming the problem, 404 elsewhere, 405 for GET', async () => {
    const bad = await post(open, '/decode', { payloads: [{ data: '***' }] });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /payloads\.0\.data: must be base64/);
    const unknownKey = await post(open, '/decode', {
      payloads: [
        {
          metadata: { encoding: b64(Buffer.from('binary/encrypted')), 'encryption-key-id': b64(Buffer.from('zz')) },
          data: '',
        },
      ],
    });
    assert.equal(unknownKey.status, 400);
    assert.match(((await unknownKey.json()) as { error: string }).error, /unknown key id "zz"/);
    assert.equal((await fetch(`${open.url}/nope`, { method: 'POST' })).status, 404);
    assert.equal((await fetch(`${open.url}/decode`)).status, 405);
  });
});
