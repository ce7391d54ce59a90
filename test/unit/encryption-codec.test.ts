import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { EncryptionCodec, PayloadDecryptionError } from '../../src/codec/encryption-codec';
import { ConfigError, loadConfig } from '../../src/config/config';
import { ensureCodecKeys } from '../../src/config/codec-keys';

const key = (id: string) => ({ id, key: randomBytes(32) });
const str = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');
const toPayload = (value: unknown) => defaultPayloadConverter.toPayload(value);
const fromPayload = (p: Payload) => defaultPayloadConverter.fromPayload(p);
const SECRET = { domain: 'example.com', authCode: 'Very-Secret-Auth-42', email: 'jo@jansen.example' };

describe('EncryptionCodec', () => {
  it('round trip: encrypted at rest, the original payload (metadata and data) back after decode', async () => {
    const codec = new EncryptionCodec([key('k1')]);
    const original = toPayload(SECRET);
    const [encoded] = await codec.encode([original]);
    assert.ok(encoded);
    assert.equal(str(encoded.metadata?.encoding), 'binary/encrypted');
    assert.equal(str(encoded.metadata?.['encryption-key-id']), 'k1');
    assert.deepEqual(Object.keys(encoded.metadata ?? {}).sort(), ['encoding', 'encryption-key-id']);
    assert.ok(!Buffer.from(encoded.data!).includes('Very-Secret-Auth-42'), 'no clear text in the data');
    assert.ok(!Buffer.from(encoded.data!).includes('json/plain'), 'the original metadata is encrypted too');
    // data = iv(12) + ciphertext + tag(16); the plaintext is the proto-encoded payload
    assert.ok(encoded.data!.length >= 12 + 16 + original.data!.length);
    const [decoded] = await codec.decode([encoded]);
    assert.equal(str(decoded!.metadata?.encoding), 'json/plain');
    assert.deepEqual(fromPayload(decoded!), SECRET);
  });

  it('handles several payloads, empty lists and empty data', async () => {
    const codec = new EncryptionCodec([key('k1')]);
    assert.deepEqual(await codec.encode([]), []);
    const payloads = [toPayload(1), toPayload(undefined), toPayload('two'), toPayload(null)];
    const decoded = await codec.decode(await codec.encode(payloads));
    assert.deepEqual(decoded.map(fromPayload), [1, undefined, 'two', null]);
  });

  it('a random IV per encode: the same payload never encrypts the same way', async () => {
    const codec = new EncryptionCodec([key('k1')]);
    const p = toPayload(SECRET);
    const [a] = await codec.encode([p]);
    const [b] = await codec.encode([p]);
    assert.notDeepEqual(Buffer.from(a!.data!), Buffer.from(b!.data!));
    assert.notDeepEqual(Buffer.from(a!.data!).subarray(0, 12), Buffer.from(b!.data!).subarray(0, 12));
  });

  it('key rotation: the first key encrypts, every key in the ring decrypts', async () => {
    const old = key('2025-01');
    const [byOld] = await new EncryptionCodec([old]).encode([toPayload(SECRET)]);
    const rotated = new EncryptionCodec([key('2026-01'), old]);
    assert.equal(rotated.activeKeyId, '2026-01');
    assert.deepEqual(fromPayload((await rotated.decode([byOld!]))[0]!), SECRET);
    const [byNew] = await rotated.encode([toPayload(SECRET)]);
    assert.equal(str(byNew!.metadata?.['encryption-key-id']), '2026-01');
    assert.deepEqual(fromPayload((await rotated.decode([byNew!]))[0]!), SECRET);
  });

  it('an unknown key id is a clear error', async () => {
    const [encoded] = await new EncryptionCodec([key('gone')]).encode([toPayload(SECRET)]);
    await assert.rejects(new EncryptionCodec([key('k2')]).decode([encoded!]), (err: unknown) => {
      assert.ok(err instanceof PayloadDecryptionError);
      assert.match(err.message, /unknown key id "gone"/);
      assert.match(err.message, /known: k2/);
      return true;
    });
  });

  it('tampered data, a wrong key under the same id or truncated data fail authentication', async () => {
    const k = key('k1');
    const codec = new EncryptionCodec([k]);
    const [encoded] = await codec.encode([toPayload(SECRET)]);
    for (const i of [0, 20, encoded!.data!.length - 1]) {
      const data = Buffer.from(encoded!.data!);
      data[i] = data[i]! ^ 0x01;
      await assert.rejects(codec.decode([{ ...encoded!, data }]), /authentication failed/);
    }
    await assert.rejects(new EncryptionCodec([key('k1')]).decode([encoded!]), /authentication failed/);
    await assert.rejects(codec.decode([{ ...encoded!, data: encoded!.data!.subarray(0, 20) }]), /too short/);
  });

  it('payloads that are not encrypted pass through decode unchanged', async () => {
    const codec = new EncryptionCodec([key('k1')]);
    const plain = toPayload({ hello: 'world' });
    const noMetadata: Payload = { data: new Uint8Array([1, 2, 3]) };
    const [a, b] = await codec.decode([plain, noMetadata]);
    assert.equal(a, plain);
    assert.equal(b, noMetadata);
  });

  it('refuses keys that are not 32 bytes, and an empty ring', () => {
    assert.throws(() => new EncryptionCodec([]), /at least one key/);
    assert.throws(() => new EncryptionCodec([{ id: 'short', key: randomBytes(16) }]), /length must be 32 bytes/);
  });
});

describe('codec key configuration', () => {
  const b64 = (n: number) => randomBytes(n).toString('base64');

  it('DOMAINFLOW_CODEC_KEYS: a comma list of id:base64, the first one active', () => {
    const c = loadConfig({ DOMAINFLOW_CODEC_KEYS: `new:${b64(32)}, old:${b64(32)}` });
    assert.equal(c.codec.source, 'env');
    assert.deepEqual(
      c.codec.keys.map((k) => [k.id, k.key.length]),
      [
        ['new', 32],
        ['old', 32],
      ],
    );
    assert.equal(c.codec.port, 8234);
    assert.deepEqual(c.codec.corsOrigins, ['http://127.0.0.1:8233', 'http://localhost:8233']);
  });

  it('a bad key names the variable and the rule, never the key', () => {
    const cases: Array<[string, RegExp]> = [
      [`k1:${b64(16)}`, /key k1: length must be 32 bytes \(got 16\)/],
      [`k1:not base64!`, /key k1: length must be 32 bytes \(got 0\)/],
      [b64(32), /the id must be/],
      [`k1:${b64(32)},k1:${b64(32)}`, /key id k1 appears twice/],
      [' , ', /got no key/],
    ];
    for (const [value, rule] of cases) {
      assert.throws(
        () => loadConfig({ DOMAINFLOW_CODEC_KEYS: value }),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError, String(err));
          assert.match(err.message, /DOMAINFLOW_CODEC_KEYS: /);
          assert.match(err.message, rule);
          if (value.length > 10) assert.ok(!err.message.includes(value.split(':').pop()!.trim()), 'no key echoed');
          return true;
        },
      );
    }
  });

  it('production (ISPAPI_ENV=ote|live) needs DOMAINFLOW_CODEC_KEYS: no generated key', () => {
    const creds = { ISPAPI_LOGIN: 'me', ISPAPI_PASSWORD: 'pw' };
    for (const ISPAPI_ENV of ['ote', 'live']) {
      assert.throws(
        () => loadConfig({ ISPAPI_ENV, ...creds }),
        new RegExp(`DOMAINFLOW_CODEC_KEYS: required when ISPAPI_ENV=${ISPAPI_ENV}`),
      );
    }
    const c = loadConfig({ ISPAPI_ENV: 'live', ...creds, DOMAINFLOW_CODEC_KEYS: `prod-1:${b64(32)}` });
    assert.equal(c.codec.keys[0]!.id, 'prod-1');
  });

  it('sandbox default: a key file in the data dir, created once and reused', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'domainflow-codec-keys-'));
    try {
      const config = loadConfig({ DOMAINFLOW_DATA_DIR: dir });
      assert.equal(config.codec.source, 'file');
      assert.deepEqual(config.codec.keys, [], 'loadConfig itself touches no file');
      const first = ensureCodecKeys(config);
      const file = path.join(dir, 'codec-keys');
      assert.equal(first.length, 1);
      assert.equal(first[0]!.key.length, 32);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const again = ensureCodecKeys(loadConfig({ DOMAINFLOW_DATA_DIR: dir }));
      assert.deepEqual(again, first, 'a second process reads the same key');
      assert.match(readFileSync(file, 'utf8'), /^local-\d{8}:[A-Za-z0-9+/]{43}=\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
