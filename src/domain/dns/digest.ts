import { recordLine, type ZoneRecord } from './types';

/**
 * The canonical order of a record set (owner, type, data; TTL last) and a stable fingerprint of
 * it: two reads of the same zone, in any order, give the same digest, and any change of owner,
 * type, TTL or data gives another. Drift reports compare the digest of a zone as read with the
 * digest of its declared state.
 */

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function sortRecords(records: readonly ZoneRecord[]): ZoneRecord[] {
  return [...records].sort(
    (a, b) => compare(a.name, b.name) || compare(a.type, b.type) || compare(a.data, b.data) || a.ttl - b.ttl,
  );
}

/** FNV-1a over the UTF-16 code units, 32 bits, from a given offset basis. */
function fnv1a(text: string, basis: number): string {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** 64 bits as 16 hex characters (two FNV-1a passes with different bases), over the sorted lines. */
export function zoneDigest(records: readonly ZoneRecord[]): string {
  const text = sortRecords(records).map(recordLine).join('\n');
  return `${fnv1a(text, 0x811c9dc5)}${fnv1a(text, 0x01000193)}`;
}
