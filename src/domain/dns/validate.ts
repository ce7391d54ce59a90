import { absoluteOwner } from './names';
import { recordKey, rrsetKey, type ZoneRecord, type ZoneRecordType } from './types';

/**
 * Rules over a whole zone (each record alone is checked in ./rdata): no record twice, one TTL per
 * RRset, CNAME alone at its name and never at the apex (RFC 1034 3.6.2, RFC 2181 10.1), MX and SRV
 * not pointing at an alias (RFC 2181 10.3), web forwarding alone at its host, and only the types
 * the registrar can hold.
 */

export interface ZoneProblem {
  /** position in the list validated (the zone file's record order) */
  index: number;
  /** `records[3] (www CNAME)` */
  field: string;
  rule: string;
}

export const describeRecord = (index: number, r: Pick<ZoneRecord, 'name' | 'type'>): string =>
  `records[${index}] (${r.name} ${r.type})`;

/** Types that occupy a name alone: nothing else may share the owner of a CNAME or a web forwarding. */
const EXCLUSIVE: Partial<Record<ZoneRecordType, ReadonlySet<ZoneRecordType>>> = {
  CNAME: new Set(),
  // The registrar answers the forwarded host's A/AAAA itself (ISPAPI X-HTTP-A).
  'X-HTTP': new Set(['TXT', 'MX', 'CAA', 'SRV', 'X-SMTP']),
};

export function validateZone(
  zone: string,
  records: readonly ZoneRecord[],
  options: { supportedTypes?: readonly ZoneRecordType[] } = {},
): ZoneProblem[] {
  const problems: ZoneProblem[] = [];
  const add = (index: number, r: ZoneRecord, rule: string): void => {
    problems.push({ index, field: describeRecord(index, r), rule });
  };
  const seen = new Map<string, number>();
  const ttlOf = new Map<string, { ttl: number; index: number }>();
  const typesAt = new Map<string, Map<ZoneRecordType, number>>();
  for (const [i, r] of records.entries()) {
    const key = recordKey(r);
    const first = seen.get(key);
    if (first !== undefined) add(i, r, `repeats records[${first}]`);
    else seen.set(key, i);
    const set = ttlOf.get(rrsetKey(r));
    if (set && set.ttl !== r.ttl) {
      add(i, r, `ttl ${r.ttl} differs from records[${set.index}] (${set.ttl}): one RRset has one TTL`);
    } else if (!set) ttlOf.set(rrsetKey(r), { ttl: r.ttl, index: i });
    const types = typesAt.get(r.name) ?? new Map<ZoneRecordType, number>();
    if (!types.has(r.type)) types.set(r.type, i);
    typesAt.set(r.name, types);
    if (options.supportedTypes && !options.supportedTypes.includes(r.type)) {
      add(i, r, `type ${r.type} is not offered by this registrar`);
    }
  }
  for (const [i, r] of records.entries()) {
    const types = typesAt.get(r.name)!;
    if (r.type === 'CNAME') {
      if (r.name === '@') add(i, r, 'a CNAME cannot be at the zone apex (it has SOA and NS)');
      const twice = records.findIndex((o, j) => j < i && o.type === 'CNAME' && o.name === r.name);
      if (twice >= 0) add(i, r, `a name has at most one CNAME (records[${twice}])`);
    }
    if (r.type === 'X-HTTP' && records.some((o, j) => j !== i && o.type === 'X-HTTP' && o.name === r.name)) {
      const other = records.findIndex((o, j) => j !== i && o.type === 'X-HTTP' && o.name === r.name);
      if (other < i) add(i, r, `a host has at most one web forwarding (records[${other}])`);
    }
    for (const [type, allowed] of Object.entries(EXCLUSIVE) as Array<[ZoneRecordType, ReadonlySet<ZoneRecordType>]>) {
      const at = types.get(type);
      if (at === undefined || r.type === type || allowed.has(r.type)) continue;
      if (type === 'CNAME' && r.type === 'X-HTTP') continue; // reported once, on the CNAME (as X-HTTP's neighbour)
      add(i, r, `${type} at ${r.name} (records[${at}]) must be the only record there`);
    }
    if (r.type === 'MX' || r.type === 'SRV') {
      const target = r.data.split(' ').at(-1)!;
      const alias = records.findIndex((o) => o.type === 'CNAME' && target === `${absoluteOwner(o.name, zone)}.`);
      if (alias >= 0) add(i, r, `target ${target} is an alias (CNAME records[${alias}]): name the host itself`);
    }
  }
  return problems;
}
