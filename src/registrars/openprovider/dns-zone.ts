import { z } from 'zod';
import { DNS_RECORD_TYPES, fromPresentation, type ZoneChange, type ZoneRecord } from '../../domain/dns';
import type { ZoneSnapshot } from '../dns';
import { RegistrarTemporaryError } from '../errors';
import type { OpenproviderContext } from './adapter-context';
import { OpenproviderClient } from './client';
import { splitDomainName } from './domain-name';

/**
 * DNS zones over Openprovider's REST API (dns.swagger.json). Names go out relative to the zone
 * (`www`, '' for the apex) and come back in full (`www.example.com`); host values carry no
 * trailing dot; MX and SRV priorities are `prio`. TXT values travel quoted (chunks kept), so a
 * record reads back as written. A plan is one PUT /dns/zones/{name} with add, remove and update.
 * Openprovider has no forwarding records: only the DNS types.
 */

export const OPENPROVIDER_DNS_TYPES = DNS_RECORD_TYPES;
/** unknown DNS zone / zone not found (shared/specs/openprovider.md 2.3) */
const ZONE_NOT_FOUND = new Set([800, 872]);

const recordSchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  value: z.string(),
  prio: z.number().int().nullish(),
  ttl: z.number().int(),
});
const zoneSchema = z.looseObject({ name: z.string(), records: z.array(recordSchema).nullish() });

interface WireRecord {
  name: string;
  type: string;
  value: string;
  prio?: number;
  ttl: number;
}

const stripDot = (host: string): string => (host === '.' ? host : host.replace(/\.$/, ''));

/** A canonical record as the API takes it. */
export function toWire(r: ZoneRecord): WireRecord {
  const name = r.name === '@' ? '' : r.name;
  const words = r.data.split(' ');
  switch (r.type) {
    case 'CNAME':
    case 'NS':
      return { name, type: r.type, value: stripDot(r.data), ttl: r.ttl };
    case 'MX':
      return { name, type: r.type, value: stripDot(words[1]!), prio: Number(words[0]), ttl: r.ttl };
    case 'SRV':
      return {
        name,
        type: r.type,
        value: `${words[1]} ${words[2]} ${stripDot(words[3]!)}`,
        prio: Number(words[0]),
        ttl: r.ttl,
      };
    default:
      return { name, type: r.type, value: r.data, ttl: r.ttl };
  }
}

function fromWire(zone: string, w: z.infer<typeof recordSchema>): ZoneRecord | undefined {
  const full = w.name.toLowerCase().replace(/\.$/, '');
  const name =
    full === zone || full === '' ? '@' : full.endsWith(`.${zone}`) ? full.slice(0, -(zone.length + 1)) : full;
  const type = w.type.toUpperCase();
  const value =
    type === 'CNAME' || type === 'NS' || type === 'MX'
      ? `${stripDot(w.value)}.`
      : type === 'SRV'
        ? w.value.replace(/([^.])$/, '$1.')
        : w.value;
  const converted = fromPresentation(name, type, w.ttl, value, zone, w.prio ?? undefined);
  return converted.ok ? converted.record : undefined;
}

export async function readZone(ctx: OpenproviderContext, zone: string): Promise<ZoneSnapshot> {
  const path = `/dns/zones/${encodeURIComponent(zone)}`;
  const envelope = await ctx.client.send('GET', path, { query: { with_records: true }, operation: 'GetZone' });
  if (ZONE_NOT_FOUND.has(envelope.code)) return { exists: false, records: [], foreign: [] };
  OpenproviderClient.assertOk('GetZone', envelope);
  const parsed = zoneSchema.safeParse(envelope.data ?? {});
  if (!parsed.success) {
    throw new RegistrarTemporaryError(`GetZone: unexpected response data (${parsed.error.issues[0]?.message})`, {
      registrar: 'openprovider',
      operation: 'GetZone',
    });
  }
  const records: ZoneRecord[] = [];
  const foreign: string[] = [];
  let serial: string | undefined;
  for (const w of parsed.data.records ?? []) {
    const type = w.type.toUpperCase();
    if (type === 'SOA') {
      serial = w.value.split(/\s+/)[2];
      continue;
    }
    const record = (DNS_RECORD_TYPES as readonly string[]).includes(type) ? fromWire(zone, w) : undefined;
    if (record) records.push(record);
    else foreign.push(`${w.name} ${w.ttl} ${w.type} ${w.prio ?? ''} ${w.value}`.replace(/\s+/g, ' '));
  }
  return { exists: true, records, foreign, ...(serial ? { serial } : {}) };
}

export async function createZone(ctx: OpenproviderContext, zone: string, template?: string): Promise<void> {
  const domain = splitDomainName(zone);
  await ctx.client.call('POST', '/dns/zones', z.unknown(), {
    body: { domain, type: 'master', ...(template ? { template_name: template } : {}) },
    operation: 'CreateZone',
  });
}

export async function applyZoneChanges(
  ctx: OpenproviderContext,
  zone: string,
  changes: readonly ZoneChange[],
): Promise<{ calls: number }> {
  if (changes.length === 0) return { calls: 0 };
  const add = changes.filter((c) => c.kind === 'add').map((c) => toWire(c.after!));
  const remove = changes.filter((c) => c.kind === 'remove').map((c) => toWire(c.before!));
  const update = changes
    .filter((c) => c.kind === 'change')
    .map((c) => ({ original_record: toWire(c.before!), record: toWire(c.after!) }));
  await ctx.client.call('PUT', `/dns/zones/${encodeURIComponent(zone)}`, z.unknown(), {
    body: {
      records: {
        ...(add.length ? { add } : {}),
        ...(remove.length ? { remove } : {}),
        ...(update.length ? { update } : {}),
      },
    },
    operation: 'UpdateZone',
  });
  return { calls: 1 };
}
