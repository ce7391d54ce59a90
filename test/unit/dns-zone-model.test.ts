import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describePlan, diffZone, planEdits, zoneDigest, type ZoneRecord } from '../../src/domain/dns';
import { parseZoneDocument, renderTemplate, zoneFromDocument, zoneToYaml } from '../../src/domain/dns/zone-file';
import { parseBindZone, zoneToBind } from '../../src/domain/dns/bind';
import { ValidationError } from '../../src/domain/validation';

const fromYaml = (text: string, domain = 'example.com') => zoneFromDocument(parseZoneDocument(text, 'yaml'), domain);

const refused = (text: string, pattern: RegExp): void => {
  assert.throws(
    () => fromYaml(text),
    (err: unknown) => err instanceof ValidationError && pattern.test(err.message),
  );
};

const r = (name: string, type: ZoneRecord['type'], data: string, ttl = 3600): ZoneRecord => ({ name, type, ttl, data });

describe('zone files: canonical records', () => {
  it('reads every type into canonical form (relative owners, absolute targets, compressed AAAA, quoted TXT)', () => {
    const zone = fromYaml(`
zone: Example.com.
ttl: 600
records:
  - { name: '@', type: A, value: 192.0.2.1 }
  - { name: WWW.example.com., type: CNAME, value: '@' }
  - { name: '@', type: MX, priority: 10, value: mail }
  - { name: '@', type: TXT, value: 'say "hi"' }
  - { name: _sip._tcp, type: SRV, priority: 10, weight: 5, port: 5060, value: sip.example.net. }
  - { name: '@', type: CAA, tag: issue, value: letsencrypt.org }
  - { name: v6, type: AAAA, value: '2001:DB8:0:0::1', ttl: 300 }
  - { name: sub, type: NS, value: ns1.other.net. }
  - { name: shop, type: X-HTTP, mode: frame, value: 'https://shop.example.net/' }
  - { type: X-SMTP, mailbox: info, value: Someone@Example.net }
`);
    assert.equal(zone.zone, 'example.com');
    assert.deepEqual(zone.records, [
      r('@', 'A', '192.0.2.1', 600),
      r('www', 'CNAME', 'example.com.', 600),
      r('@', 'MX', '10 mail.example.com.', 600),
      r('@', 'TXT', '"say \\"hi\\""', 600),
      r('_sip._tcp', 'SRV', '10 5 5060 sip.example.net.', 600),
      r('@', 'CAA', '0 issue "letsencrypt.org"', 600),
      r('v6', 'AAAA', '2001:db8::1', 300),
      r('sub', 'NS', 'ns1.other.net.', 600),
      r('shop', 'X-HTTP', 'FRAME https://shop.example.net/', 600),
      r('@', 'X-SMTP', 'info@ MAILFORWARD someone@example.net', 600),
    ]);
  });

  it('splits a TXT value longer than 255 octets into chunks and refuses an explicit chunk over 255', () => {
    const long = 'k'.repeat(300);
    const zone = fromYaml(`records:\n  - { type: TXT, value: '${long}' }`);
    assert.equal(zone.records[0]!.data, `"${'k'.repeat(255)}" "${'k'.repeat(45)}"`);
    refused(
      `records:\n  - { type: TXT, value: ['${long}'] }`,
      /records\[0\] \(@ TXT\)\.value\.0: a TXT string holds at most 255 octets/,
    );
  });

  it('refuses bad records naming the record and the field, before anything else happens', () => {
    refused(
      'records:\n  - { name: www, type: A, value: 1.2.3.999 }',
      /records\[0\] \(www A\)\.value: must be an IPv4 address/,
    );
    refused(
      'records:\n  - { type: MX, value: 192.0.2.1, priority: 1 }',
      /records\[0\] \(@ MX\)\.value: an MX target must be a host name/,
    );
    refused('records:\n  - { type: MX, value: mail }', /records\[0\] \(@ MX\)\.priority: priority is required/);
    refused(
      'records:\n  - { name: a..b, type: A, value: 1.2.3.4 }',
      /records\[0\] \(a\.\.b A\)\.name: has an empty label/,
    );
    refused(
      'records:\n  - { name: x.other.org., type: A, value: 1.2.3.4 }',
      /name: is not inside the zone example.com/,
    );
    refused('records:\n  - { type: A, value: 1.2.3.4, ttl: 5 }', /\.ttl: must be 60-604800 seconds/);
    refused('records:\n  - { type: A, value: 1.2.3.4, colour: red }', /records\.0\.colour/);
    refused('records:\n  - { type: SPF, value: x }', /records\.0\.type: must be one of/);
    refused('zone: other.org\nrecords: []', /zone: names other.org, not example.com/);
  });

  it('refuses zone-level conflicts: CNAME not alone, CNAME at the apex, MX at an alias, mixed TTLs, duplicates', () => {
    refused(
      'records:\n  - { name: www, type: CNAME, value: x }\n  - { name: www, type: A, value: 1.2.3.4 }',
      /records\[1\] \(www A\): CNAME at www \(records\[0\]\) must be the only record there/,
    );
    refused(
      'records:\n  - { type: CNAME, value: x.example.net. }',
      /records\[0\] \(@ CNAME\): a CNAME cannot be at the zone apex/,
    );
    refused(
      'records:\n  - { name: mx, type: CNAME, value: x.example.net. }\n  - { type: MX, priority: 5, value: mx }',
      /records\[1\] \(@ MX\): target mx.example.com. is an alias/,
    );
    refused(
      'records:\n  - { type: A, value: 1.2.3.4 }\n  - { type: A, value: 1.2.3.5, ttl: 300 }',
      /records\[1\] \(@ A\): ttl 300 differs from records\[0\] \(3600\): one RRset has one TTL/,
    );
    refused(
      'records:\n  - { type: A, value: 1.2.3.4 }\n  - { type: A, value: 1.2.3.4 }',
      /records\[1\] \(@ A\): repeats records\[0\]/,
    );
    assert.throws(
      () =>
        zoneFromDocument({ records: [{ type: 'X-SMTP', mailbox: 'a', value: 'b@c.de' }] }, 'example.com', {
          supportedTypes: ['A'],
        }),
      /type X-SMTP is not offered by this registrar/,
    );
  });

  it('renders a template and refuses an unknown placeholder', () => {
    assert.equal(renderTemplate('zone: {{domain}}\n# {{ domain }}', { domain: 'a.de' }), 'zone: a.de\n# a.de');
    assert.throws(() => renderTemplate('{{nope}}', { domain: 'a.de' }), /template \{\{nope\}\}: unknown placeholder/);
  });
});

describe('BIND files', () => {
  const zoneText = `$ORIGIN example.com.
$TTL 1800
@ IN SOA ns1.example.com. hostmaster.example.com. ( 7 86400 7200 3600000 172800 )
@ 300 IN A 192.0.2.1
www IN CNAME @
@ IN MX 10 mail.example.com.
@ IN TXT "v=spf1 -all" "second"
_sip._tcp 600 IN SRV 10 5 5060 sip.example.com.
@ IN CAA 0 issue "letsencrypt.org"
sub IN NS ns1.other.net.
v6 IN AAAA 2001:db8::1
`;

  it('imports a zone file (SOA left to the registrar, $TTL as default) and round-trips through export', () => {
    const zone = parseBindZone(zoneText, 'example.com');
    assert.equal(zone.records.length, 8);
    assert.deepEqual(
      zone.records.find((x) => x.type === 'TXT'),
      r('@', 'TXT', '"v=spf1 -all" "second"', 1800),
    );
    const withForwarding = {
      ...zone,
      records: [
        ...zone.records,
        r('shop', 'X-HTTP', 'REDIRECT https://x.example/'),
        r('@', 'X-SMTP', 'info@ MAILFORWARD a@b.de'),
      ],
    };
    const again = parseBindZone(zoneToBind(withForwarding), 'example.com');
    assert.equal(zoneDigest(again.records), zoneDigest(withForwarding.records));
    assert.deepEqual(fromYaml(zoneToYaml(withForwarding)).records.length, withForwarding.records.length);
    assert.equal(zoneDigest(fromYaml(zoneToYaml(withForwarding)).records), zoneDigest(withForwarding.records));
  });

  it('refuses a file for another origin and types domainflow does not manage', () => {
    assert.throws(
      () => parseBindZone('$ORIGIN other.org.\n@ IN A 1.2.3.4\n', 'example.com'),
      /\$ORIGIN: is other.org., not example.com./,
    );
    assert.throws(() => parseBindZone('@ IN PTR host.example.com.\n', 'example.com'), /PTR records: are not managed/);
  });
});

describe('plan (diff) and digest', () => {
  const have = [
    r('@', 'NS', 'ns1.ispapi.net.'),
    r('@', 'A', '192.0.2.1'),
    r('www', 'A', '192.0.2.9'),
    r('old', 'TXT', '"x"'),
  ];

  it("is RRset-aware: a named set is the file's, a new value reads as a change, a new TTL changes the set", () => {
    const want = [r('@', 'A', '192.0.2.1', 300), r('www', 'A', '192.0.2.10'), r('new', 'A', '192.0.2.11')];
    const plan = diffZone(want, have);
    assert.deepEqual(describePlan(plan), [
      '~ @ 3600 -> 300 A 192.0.2.1',
      '+ new 3600 A 192.0.2.11',
      '~ www 3600 A 192.0.2.9 -> 192.0.2.10',
      '1 to add, 2 to change, 0 to remove, 0 unchanged; 1 not in the file kept (--prune removes them)',
    ]);
    assert.equal(plan.unmanaged, 1, 'old TXT is unmanaged; the apex NS set is never counted');
    const edits = planEdits(plan);
    assert.equal(edits.remove.length, 2);
    assert.equal(edits.add.length, 3);
  });

  it('removes records the file does not name only with prune, never the apex NS set unless named', () => {
    const plan = diffZone([r('@', 'A', '192.0.2.1'), r('www', 'A', '192.0.2.9')], have, { prune: true });
    assert.deepEqual(
      plan.changes.map((c) => `${c.kind} ${c.name} ${c.type}`),
      ['remove old TXT'],
    );
    assert.equal(diffZone([r('@', 'NS', 'ns1.example.net.')], have).removes, 0);
    assert.equal(diffZone([r('@', 'NS', 'ns1.example.net.')], have).updates, 1);
  });

  it('is empty for the same records in another order, and the digest ignores order but not TTL', () => {
    assert.equal(diffZone([...have].reverse(), have, { prune: true }).changes.length, 0);
    assert.equal(zoneDigest([...have].reverse()), zoneDigest(have));
    assert.notEqual(zoneDigest([{ ...have[1]!, ttl: 60 }, ...have.slice(2)]), zoneDigest(have.slice(1)));
    assert.match(zoneDigest(have), /^[0-9a-f]{16}$/);
  });
});
