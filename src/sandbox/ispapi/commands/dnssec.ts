import { DnssecFormatError, formatDnskey, formatDs, parseDnskey, parseDs } from '../../../domain/dnssec';
import { CommandFault, type OwnedDomain, type ResponseProperties } from '../registry';
import { indexed } from './params';

/**
 * DNSSEC at the registry, as ModifyDomain's reference page names it: SECDNS-DS[0..N] /
 * SECDNS-KEY[0..N] set the whole list (an empty value is NULL: no record), ADDSECDNS-…/DELSECDNS-…
 * add or delete single records, SECDNS-REMOVE-ALL=1 deletes every record, SECDNS-MAXSIGLIFE sets
 * the signature life (INT). StatusDomain answers SECDNS-DS, SECDNS-KEY and SECDNS-MAXSIGLIFE: its
 * page lists none of them, but HEXONET's own WHMCS module reads exactly those (docs/dnssec.md), so
 * the conformance suite allow-lists them.
 */

/** What a domain publishes, each record in presentation format (DS "keytag alg type DIGEST"). */
export type SecDnsState = NonNullable<OwnedDomain['secdns']>;

type Kind = 'DS' | 'KEY';

function normalise(kind: Kind, key: string, text: string): string {
  try {
    return kind === 'DS' ? formatDs(parseDs(text)) : formatDnskey(parseDnskey(text));
  } catch (error) {
    // The registry refuses malformed delegation data with a syntax error naming the parameter.
    if (error instanceof DnssecFormatError)
      throw new CommandFault(505, `Invalid attribute value syntax; ${key}: ${error.message}`);
    throw error;
  }
}

function values(params: Record<string, string>, prefix: string, kind: Kind): string[] | undefined {
  const entries = indexed(params, prefix);
  if (entries.length === 0) return undefined;
  return entries.filter((e) => e.value !== '').map((e) => normalise(kind, e.key, e.value));
}

function applyKind(params: Record<string, string>, kind: Kind, current: string[], removeAll: boolean): string[] {
  const set = values(params, `SECDNS-${kind}`, kind);
  const add = values(params, `ADDSECDNS-${kind}`, kind);
  const del = values(params, `DELSECDNS-${kind}`, kind);
  if (set && (add || del)) {
    throw new CommandFault(505, `Invalid attribute value syntax; SECDNS-${kind} together with ADD/DELSECDNS-${kind}`);
  }
  if (set) return [...new Set(set)];
  let next = removeAll ? [] : [...current];
  for (const record of del ?? []) {
    // Deleting what the registry does not hold is an error there (EPP 2303 object does not exist).
    if (!next.includes(record))
      throw new CommandFault(541, `Invalid attribute value; DELSECDNS-${kind} ${record} is not set`);
    next = next.filter((r) => r !== record);
  }
  for (const record of add ?? []) if (!next.includes(record)) next.push(record);
  return next;
}

const DNSSEC_KEY = /^(ADD|DEL)?SECDNS-/;

/** The new DNSSEC state a ModifyDomain asks for, or undefined when it names no SECDNS parameter. */
export function secDnsChange(params: Record<string, string>, record: OwnedDomain): SecDnsState | undefined {
  if (!Object.keys(params).some((k) => DNSSEC_KEY.test(k))) return undefined;
  const current = record.secdns ?? { ds: [], keys: [] };
  const removeAll = params['SECDNS-REMOVE-ALL'] === '1';
  if (!['', undefined, '0', '1'].includes(params['SECDNS-REMOVE-ALL'])) {
    throw new CommandFault(505, 'Invalid attribute value syntax; SECDNS-REMOVE-ALL must be 0 or 1');
  }
  let maxSigLife = current.maxSigLife;
  const life = params['SECDNS-MAXSIGLIFE'];
  if (life !== undefined && life !== '') {
    if (!/^\d{1,10}$/.test(life) || Number(life) < 1) {
      throw new CommandFault(505, `Invalid attribute value syntax; SECDNS-MAXSIGLIFE (${life}) must be a positive INT`);
    }
    maxSigLife = Number(life);
  }
  return {
    ds: applyKind(params, 'DS', current.ds, removeAll),
    keys: applyKind(params, 'KEY', current.keys, removeAll),
    ...(maxSigLife !== undefined ? { maxSigLife } : {}),
  };
}

/** StatusDomain's DNSSEC properties; none when the domain publishes nothing. */
export function secDnsProperties(record: OwnedDomain): ResponseProperties {
  const s = record.secdns;
  const props: ResponseProperties = {};
  if (s?.ds.length) props['SECDNS-DS'] = s.ds;
  if (s?.keys.length) props['SECDNS-KEY'] = s.keys;
  if (s?.maxSigLife !== undefined) props['SECDNS-MAXSIGLIFE'] = [s.maxSigLife];
  return props;
}
