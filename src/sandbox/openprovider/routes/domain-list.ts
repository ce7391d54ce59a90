import { joinDomainName } from '../../../registrars/openprovider/domain-name';
import { ERR, OpenproviderRegistry, type SandboxDomain, globToRegExp } from '../registry';
import { queryBool, queryInt } from '../schemas';

/** GET /domains (swagger ListDomains): the filters and orderings the sandbox acts on. */

/** order_by.<field>=asc|desc: the sort key of each field the operation declares. */
const ORDER_KEYS: Record<string, (d: SandboxDomain, r: OpenproviderRegistry) => string | number | undefined> = {
  id: (d) => d.id,
  domain_name: (d) => d.name,
  domain_extension: (d) => d.extension,
  order_date: (d) => d.orderDate.getTime(),
  active_date: (d) => d.activeDate?.getTime(),
  expiration_date: (d) => d.expiresAt?.getTime(),
  renewal_date: (d, r) => r.renewalDateOf(d)?.getTime(),
  status: (d) => d.status,
  // A transferred-in domain became active on the day its transfer completed.
  transfer_date: (d) => (d.type === 'TRANSFER' ? d.activeDate?.getTime() : undefined),
};

/** The query parameters listDomains acts on; the operation's others are refused (./inputs.ts). */
export const LIST_DOMAIN_QUERY: readonly string[] = [
  'limit',
  'offset',
  'id',
  'extension',
  'full_name',
  'domain_name_pattern',
  'status',
  'status_not_equal',
  'contact_handle',
  'is_deleted',
  'with_history',
  'with_registry_statuses',
  'with_additional_data',
  ...Object.keys(ORDER_KEYS).map((k) => `order_by.${k}`),
];

export function listDomains(registry: OpenproviderRegistry, query: URLSearchParams): unknown {
  const limit = queryInt(query, 'limit', 100, 1, 1000);
  const offset = queryInt(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const deleted = queryBool(query.get('is_deleted')) ?? false;
  const pattern = query.get('domain_name_pattern');
  const patternRe = pattern ? globToRegExp(pattern) : undefined;
  const extension = query.get('extension')?.toLowerCase();
  const fullName = query.get('full_name')?.toLowerCase();
  const status = query.get('status')?.toUpperCase();
  const excluded = query.getAll('status_not_equal').map((s) => s.toUpperCase());
  const handle = query.get('contact_handle')?.toUpperCase();
  const id = query.get('id');
  const orderBy = orderingOf(query);
  const matches = registry
    .all()
    .filter(
      (d) =>
        d.isDeleted === deleted &&
        (!patternRe || patternRe.test(d.name)) &&
        (!extension || d.extension === extension) &&
        (!fullName || joinDomainName(d) === fullName) &&
        (!status || d.status === status) &&
        !excluded.includes(d.status) &&
        (!handle || [d.ownerHandle, d.adminHandle, d.techHandle, d.billingHandle].includes(handle)) &&
        (!id || String(d.id) === id),
    );
  if (orderBy.length > 0) matches.sort((a, b) => compareBy(orderBy, a, b, registry));
  const page = matches.slice(offset, offset + limit);
  const options = {
    withHistory: queryBool(query.get('with_history')),
    withRegistryStatuses: queryBool(query.get('with_registry_statuses')),
    withAdditionalData: queryBool(query.get('with_additional_data')),
  };
  // Like the real API, an empty search has no `results` at all (spec 8).
  return page.length > 0
    ? { total: matches.length, results: page.map((d) => registry.wire(d, options)) }
    : { total: matches.length };
}

type Ordering = Array<{ field: string; desc: boolean }>;

/** order_by.* in the order given; a value other than asc/desc is refused, not ignored. */
function orderingOf(query: URLSearchParams): Ordering {
  const out: Ordering = [];
  for (const [key, value] of query) {
    if (!key.startsWith('order_by.')) continue;
    const field = key.slice('order_by.'.length);
    const direction = value.toLowerCase();
    if (!(field in ORDER_KEYS) || (direction !== 'asc' && direction !== 'desc'))
      throw ERR.badRequest(`query.${key}: must be asc or desc`);
    out.push({ field, desc: direction === 'desc' });
  }
  return out;
}

function compareBy(orderBy: Ordering, a: SandboxDomain, b: SandboxDomain, r: OpenproviderRegistry): number {
  for (const { field, desc } of orderBy) {
    const key = ORDER_KEYS[field]!;
    const x = key(a, r);
    const y = key(b, r);
    if (x === y) continue;
    // Missing dates sort first ascending, like an empty string would.
    const cmp = x === undefined ? -1 : y === undefined ? 1 : x < y ? -1 : 1;
    return desc ? -cmp : cmp;
  }
  return a.id - b.id;
}
