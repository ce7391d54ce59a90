import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import type { NameserverRecord } from '../registry/hosts';
import { parseBody, queryInt } from '../schemas';
import type { RouteHandler } from './context';
import { fieldsOf, type RouteInputs } from './inputs';

/** Name server (host) routes of dns.swagger.json: list, create, get, update, delete. */

const nameserverBody = z.object({
  name: z.string().min(1, 'must not be empty').optional(),
  ip: z.string().refine(isIPv4, 'must be an IPv4 address').optional(),
  ip6: z.string().refine(isIPv6, 'must be an IPv6 address').optional(),
});

/** nameserverNameserver: name, ip, ip6 (an address the host does not have is left out). */
function toWire(h: NameserverRecord): Record<string, string> {
  return { name: h.name, ...(h.ip ? { ip: h.ip } : {}), ...(h.ip6 ? { ip6: h.ip6 } : {}) };
}

const text = (query: URLSearchParams, name: string): string | undefined => query.get(name) || undefined;

/** What the routes honour of the declared inputs (./inputs.ts); order_by (id) is refused: the list is by name. */
export const NAMESERVER_INPUTS: Record<string, RouteInputs> = {
  'GET /v1beta/dns/nameservers': { query: ['name', 'ip', 'ip6', 'pattern', 'limit', 'offset', 'order'] },
  'POST /v1beta/dns/nameservers': { body: fieldsOf(nameserverBody) },
  'GET /v1beta/dns/nameservers/{name}': {},
  'PUT /v1beta/dns/nameservers/{name}': { body: fieldsOf(nameserverBody) },
  'DELETE /v1beta/dns/nameservers/{name}': {},
};

export const NAMESERVER_ROUTES: Record<string, RouteHandler> = {
  'GET /v1beta/dns/nameservers': ({ registry: r, query }) => {
    const limit = queryInt(query, 'limit', 100, 1, 1000);
    const offset = queryInt(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const order = query.get('order') === 'desc' ? -1 : 1;
    const matches = r.nameservers
      .list({
        name: text(query, 'name'),
        ip: text(query, 'ip'),
        ip6: text(query, 'ip6'),
        pattern: text(query, 'pattern'),
      })
      .sort((a, b) => (a.name < b.name ? -order : a.name > b.name ? order : 0));
    const page = matches.slice(offset, offset + limit);
    // As the other lists: nothing found has no `results`, only the total (spec 2.1).
    return page.length > 0 ? { total: matches.length, results: page.map(toWire) } : { total: matches.length };
  },
  'POST /v1beta/dns/nameservers': ({ registry: r, body, journal }) => {
    const b = parseBody(nameserverBody.required({ name: true }), body);
    const created = r.nameservers.create(b);
    journal.domain = created.domain;
    return toWire(created);
  },
  'GET /v1beta/dns/nameservers/{name}': ({ registry: r, param }) => {
    return toWire(r.nameservers.require(param ?? ''));
  },
  'PUT /v1beta/dns/nameservers/{name}': ({ registry: r, param, body, journal }) => {
    const b = parseBody(nameserverBody, body);
    const updated = r.nameservers.update(param ?? '', b);
    journal.domain = updated.domain;
    return { success: true };
  },
  'DELETE /v1beta/dns/nameservers/{name}': ({ registry: r, param, journal }) => {
    const found = r.nameservers.get(param ?? '');
    if (found) journal.domain = found.domain;
    r.nameservers.delete(param ?? '');
    return { success: true };
  },
};
