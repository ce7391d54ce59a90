import { z } from 'zod';
import { describeZodError } from '../../domain/validation';
import { ApiError } from './registry';
import { dnsStore, editZone, toStored, zoneKey, zoneView } from './registry/dns-zones';

/**
 * The control surface's DNS part: read a zone, and change it "behind domainflow's back" (as a
 * person in Openprovider's control panel would; nothing is journaled), so tests see drift.
 * GET /_sandbox/dns-zones/<zone>, POST /_sandbox/dns-zones/<zone>/edit with
 * { add?: [{name,type,value,prio,ttl}], remove?: [...] }.
 */

const record = z.strictObject({
  name: z.string().optional(),
  type: z.string(),
  value: z.string(),
  prio: z.number().int().optional(),
  ttl: z.number().int(),
});
const editSchema = z.strictObject({ add: z.array(record).optional(), remove: z.array(record).optional() });
const PATH = /^\/_sandbox\/dns-zones\/([^/]+)(\/edit)?\/?$/;

export function handleDnsControl(
  registry: object & { now(): Date },
  method: string,
  pathname: string,
  body: string,
): { status: number; body: unknown } | undefined {
  const m = PATH.exec(pathname);
  if (!m) return undefined;
  try {
    const zone = dnsStore(registry).zones.get(zoneKey(decodeURIComponent(m[1]!)));
    if (!zone) return { status: 404, body: { error: `no zone ${m[1]}` } };
    if (method === 'GET' && !m[2]) return { status: 200, body: zoneView(zone, true) };
    if (method !== 'POST' || !m[2]) return { status: 405, body: { error: 'GET a zone, POST its /edit' } };
    let parsedBody: unknown;
    try {
      parsedBody = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      return { status: 400, body: { error: 'body: must be valid JSON' } };
    }
    const parsed = editSchema.safeParse(parsedBody);
    if (!parsed.success) return { status: 400, body: { error: describeZodError(parsed.error, 'body') } };
    const now = registry.now();
    const stored = (list: z.infer<typeof record>[] | undefined, at: string) =>
      (list ?? []).map((r, i) => toStored(zone.name, r, now, `${at}[${i}]`));
    zone.records = editZone(zone, {
      remove: stored(parsed.data.remove, 'remove'),
      update: [],
      add: stored(parsed.data.add, 'add'),
    });
    zone.modifiedAt = now;
    zone.serial++;
    return { status: 200, body: { zone: zone.name, serial: zone.serial } };
  } catch (err) {
    if (err instanceof ApiError) return { status: 400, body: { error: `${err.desc}: ${err.data}` } };
    throw err;
  }
}
