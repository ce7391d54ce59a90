import { z } from 'zod';
import { describeZodError } from '../../domain/validation';
import { CommandFault } from './registry';
import { editRecords, findZone, formatRr, parseRr, soaRr, zoneName } from './registry/dns-zones';

/**
 * The control surface's DNS part: read a zone, and change it "behind domainflow's back" (as a
 * person in the registrar's control panel would: the serial rises, nothing is journaled), so
 * tests see drift. GET /_sandbox/dns-zones/<zone>, POST /_sandbox/dns-zones/<zone>/edit
 * with { add?: [RR lines], remove?: [RR lines] } (forwarding allowed, as EXTENDED=1).
 */

const editSchema = z.strictObject({ add: z.array(z.string()).optional(), remove: z.array(z.string()).optional() });
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
    const z0 = findZone(registry, zoneName(decodeURIComponent(m[1]!)));
    if (method === 'GET' && !m[2]) {
      return {
        status: 200,
        body: {
          zone: z0.zone,
          serial: z0.soa.serial,
          records: [soaRr(z0), ...z0.records.map((r) => formatRr(z0.zone, r))],
        },
      };
    }
    if (method !== 'POST' || !m[2]) return { status: 405, body: { error: 'GET a zone, POST its /edit' } };
    let parsedBody: unknown;
    try {
      parsedBody = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      return { status: 400, body: { error: 'body: must be valid JSON' } };
    }
    const parsed = editSchema.safeParse(parsedBody);
    if (!parsed.success) return { status: 400, body: { error: describeZodError(parsed.error, 'body') } };
    const lines = (list: string[] | undefined) => (list ?? []).map((rr) => ({ rr, record: parseRr(rr, z0, true) }));
    z0.records = editRecords(z0, { remove: lines(parsed.data.remove), add: lines(parsed.data.add), resolveTtl: false });
    z0.soa = { ...z0.soa, serial: z0.soa.serial + 1 };
    z0.updatedAt = registry.now();
    return { status: 200, body: { zone: z0.zone, serial: z0.soa.serial } };
  } catch (err) {
    if (err instanceof CommandFault) return { status: err.code === 545 ? 404 : 400, body: { error: err.description } };
    throw err;
  }
}
