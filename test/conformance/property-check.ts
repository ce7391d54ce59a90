import { referenceCommand } from '../../src/sandbox/ispapi/reference';

/**
 * Checks one successful ISPAPI answer's properties against the command's page in HEXONET's
 * reference (src/sandbox/ispapi/reference/commands.json): every property with Min >= 1 present
 * with at least Min values (at most Max where Max is a number), and no property the page does not
 * list unless ALLOWED_EXTRAS names it with a reason. Returns the deviations, empty when it conforms.
 */

/**
 * The deliberate extras: properties the sandbox answers that the command's page does not list.
 * Each is read by the adapter or a test and the live API answers it too (or the reference page is
 * incomplete); the reason says which.
 */
export const ALLOWED_EXTRAS: Record<string, Record<string, string>> = {
  StatusDomain: {
    'TRADE-TRANSFERLOCK-EXPIRATIONDATE':
      'the end of the 60-day transfer lock after a registrant change (ICANN Transfer Policy); the adapter reads it ' +
      '(registrant-change.ts tradeLockUntil) and without it assumes 60 days (docs/change-registrant.md). No ' +
      'reference page lists it: to verify against the live API',
    'TRANSFERLOCK-EXPIRATIONDATE': 'the same date under the name without TRADE-, answered next to it; nothing reads it',
    'SECDNS-DS':
      "the DS records ModifyDomain SECDNS-DS sets; HEXONET's WHMCS module reads PROPERTY[SECDNS-DS] from StatusDomain " +
      'and the adapter does (src/registrars/ispapi/dnssec.ts). The reference page lists no DNSSEC property',
    'SECDNS-KEY': 'the DNSKEY records ModifyDomain SECDNS-KEY sets, read the same way (WHMCS module, adapter)',
    'SECDNS-MAXSIGLIFE': 'ModifyDomain SECDNS-MAXSIGLIFE as set, read the same way (WHMCS module, adapter)',
  },
};

function baseName(refName: string): string {
  // "DOMAINNAMESERVER0..N": a numbered family, DOMAINNAMESERVER0, DOMAINNAMESERVER1 ...
  return refName.replace(/0\.\.N$/i, '').toUpperCase();
}

export function checkProperties(command: string, properties: Record<string, string[]>): string[] {
  const ref = referenceCommand(command);
  if (!ref) return [`${command}: no page in the reference`];
  const problems: string[] = [];
  const listed = ref.properties.map((p) => ({ ...p, base: baseName(p.name), numbered: /0\.\.N$/i.test(p.name) }));
  for (const p of listed) {
    const values = properties[p.base];
    const count = values?.length ?? 0;
    if (p.min >= 1 && count < p.min)
      problems.push(`${command}: ${p.base} has ${count} value(s), the reference's Min is ${p.min}`);
    if (/^\d+$/.test(p.max) && count > Number(p.max)) {
      problems.push(`${command}: ${p.base} has ${count} values, the reference's Max is ${p.max}`);
    }
    // An enumerated type ("`1`, `0` or NULL"): each value one of the words, or empty with NULL.
    const words = [...p.type.matchAll(/`([^`]*)`/g)].map((m) => m[1]!);
    if (words.length > 0 && /^(`[^`]*`|NULL|,|or|\s)+$/.test(p.type)) {
      const nullable = /\bNULL\b/.test(p.type);
      for (const v of values ?? []) {
        if (!words.includes(v) && !(nullable && v === '')) {
          problems.push(`${command}: ${p.base} is ${JSON.stringify(v)}, the reference's type is ${p.type}`);
        }
      }
    }
  }
  const extras = ALLOWED_EXTRAS[command] ?? {};
  for (const key of Object.keys(properties)) {
    const documented = listed.some((p) => key === p.base || (p.numbered && new RegExp(`^${p.base}\\d+$`).test(key)));
    if (!documented && !(key in extras)) problems.push(`${command}: ${key} is not in the reference`);
  }
  return problems;
}

/**
 * Answer codes the sandbox gives beyond the command's reference list, each with the reason. Every
 * other code a conformance case sees must be one the command's page lists (checkCode).
 */
export const ALLOWED_CODES: Record<string, Record<number, string>> = {
  TradeDomain: {
    219:
      'a zone whose registrant changes by update, not trade (seed module manual, spec 2.8: "trade not supported ' +
      'for this TLD, please use UPDATE method"); the modules and the adapter then send ModifyDomain',
  },
  QueryObjectList: {
    545:
      'a domain that left the account without an OUTBOUND_TRANSFER log entry (seed module manual, spec 3.2): ' +
      'the modules and the adapter (renewal.ts) read this 545 as "transferred away"; the page lists no 545',
  },
};

/** The code is one the command's page lists (or ALLOWED_CODES names); else the deviation. */
export function checkCode(command: string, code: number): string[] {
  const ref = referenceCommand(command);
  if (!ref) return [`${command}: no page in the reference`];
  if (ref.codes.includes(code) || ALLOWED_CODES[command]?.[code] !== undefined) return [];
  return [`${command}: answered ${code}, the reference's codes are ${ref.codes.join(', ')}`];
}

/** A parameter no reference page lists: every command must refuse it. */
export const UNKNOWN_PARAMETER = 'XCONFORMANCEPROBE';

/**
 * The answer to a call carrying UNKNOWN_PARAMETER: the API answers 503 "Invalid attribute name"
 * naming it; anything else (a 200 above all) means the sandbox silently ignores parameters.
 */
export function checkUnknownParameterRefused(command: string, answer: { code: number; description: string }): string[] {
  if (answer.code === 503 && answer.description.includes(UNKNOWN_PARAMETER)) return [];
  return [`${command}: ${UNKNOWN_PARAMETER} answered ${answer.code} ${answer.description}, not 503 naming it`];
}
