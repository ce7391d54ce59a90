import {
  absoluteOwner,
  fromPresentation,
  isForwarding,
  ownerName,
  ZONE_RECORD_TYPES,
  type ZoneChange,
  type ZoneRecord,
} from '../../domain/dns';
import type { ZoneSnapshot } from '../dns';
import { RegistrarTemporaryError } from '../errors';
import type { IspapiContext } from './adapter-context';
import { IspapiClient } from './client';

/**
 * DNS zones over ISPAPI (DOMAIN/DNSZONE/*.md). Forwarding records travel in EXTENDED mode;
 * a plan goes out as one UpdateDNSZone with every DELRR and ADDRR, deletions applied first, so
 * a changed record (old out, new in) is one call however many records change.
 */

export const ISPAPI_DNS_TYPES = ZONE_RECORD_TYPES;

/** `<owner>. <ttl> IN <type> <rdata>`: absolute owners, so no record depends on the API's relative rules. */
export const rrLine = (zone: string, r: ZoneRecord): string =>
  `${absoluteOwner(r.name, zone)}. ${r.ttl} IN ${r.type} ${r.data}`;

export async function readZone(ctx: IspapiContext, zone: string): Promise<ZoneSnapshot> {
  const response = await ctx.client.send({ COMMAND: 'QueryDNSZoneRRList', DNSZONE: zone, EXTENDED: 1 });
  if (response.code !== 200) {
    IspapiClient.assertNotTemporary('QueryDNSZoneRRList', response);
    // The list's page documents no "not found": StatusDNSZone (545 Object not found) says whether it exists.
    const status = await ctx.client.send({ COMMAND: 'StatusDNSZone', DNSZONE: zone });
    if (status.code === 545) return { exists: false, records: [], foreign: [] };
    IspapiClient.assertOk('StatusDNSZone', status);
    IspapiClient.assertOk('QueryDNSZoneRRList', response);
  }
  const records: ZoneRecord[] = [];
  const foreign: string[] = [];
  let serial: string | undefined;
  for (const line of response.properties.RR ?? []) {
    const m = /^(\S+)\s+(\d+)\s+IN\s+(\S+)\s+(.*)$/i.exec(line.trim());
    if (!m) throw unreadable(line);
    const [, owner, ttl, type, rdata] = m as unknown as [string, string, string, string, string];
    if (type.toUpperCase() === 'SOA') {
      serial = rdata.split(/\s+/)[2];
      continue;
    }
    if (!(ZONE_RECORD_TYPES as readonly string[]).includes(type.toUpperCase())) {
      foreign.push(line);
      continue;
    }
    const name = ownerName(owner, zone);
    const converted = name.ok ? fromPresentation(name.value, type, Number(ttl), rdata, zone) : undefined;
    if (!converted?.ok) throw unreadable(line);
    records.push(converted.record);
  }
  return { exists: true, records, foreign, ...(serial ? { serial } : {}) };
}

/** An answer we cannot read is retried (a cut answer), never acted upon. */
function unreadable(line: string): RegistrarTemporaryError {
  return new RegistrarTemporaryError(`QueryDNSZoneRRList: unreadable record [${line}]`, {
    registrar: 'ispapi',
    operation: 'QueryDNSZoneRRList',
  });
}

export async function createZone(ctx: IspapiContext, zone: string): Promise<void> {
  await ctx.client.call({ COMMAND: 'CreateDNSZone', DNSZONE: zone });
}

export async function applyZoneChanges(
  ctx: IspapiContext,
  zone: string,
  changes: readonly ZoneChange[],
): Promise<{ calls: number }> {
  const remove = changes.flatMap((c) => (c.before ? [c.before] : []));
  const add = changes.flatMap((c) => (c.after ? [c.after] : []));
  if (remove.length === 0 && add.length === 0) return { calls: 0 };
  const extended = [...remove, ...add].some((r) => isForwarding(r.type));
  await ctx.client.call({
    COMMAND: 'UpdateDNSZone',
    DNSZONE: zone,
    ...(extended ? { EXTENDED: 1 } : {}),
    ...(remove.length > 0 ? { DELRR: remove.map((r) => rrLine(zone, r)) } : {}),
    ...(add.length > 0 ? { ADDRR: add.map((r) => rrLine(zone, r)) } : {}),
  });
  return { calls: 1 };
}
