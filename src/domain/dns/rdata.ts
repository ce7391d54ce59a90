import ipaddr from 'ipaddr.js';
import { ownerName, shortTarget, targetName } from './names';
import { octets, quoteTxt, splitTxt, unquoteTxt } from './txt';
import {
  DEFAULT_TTL,
  MAX_TTL,
  MAX_TXT_CHUNK,
  MAX_TXT_TOTAL,
  MIN_TTL,
  ZONE_RECORD_TYPES,
  type ZoneRecord,
  type ZoneRecordType,
} from './types';

/**
 * One record as people write it in a zone file (YAML/JSON) and as `dns export` writes it, and its
 * translation to and from the canonical ZoneRecord. Every refusal names the field and the rule.
 */
export interface RecordInput {
  /** owner: `@`, relative (`www`) or absolute inside the zone (`www.example.com.`); default `@` */
  name?: string;
  type: ZoneRecordType;
  ttl?: number;
  /** A/AAAA address, CNAME/NS/MX/SRV target, TXT text (or its chunks), CAA value, X-HTTP URL, X-SMTP address */
  value: string | string[];
  /** MX preference, SRV priority */
  priority?: number;
  weight?: number;
  port?: number;
  /** CAA */
  flags?: number;
  tag?: string;
  /** X-HTTP: redirect (HTTP 301) or frame */
  mode?: 'redirect' | 'frame';
  /** X-SMTP: the local part forwarded (`info`, `*` for any) */
  mailbox?: string;
}

export type Converted = { ok: true; record: ZoneRecord } | { ok: false; field: string; rule: string };

const fail = (field: string, rule: string): Converted => ({ ok: false, field, rule });
const CAA_TAG = /^[a-z0-9]{1,15}$/i;
const MAILBOX = /^(\*|[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*)$/i;
const EMAIL = /^[^\s@]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

function u16(value: number | undefined, field: string): string | undefined {
  if (value === undefined) return `${field} is required`;
  return Number.isInteger(value) && value >= 0 && value <= 65535 ? undefined : `${field} must be 0-65535`;
}

function single(value: string | string[]): string | undefined {
  return typeof value === 'string' ? value.trim() : value.length === 1 ? value[0]!.trim() : undefined;
}

/** The canonical RDATA of one record, or the field at fault and the rule it broke. */
function canonicalData(input: RecordInput, zone: string): { data: string } | { field: string; rule: string } {
  const text = single(input.value);
  const need = (): { field: string; rule: string } => ({ field: 'value', rule: 'must be one string' });
  switch (input.type) {
    case 'A': {
      if (text === undefined) return need();
      if (!ipaddr.IPv4.isValidFourPartDecimal(text))
        return { field: 'value', rule: 'must be an IPv4 address (a.b.c.d)' };
      return { data: ipaddr.IPv4.parse(text).toString() };
    }
    case 'AAAA': {
      if (text === undefined) return need();
      if (!ipaddr.IPv6.isValid(text) || text.includes('%')) return { field: 'value', rule: 'must be an IPv6 address' };
      return { data: ipaddr.IPv6.parse(text).toRFC5952String() };
    }
    case 'CNAME':
    case 'NS': {
      if (text === undefined) return need();
      const t = targetName(text, zone);
      return t.ok ? { data: t.value } : { field: 'value', rule: `target ${t.rule}` };
    }
    case 'MX': {
      if (text === undefined) return need();
      const bad = u16(input.priority, 'priority');
      if (bad) return { field: 'priority', rule: bad };
      if (ipaddr.isValid(text)) return { field: 'value', rule: 'an MX target must be a host name, not an address' };
      // "." is the null MX (RFC 7505): this domain accepts no mail.
      const t = targetName(text, zone, { allowRoot: true });
      return t.ok ? { data: `${input.priority} ${t.value}` } : { field: 'value', rule: `target ${t.rule}` };
    }
    case 'SRV': {
      if (text === undefined) return need();
      for (const f of ['priority', 'weight', 'port'] as const) {
        const bad = u16(input[f], f);
        if (bad) return { field: f, rule: bad };
      }
      if (ipaddr.isValid(text)) return { field: 'value', rule: 'an SRV target must be a host name, not an address' };
      const t = targetName(text, zone, { allowRoot: true });
      if (!t.ok) return { field: 'value', rule: `target ${t.rule}` };
      return { data: `${input.priority} ${input.weight} ${input.port} ${t.value}` };
    }
    case 'TXT': {
      const chunks = typeof input.value === 'string' ? splitTxt(input.value) : input.value;
      if (chunks.length === 0) return { field: 'value', rule: 'must hold at least one string' };
      const long = chunks.findIndex((c) => octets(c) > MAX_TXT_CHUNK);
      if (long >= 0) return { field: `value.${long}`, rule: `a TXT string holds at most ${MAX_TXT_CHUNK} octets` };
      const total = chunks.reduce((n, c) => n + octets(c), 0);
      if (total > MAX_TXT_TOTAL) return { field: 'value', rule: `TXT data must be at most ${MAX_TXT_TOTAL} octets` };
      return { data: quoteTxt(chunks) };
    }
    case 'CAA': {
      if (text === undefined) return need();
      const flags = input.flags ?? 0;
      if (!Number.isInteger(flags) || flags < 0 || flags > 255) return { field: 'flags', rule: 'must be 0-255' };
      if (!input.tag || !CAA_TAG.test(input.tag))
        return { field: 'tag', rule: 'must be 1-15 letters or digits (issue, issuewild, iodef)' };
      return { data: `${flags} ${input.tag.toLowerCase()} ${quoteTxt([text])}` };
    }
    case 'X-HTTP': {
      if (text === undefined) return need();
      let url: URL | undefined;
      try {
        url = new URL(text);
      } catch {
        url = undefined;
      }
      if (!url || !/^https?:$/.test(url.protocol)) return { field: 'value', rule: 'must be an http(s) URL' };
      return { data: `${(input.mode ?? 'redirect').toUpperCase()} ${text}` };
    }
    case 'X-SMTP': {
      if (text === undefined) return need();
      const mailbox = (input.mailbox ?? '').toLowerCase();
      if (!MAILBOX.test(mailbox)) return { field: 'mailbox', rule: 'must be a mailbox local part or *' };
      if (!EMAIL.test(text)) return { field: 'value', rule: 'must be an e-mail address' };
      return { data: `${mailbox}@ MAILFORWARD ${text.toLowerCase()}` };
    }
  }
}

/** A record as written (RecordInput) to its canonical form; `defaultTtl` fills a missing TTL. */
export function toCanonical(input: RecordInput, zone: string, defaultTtl = DEFAULT_TTL): Converted {
  if (!(ZONE_RECORD_TYPES as readonly string[]).includes(input.type)) {
    return fail('type', `must be one of ${ZONE_RECORD_TYPES.join(', ')}`);
  }
  const owner = ownerName(input.name ?? '@', zone);
  if (!owner.ok) return fail('name', owner.rule);
  if (input.type === 'X-SMTP' && owner.value !== '@') {
    return fail('name', 'mail forwarding belongs to the apex (@): name the mailbox in `mailbox`');
  }
  const ttl = input.ttl ?? defaultTtl;
  if (!Number.isInteger(ttl) || ttl < MIN_TTL || ttl > MAX_TTL)
    return fail('ttl', `must be ${MIN_TTL}-${MAX_TTL} seconds`);
  const data = canonicalData(input, zone);
  if ('field' in data) return fail(data.field, data.rule);
  return { ok: true, record: { name: owner.value, type: input.type, ttl, data: data.data } };
}

/**
 * Presentation RDATA (a zone file line, an ISPAPI RR, Openprovider's value and prio) to canonical
 * form: the same rules as a written record, so both sides of a diff meet in one form.
 */
export function fromPresentation(
  name: string,
  type: string,
  ttl: number,
  rdata: string,
  zone: string,
  prio?: number,
): Converted {
  const t = type.toUpperCase() as ZoneRecordType;
  const words = rdata.trim().split(/\s+/);
  const base = { name, type: t, ttl };
  switch (t) {
    case 'MX':
      return prio !== undefined
        ? toCanonical({ ...base, priority: prio, value: rdata.trim() }, zone)
        : toCanonical({ ...base, priority: Number(words[0]), value: words[1] ?? '' }, zone);
    case 'SRV': {
      const nums = prio !== undefined ? [prio, ...words.slice(0, 2)] : words.slice(0, 3);
      const target = prio !== undefined ? words[2] : words[3];
      const [priority, weight, port] = nums.map(Number);
      return toCanonical({ ...base, priority, weight, port, value: target ?? '' }, zone);
    }
    case 'TXT': {
      const chunks = rdata.trim().startsWith('"') ? unquoteTxt(rdata) : [rdata];
      return chunks ? toCanonical({ ...base, value: chunks }, zone) : fail('value', 'has an unterminated quote');
    }
    case 'CAA': {
      const m = /^(\d+)\s+(\S+)\s+(.*)$/.exec(rdata.trim());
      if (!m) return fail('value', 'must be "<flags> <tag> <value>"');
      const value = unquoteTxt(m[3]!)?.join('') ?? m[3]!;
      return toCanonical({ ...base, flags: Number(m[1]), tag: m[2]!, value }, zone);
    }
    case 'X-HTTP':
      return toCanonical(
        { ...base, mode: words[0]?.toLowerCase() as 'redirect', value: words.slice(1).join(' ') },
        zone,
      );
    case 'X-SMTP':
      return toCanonical({ ...base, mailbox: (words[0] ?? '').replace(/@$/, ''), value: words[2] ?? '' }, zone);
    default:
      return toCanonical({ ...base, value: rdata.trim() }, zone);
  }
}

/** A canonical record as `dns export` writes it: short names, structured fields, no default TTL. */
export function toInput(record: ZoneRecord, zone: string, defaultTtl?: number): RecordInput {
  const out: RecordInput = { name: record.name, type: record.type, value: '' };
  if (record.ttl !== defaultTtl) out.ttl = record.ttl;
  const words = record.data.split(' ');
  switch (record.type) {
    case 'CNAME':
    case 'NS':
      out.value = shortTarget(record.data, zone);
      break;
    case 'MX':
      out.priority = Number(words[0]);
      out.value = shortTarget(words[1]!, zone);
      break;
    case 'SRV':
      [out.priority, out.weight, out.port] = words.slice(0, 3).map(Number);
      out.value = shortTarget(words[3]!, zone);
      break;
    case 'TXT': {
      const chunks = unquoteTxt(record.data) ?? [record.data];
      out.value = chunks.length === 1 ? chunks[0]! : chunks;
      break;
    }
    case 'CAA':
      out.flags = Number(words[0]);
      out.tag = words[1]!;
      out.value = unquoteTxt(words.slice(2).join(' '))?.join('') ?? '';
      break;
    case 'X-HTTP':
      out.mode = words[0]!.toLowerCase() as 'redirect' | 'frame';
      out.value = words.slice(1).join(' ');
      break;
    case 'X-SMTP':
      out.mailbox = words[0]!.replace(/@$/, '');
      out.value = words[2]!;
      break;
    default:
      out.value = record.data;
  }
  return out;
}
