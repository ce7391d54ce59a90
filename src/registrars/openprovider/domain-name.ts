import { parseDomainName } from '../../domain/domain-name';

/**
 * Openprovider addresses a domain as `{name, extension}`: `name` is the registrable label and
 * `extension` everything after it, without a leading dot (`com`, `co.uk`, `com.cn`) (spec 3).
 *
 * Rule: the longest known multi-label extension below wins; otherwise the extension is everything
 * after the first label, which is also how parseDomainName defines `tld` and how the WHMCS module's
 * sync helper splits (spec 5.1, done here on labels, not with a string replace, so `net.network`
 * and `com.com` split correctly). The list only matters to catch a subdomain of a known
 * multi-label extension (`www.example.co.uk`), which is refused before it reaches the API.
 * A subdomain of a single-label extension (`www.example.com`) cannot be told apart from an unknown
 * multi-label extension; Openprovider then answers 307 (invalid extension), classified as rejected.
 *
 * The list: second-level extensions Openprovider sells (gTLD-style "CentralNic" names and the common
 * ccTLD second levels), not the whole Public Suffix List, which also names hosting providers.
 */
// prettier-ignore
export const MULTI_LABEL_EXTENSIONS: ReadonlySet<string> = new Set([
  // United Kingdom
  'co.uk', 'org.uk', 'me.uk', 'ltd.uk', 'plc.uk', 'net.uk', 'sch.uk', 'ac.uk', 'gov.uk',
  // China, Hong Kong, Taiwan
  'com.cn', 'net.cn', 'org.cn', 'gov.cn', 'com.hk', 'org.hk', 'net.hk', 'com.tw', 'org.tw', 'net.tw',
  // Australia, New Zealand
  'com.au', 'net.au', 'org.au', 'id.au', 'asn.au', 'co.nz', 'net.nz', 'org.nz', 'geek.nz',
  // Americas
  'com.br', 'net.br', 'org.br', 'com.mx', 'org.mx', 'com.ar', 'com.co', 'net.co', 'nom.co', 'com.pe',
  'com.ve', 'co.ve', 'com.ec', 'com.gt', 'com.pa', 'com.do', 'com.sv', 'co.cr', 'com.pr', 'co.bz',
  'com.bz', 'co.ag', 'com.ag', 'com.vc',
  // Europe
  'com.es', 'nom.es', 'org.es', 'co.at', 'or.at', 'com.pl', 'net.pl', 'org.pl', 'co.hu', 'com.ua',
  'kiev.ua', 'com.ru', 'msk.ru', 'spb.ru', 'com.gr', 'com.cy', 'com.pt', 'co.no', 'com.de', 'co.it',
  // Asia, Africa, Middle East
  'co.in', 'net.in', 'org.in', 'firm.in', 'gen.in', 'ind.in', 'co.jp', 'co.kr', 'or.kr', 'com.sg',
  'com.my', 'com.ph', 'net.ph', 'org.ph', 'co.th', 'in.th', 'com.vn', 'co.id', 'web.id', 'com.pk',
  'com.tr', 'co.il', 'com.sa', 'com.eg', 'co.ma', 'co.za', 'com.ng', 'co.ke', 'co.tz', 'co.ug',
  // CentralNic-style second levels
  'br.com', 'cn.com', 'de.com', 'eu.com', 'gb.net', 'uk.com', 'uk.net', 'us.com', 'jpn.com', 'sa.com',
  'za.com', 'co.com', 'ru.com', 'gr.com', 'jp.net', 'hu.net', 'in.net', 'us.org',
]);

export interface OpenproviderDomain {
  name: string;
  extension: string;
}

export class OpenproviderDomainNameError extends Error {
  override readonly name = 'OpenproviderDomainNameError';
}

/** Accepts ASCII or Unicode input; always yields the ASCII (punycode) form. */
export function splitDomainName(domain: string): OpenproviderDomain {
  const parsed = parseDomainName(domain);
  if (!parsed.ok) throw new OpenproviderDomainNameError(`"${domain}" ${parsed.rule}`);
  const labels = parsed.value.ascii.split('.');
  for (let i = 1; i < labels.length - 1; i++) {
    const suffix = labels.slice(i).join('.');
    if (MULTI_LABEL_EXTENSIONS.has(suffix)) {
      if (i > 1) {
        throw new OpenproviderDomainNameError(
          `"${parsed.value.ascii}" is a subdomain: the registrable name under ${suffix} is ${labels.slice(i - 1).join('.')}`,
        );
      }
      return { name: labels[0]!, extension: suffix };
    }
  }
  return { name: labels[0]!, extension: labels.slice(1).join('.') };
}

export function joinDomainName(d: OpenproviderDomain): string {
  return `${d.name}.${d.extension}`.toLowerCase();
}
