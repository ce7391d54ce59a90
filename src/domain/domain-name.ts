import './zod-messages';
import { z } from 'zod';
import * as tr46 from 'tr46';

/**
 * Registrars and registries speak ASCII (punycode); people type Unicode. Every domain name that
 * crosses an edge is normalised here once, so workflow IDs, search attributes and registrar calls
 * all use the same spelling.
 */
export interface DomainName {
  /** lower-case ASCII (A-label) form, e.g. xn--mller-kva.de */
  ascii: string;
  /** Unicode (U-label) form for people, e.g. müller.de */
  unicode: string;
  /** the public suffix as the registrar sees it: everything after the first label */
  tld: string;
}

export type DomainNameResult = { ok: true; value: DomainName } | { ok: false; rule: string };

const ASCII_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function parseDomainName(input: string): DomainNameResult {
  // UTS-46 separates labels with the ideographic and full-width full stops too (a Japanese or
  // Chinese keyboard types them): they are dots here, before the root rule below, so that
  // `example.com。` and `example.com.` are the same name, as tr46 would make them.
  const trimmed = input.trim().replace(/[\u3002\uff0e\uff61]/g, '.');
  if (trimmed === '') return { ok: false, rule: 'must not be empty' };
  // One trailing dot is the DNS root (zone files, dig): accepted and dropped, documented in
  // docs/transfer.md. Anything else with an empty label is a typo we should not guess at.
  const withoutRoot = trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
  if (withoutRoot.split('.').some((label) => label === '')) {
    return {
      ok: false,
      rule: 'must not have an empty label (a leading dot, two dots in a row, or more than one trailing dot)',
    };
  }
  const ascii = tr46.toASCII(withoutRoot, {
    checkHyphens: true,
    checkBidi: true,
    checkJoiners: true,
    useSTD3ASCIIRules: true,
    verifyDNSLength: true,
  });
  if (ascii === null) {
    return { ok: false, rule: 'must be a valid domain name (letters, digits, hyphens; IDNA 2008/UTS-46 rules)' };
  }
  const labels = ascii.split('.');
  if (labels.length < 2) return { ok: false, rule: 'must have at least two labels, e.g. example.com' };
  if (ascii.length > 253) return { ok: false, rule: 'must be at most 253 characters' };
  for (const label of labels) {
    if (!ASCII_LABEL.test(label)) {
      return { ok: false, rule: `label "${label}" must be 1-63 letters, digits or inner hyphens` };
    }
  }
  const tld = labels[labels.length - 1]!;
  if (/^[0-9]+$/.test(tld)) return { ok: false, rule: 'top-level domain must not be numeric' };
  const unicode = tr46.toUnicode(ascii, { checkHyphens: true, useSTD3ASCIIRules: true }).domain;
  return { ok: true, value: { ascii, unicode, tld: labels.slice(1).join('.') } };
}

/** zod schema: accepts Unicode or ASCII input, yields the ASCII form. */
export const domainNameSchema = z.string().transform((value, ctx) => {
  const parsed = parseDomainName(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.rule });
    return z.NEVER;
  }
  return parsed.value.ascii;
});

/** Host names of nameservers follow the same rules as domain names. */
export const hostNameSchema = domainNameSchema;
