import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  desiredState,
  dnssecRecordSchema,
  DnssecFormatError,
  formatRecord,
  parseDnskey,
  parseDs,
  publishes,
  sameState,
  type DnssecRecord,
} from '../../src/domain/dnssec';
import { dnssecRolloverInputSchema, setDnssecInputSchema, setDnssecWorkflowId } from '../../src/contracts';
import { checkStrict } from '../../src/domain/validation';

const HEX64 = 'ab'.repeat(32);
const A = parseDs(`11111 13 2 ${HEX64}`);
const B = parseDs(`22222 8 1 ${'cd'.repeat(20)}`);
const K = parseDnskey(
  '257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==',
);
const ds = (d: typeof A): DnssecRecord => ({ type: 'DS', ...d });

describe('DNSSEC records (src/domain/dnssec.ts)', () => {
  it('reads the presentation format; digests in upper case, so case does not make a new record', () => {
    assert.equal(A.digest, HEX64.toUpperCase());
    assert.equal(formatRecord(ds(parseDs(`11111 13 2 ${HEX64.toUpperCase()}`))), formatRecord(ds(A)));
    assert.ok(publishes({ ds: [A], keys: [] }, ds(parseDs(`11111 13 2 ${HEX64}`))));
  });

  it('each rule names its field: key tag, algorithm, digest type, digest length, hex', () => {
    const cases: Array<[string, RegExp]> = [
      [`65536 13 2 ${HEX64}`, /keyTag: must be 0-65535/],
      [`1 1 2 ${HEX64}`, /algorithm: must be a DNSSEC signing algorithm/],
      [`1 13 3 ${HEX64}`, /digestType: must be 1 \(SHA-1\), 2 \(SHA-256\) or 4 \(SHA-384\)/],
      [`1 13 1 ${HEX64}`, /digest: must be 40 hex digits for digest type 1 \(has 64\)/],
      [`1 13 4 ${HEX64}`, /digest: must be 96 hex digits for digest type 4/],
      [`1 13 2 ${'g'.repeat(64)}`, /digest: must be hexadecimal/],
      ['1 13 2', /must be four fields/],
    ];
    for (const [text, rule] of cases) {
      assert.throws(
        () => parseDs(text),
        (e: unknown) => e instanceof DnssecFormatError && rule.test(e.message),
        text,
      );
    }
    assert.throws(() => parseDnskey('255 3 13 AAAAAAAAAAAAAAAAAAAA'), /flags: must be 256 \(ZSK\) or 257/);
    assert.throws(() => parseDnskey('257 2 13 AAAAAAAAAAAAAAAAAAAA'), /protocol: must be 3/);
    assert.throws(() => parseDnskey('257 3 13 not-base64!!!!!!!!!!'), /publicKey: must be base64/);
  });

  it('a record in a workflow input is checked the same way, unknown keys refused', () => {
    const bad = dnssecRecordSchema.safeParse({ type: 'DS', keyTag: 1, algorithm: 13, digestType: 2, digest: 'ab' });
    assert.equal(bad.success, false);
    assert.deepEqual(bad.error!.issues[0]!.path, ['digest']);
    const unknown = checkStrict(setDnssecInputSchema, {
      domain: 'example.com',
      action: 'add',
      records: [{ ...ds(A), keytag: 5 }],
    });
    assert.equal(unknown.ok, false);
  });

  it('set / add / remove compute the state to publish; sameState ignores order', () => {
    const current = { ds: [A], keys: [], maxSigLife: 3600 };
    assert.deepEqual(desiredState(current, 'add', [ds(B), ds(A)]), { ds: [A, B], keys: [], maxSigLife: 3600 });
    assert.deepEqual(desiredState(current, 'remove', [ds(A)]), { ds: [], keys: [], maxSigLife: 3600 });
    assert.deepEqual(desiredState(current, 'set', [{ type: 'DNSKEY', ...K }], 7200), {
      ds: [],
      keys: [K],
      maxSigLife: 7200,
    });
    assert.ok(sameState({ ds: [B, A], keys: [] }, { ds: [A, B], keys: [] }));
    assert.ok(!sameState({ ds: [A], keys: [] }, { ds: [A, B], keys: [] }));
    assert.ok(!sameState({ ds: [A], keys: [], maxSigLife: 1 }, { ds: [A], keys: [], maxSigLife: 2 }));
  });

  it('contract rules: add/remove need records, maxSigLife only with set; IDs do not depend on record order', () => {
    assert.equal(setDnssecInputSchema.safeParse({ domain: 'example.com', action: 'add', records: [] }).success, false);
    const life = setDnssecInputSchema.safeParse({
      domain: 'example.com',
      action: 'add',
      records: [ds(A)],
      maxSigLife: 5,
    });
    assert.deepEqual(life.error?.issues[0]?.path, ['maxSigLife']);
    assert.equal(
      setDnssecWorkflowId('example.com', 'add', [ds(A), ds(B)]),
      setDnssecWorkflowId('example.com', 'add', [ds(B), ds(A)]),
    );
    assert.notEqual(
      setDnssecWorkflowId('example.com', 'add', [ds(A)]),
      setDnssecWorkflowId('example.com', 'add', [ds(B)]),
    );
    const rollover = dnssecRolloverInputSchema.parse({ domain: 'example.com', add: ds(B), remove: ds(A) });
    assert.equal(rollover.parentTtl, '2 days');
    assert.equal(
      dnssecRolloverInputSchema.safeParse({ domain: 'example.com', add: ds(B), remove: ds(A), parentTtl: '5s' })
        .success,
      false,
    );
  });
});
