import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  joinDomainName,
  MULTI_LABEL_EXTENSIONS,
  OpenproviderDomainNameError,
  splitDomainName,
} from '../../src/registrars/openprovider/domain-name';

describe('splitDomainName', () => {
  const cases: Array<[string, string, string]> = [
    ['example.com', 'example', 'com'],
    ['example.co.uk', 'example', 'co.uk'],
    ['example.com.cn', 'example', 'com.cn'],
    ['example.com.au', 'example', 'com.au'],
    ['example.br.com', 'example', 'br.com'],
    ['EXAMPLE.Co.UK', 'example', 'co.uk'],
    // the label recurs in the extension: the WHMCS module's string replace got these wrong
    ['net.network', 'net', 'network'],
    ['com.com', 'com', 'com'],
    ['co.co.uk', 'co', 'co.uk'],
    // an extension made only of a known second level's labels
    ['co.uk', 'co', 'uk'],
    // unknown multi-label extension: everything after the first label (parseDomainName's tld)
    ['example.gov.zz', 'example', 'gov.zz'],
    // IDN: Unicode in, ASCII (punycode) out; ASCII input unchanged
    ['müller.de', 'xn--mller-kva', 'de'],
    ['xn--mller-kva.de', 'xn--mller-kva', 'de'],
    ['bücher.co.uk', 'xn--bcher-kva', 'co.uk'],
    ['例え.jp', 'xn--r8jz45g', 'jp'],
    ['example.рф', 'example', 'xn--p1ai'],
    ['trailing-dot.com.', 'trailing-dot', 'com'],
  ];
  for (const [input, name, extension] of cases) {
    it(`${input} -> {${name}, ${extension}}`, () => {
      assert.deepEqual(splitDomainName(input), { name, extension });
    });
  }

  it('refuses a subdomain of a known multi-label extension', () => {
    assert.throws(
      () => splitDomainName('www.example.co.uk'),
      (err: unknown) => {
        assert.ok(err instanceof OpenproviderDomainNameError);
        assert.match(err.message, /example\.co\.uk/);
        return true;
      },
    );
  });

  for (const bad of ['', 'com', 'exa mple.com', '-example.com', 'example..com']) {
    it(`refuses ${JSON.stringify(bad)}`, () => assert.throws(() => splitDomainName(bad), OpenproviderDomainNameError));
  }

  it('joins back to the ASCII name', () => {
    assert.equal(joinDomainName(splitDomainName('bücher.co.uk')), 'xn--bcher-kva.co.uk');
  });

  it('lists only multi-label extensions in lower case', () => {
    for (const ext of MULTI_LABEL_EXTENSIONS) {
      assert.match(ext, /^[a-z0-9-]+(\.[a-z0-9-]+)+$/, ext);
    }
  });
});
