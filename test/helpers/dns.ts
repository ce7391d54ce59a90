/**
 * Zone files for the DNS tests: a 40-record zone (every managed type, a long TXT, an SRV set, CAA,
 * a delegation; with `forwarding`, ISPAPI's web and mail forwarding records among the 40).
 */
export function zone40Yaml(domain: string, options: { forwarding: boolean }): string {
  const lines = [
    `zone: ${domain}`,
    'ttl: 3600',
    'records:',
    "  - { name: '@', type: A, value: 192.0.2.10 }",
    "  - { name: '@', type: AAAA, value: '2001:db8::10' }",
    "  - { name: '@', type: MX, priority: 10, value: mx1 }",
    "  - { name: '@', type: MX, priority: 20, value: mx2 }",
    "  - { name: '@', type: TXT, value: 'v=spf1 include:_spf.example.net -all' }",
    `  - { name: '@', type: TXT, value: '${'google-site-verification='.padEnd(300, 'x')}' }`,
    "  - { name: '@', type: CAA, tag: issue, value: letsencrypt.org }",
    "  - { name: '@', type: CAA, tag: iodef, value: 'mailto:security@example.net' }",
    '  - { name: mx1, type: A, value: 192.0.2.21 }',
    '  - { name: mx2, type: A, value: 192.0.2.22 }',
    "  - { name: mx1, type: AAAA, value: '2001:db8::21' }",
    '  - { name: www, type: CNAME, value: "@" }',
    '  - { name: blog, type: CNAME, value: blogs.example.net. }',
    '  - { name: _dmarc, type: TXT, value: "v=DMARC1; p=reject" }',
    '  - { name: _sip._tcp, type: SRV, priority: 10, weight: 60, port: 5060, value: sip1 }',
    '  - { name: _sip._tcp, type: SRV, priority: 10, weight: 40, port: 5060, value: sip2 }',
    '  - { name: sip1, type: A, value: 192.0.2.31 }',
    '  - { name: sip2, type: A, value: 192.0.2.32 }',
    '  - { name: lab, type: NS, value: ns1.lab-dns.example.net. }',
    '  - { name: lab, type: NS, value: ns2.lab-dns.example.net. }',
  ];
  for (let i = 1; i <= 17; i++) lines.push(`  - { name: host${i}, type: A, value: 198.51.100.${i}, ttl: 300 }`);
  if (options.forwarding) {
    lines.push("  - { name: shop, type: X-HTTP, mode: redirect, value: 'https://shop.example.net/' }");
    lines.push("  - { name: info, type: X-HTTP, mode: frame, value: 'https://info.example.net/' }");
    lines.push('  - { type: X-SMTP, mailbox: sales, value: sales@example.net }');
  } else {
    lines.push('  - { name: shop, type: A, value: 198.51.100.201 }');
    lines.push('  - { name: info, type: A, value: 198.51.100.202 }');
    lines.push('  - { name: info, type: TXT, value: "info host" }');
  }
  return `${lines.join('\n')}\n`;
}
