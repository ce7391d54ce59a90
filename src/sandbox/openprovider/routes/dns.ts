import { z } from 'zod';
import { ERR, globToRegExp } from '../registry';
import {
  dnsStore,
  editZone,
  OPENPROVIDER_NAMESERVERS,
  recordView,
  soaView,
  toStored,
  zoneKey,
  zoneNotFound,
  zoneView,
  type OpZone,
  type StoredRecord,
  type WireRecord,
} from '../registry/dns-zones';
import { ApiError } from '../registry';
import { parseBody, queryBool, queryInt } from '../schemas';
import type { RouteContext, RouteHandler } from './context';
import { normaliseWireDomain } from './params';
import { fieldsOf, type RouteInputs } from './inputs';

/** DNS zone and template routes (dns.swagger.json: zone*, record*, template*). Bodies loose, like the API's. */

const wireRecord = z.looseObject({
  name: z.string().optional(),
  type: z.string().optional(),
  value: z.string().optional(),
  prio: z.number().int().optional(),
  ttl: z.number().int().optional(),
});
const createZoneBody = z.looseObject({
  domain: z.object({ name: z.string(), extension: z.string() }),
  type: z.string().optional(),
  records: z.array(wireRecord).optional(),
  template_name: z.string().optional(),
});
const updateZoneBody = z.looseObject({
  records: z
    .looseObject({
      add: z.array(wireRecord).optional(),
      remove: z.array(wireRecord).optional(),
      replace: z.array(wireRecord).optional(),
      update: z.array(z.looseObject({ original_record: wireRecord, record: wireRecord })).optional(),
    })
    .optional(),
});
const createTemplateBody = z.looseObject({
  name: z.string().min(1, 'is required'),
  records: z.array(wireRecord).optional(),
});

function findZone(ctx: RouteContext): OpZone {
  const zone = dnsStore(ctx.registry).zones.get(zoneKey(ctx.param));
  if (!zone) throw zoneNotFound(ctx.param ?? '');
  ctx.journal.domain = zone.name;
  return zone;
}

function stored(zone: string, records: WireRecord[] | undefined, now: Date, at: string): StoredRecord[] {
  return (records ?? []).map((r, i) => toStored(zone, r, now, `${at}[${i}]`));
}

function templateId(param: string | undefined): number {
  const id = Number(param);
  if (!Number.isInteger(id) || id <= 0) throw ERR.badRequest(`path.id: "${param}" is not a template id`);
  return id;
}

/** What each route honours of its operation's declared inputs (./inputs.ts): the rest is refused. */
export const DNS_INPUTS: Record<string, RouteInputs> = {
  'GET /v1beta/dns/zones': { query: ['name_pattern', 'with_records', 'limit', 'offset'] },
  'POST /v1beta/dns/zones': { body: fieldsOf(createZoneBody) },
  'GET /v1beta/dns/zones/{name}': { query: ['with_records'] },
  'PUT /v1beta/dns/zones/{name}': { body: fieldsOf(updateZoneBody) },
  'DELETE /v1beta/dns/zones/{name}': {},
  'GET /v1beta/dns/zones/{name}/records': { query: ['limit', 'offset', 'type'] },
  'GET /v1beta/dns/templates': { query: ['with_records', 'name_pattern'] },
  'POST /v1beta/dns/templates': { body: fieldsOf(createTemplateBody) },
  'GET /v1beta/dns/templates/{id}': {},
  'DELETE /v1beta/dns/templates/{id}': {},
};

export const DNS_ROUTES: Record<string, RouteHandler> = {
  'GET /v1beta/dns/zones': ({ registry, query }) => {
    const pattern = query.get('name_pattern');
    const withRecords = queryBool(query.get('with_records')) ?? false;
    const limit = queryInt(query, 'limit', 100, 1, 1000);
    const offset = queryInt(query, 'offset', 0, 0, 1_000_000);
    const all = [...dnsStore(registry).zones.values()]
      .filter((z) => !pattern || globToRegExp(pattern).test(z.name))
      .sort((a, b) => a.id - b.id);
    return { results: all.slice(offset, offset + limit).map((z) => zoneView(z, withRecords)), total: all.length };
  },
  'POST /v1beta/dns/zones': (ctx) => {
    const b = parseBody(createZoneBody, ctx.body);
    const d = normaliseWireDomain(b.domain);
    const name = `${d.name}.${d.extension}`;
    ctx.journal.domain = name;
    const store = dnsStore(ctx.registry);
    if (store.zones.has(name)) throw new ApiError(805, 'Zone already exists', name);
    if (b.type !== undefined && b.type !== 'master') throw ERR.badRequest('body.type: only master zones are simulated');
    const now = ctx.registry.now();
    let initial: WireRecord[] | undefined = b.records;
    if (b.template_name !== undefined) {
      const template = [...store.templates.values()].find((t) => t.name === b.template_name);
      if (!template) throw ERR.badRequest(`body.template_name: no template "${b.template_name}"`);
      initial = [...template.records, ...(b.records ?? [])];
    }
    initial ??= OPENPROVIDER_NAMESERVERS.map((ns) => ({ name: '', type: 'NS', value: ns, ttl: 86400 }));
    const zone: OpZone = {
      id: store.nextZoneId++,
      name,
      type: 'master',
      records: [],
      createdAt: now,
      modifiedAt: now,
      serial: 1,
    };
    zone.records = editZone(zone, { remove: [], update: [], add: stored(name, initial, now, 'body.records') });
    store.zones.set(name, zone);
    return { success: true };
  },
  'GET /v1beta/dns/zones/{name}': (ctx) => zoneView(findZone(ctx), queryBool(ctx.query.get('with_records')) ?? false),
  'PUT /v1beta/dns/zones/{name}': (ctx) => {
    const zone = findZone(ctx);
    const b = parseBody(updateZoneBody, ctx.body);
    const now = ctx.registry.now();
    const r = b.records ?? {};
    zone.records = editZone(zone, {
      ...(r.replace ? { replace: stored(zone.name, r.replace, now, 'body.records.replace') } : {}),
      remove: stored(zone.name, r.remove, now, 'body.records.remove'),
      update: (r.update ?? []).map((u, i) => ({
        from: toStored(zone.name, u.original_record, now, `body.records.update[${i}].original_record`),
        to: toStored(zone.name, u.record, now, `body.records.update[${i}].record`),
      })),
      add: stored(zone.name, r.add, now, 'body.records.add'),
    });
    zone.modifiedAt = now;
    zone.serial++;
    return { success: true };
  },
  'DELETE /v1beta/dns/zones/{name}': (ctx) => {
    const zone = findZone(ctx);
    dnsStore(ctx.registry).zones.delete(zone.name);
    return { success: true };
  },
  'GET /v1beta/dns/zones/{name}/records': (ctx) => {
    const zone = findZone(ctx);
    const limit = queryInt(ctx.query, 'limit', 100, 1, 1000);
    const offset = queryInt(ctx.query, 'offset', 0, 0, 1_000_000);
    const type = ctx.query.get('type')?.toUpperCase();
    const all = [soaView(zone), ...zone.records.map((r) => recordView(zone, r))].filter(
      (r) => !type || r.type === type,
    );
    return { results: all.slice(offset, offset + limit), total: all.length };
  },
  'GET /v1beta/dns/templates': ({ registry, query }) => {
    const withRecords = queryBool(query.get('with_records')) ?? false;
    const pattern = query.get('name_pattern');
    const all = [...dnsStore(registry).templates.values()].filter(
      (t) => !pattern || globToRegExp(pattern).test(t.name),
    );
    return {
      results: all.map((t) => ({
        id: t.id,
        name: t.name,
        is_spamexperts_enabled: false,
        ...(withRecords ? { records: t.records } : {}),
      })),
      total: all.length,
    };
  },
  'POST /v1beta/dns/templates': ({ registry, body }) => {
    const b = parseBody(createTemplateBody, body);
    const store = dnsStore(registry);
    if ([...store.templates.values()].some((t) => t.name === b.name))
      throw ERR.badRequest(`body.name: "${b.name}" exists`);
    const records = (b.records ?? []).map((r, i) => {
      if (!r.type || !r.value || r.ttl === undefined)
        throw ERR.badRequest(`body.records[${i}]: type, value and ttl are required`);
      return {
        name: r.name ?? '',
        type: r.type.toUpperCase(),
        value: r.value,
        ttl: r.ttl,
        ...(r.prio !== undefined ? { prio: r.prio } : {}),
      };
    });
    const id = store.nextTemplateId++;
    store.templates.set(id, { id, name: b.name, records });
    return { id };
  },
  'GET /v1beta/dns/templates/{id}': ({ registry, param }) => {
    const t = dnsStore(registry).templates.get(templateId(param));
    if (!t) throw ERR.badRequest(`template ${param} not found`);
    return { id: t.id, name: t.name, is_spamexperts_enabled: false, records: t.records };
  },
  'DELETE /v1beta/dns/templates/{id}': ({ registry, param }) => {
    if (!dnsStore(registry).templates.delete(templateId(param))) throw ERR.badRequest(`template ${param} not found`);
    return { success: true };
  },
};

/** Route table rows (before the generic ones): the templates of paths with a {name} or {id}. */
export const DNS_ROUTE_PATTERNS: Array<{ method: string; template: string; re: RegExp }> = [
  { method: 'GET', template: '/v1beta/dns/zones', re: /^\/v1beta\/dns\/zones$/ },
  { method: 'POST', template: '/v1beta/dns/zones', re: /^\/v1beta\/dns\/zones$/ },
  { method: 'GET', template: '/v1beta/dns/zones/{name}/records', re: /^\/v1beta\/dns\/zones\/([^/]+)\/records$/ },
  { method: 'GET', template: '/v1beta/dns/zones/{name}', re: /^\/v1beta\/dns\/zones\/([^/]+)$/ },
  { method: 'PUT', template: '/v1beta/dns/zones/{name}', re: /^\/v1beta\/dns\/zones\/([^/]+)$/ },
  { method: 'DELETE', template: '/v1beta/dns/zones/{name}', re: /^\/v1beta\/dns\/zones\/([^/]+)$/ },
  { method: 'GET', template: '/v1beta/dns/templates', re: /^\/v1beta\/dns\/templates$/ },
  { method: 'POST', template: '/v1beta/dns/templates', re: /^\/v1beta\/dns\/templates$/ },
  { method: 'GET', template: '/v1beta/dns/templates/{id}', re: /^\/v1beta\/dns\/templates\/([^/]+)$/ },
  { method: 'DELETE', template: '/v1beta/dns/templates/{id}', re: /^\/v1beta\/dns\/templates\/([^/]+)$/ },
];
