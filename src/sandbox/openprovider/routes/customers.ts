import { formatOpenproviderDate } from '../../../registrars/openprovider/dates';
import { type Customer, ERR, OpenproviderRegistry, ZERO_DATE } from '../registry';
import { checkCustomerExtensionData } from '../additional-data';
import { SANDBOX_RESELLER_ID } from '../constants';
import type { RouteHandler } from './context';
import { type RouteInputs, fieldsOf } from './inputs';
import { createCustomerBody, parseBody, queryInt, updateCustomerBody } from '../schemas';

/** Customer routes (swagger customer*): list, create, get, update, and the customer's wire shape. */

/** The declared inputs each customer route acts on; the rest of its operation's inputs are refused (./inputs.ts). */
export const CUSTOMER_INPUTS: Record<string, RouteInputs> = {
  'GET /v1beta/customers': {
    query: [
      'limit',
      'offset',
      'email_pattern',
      'last_name_pattern',
      'first_name_pattern',
      'company_name_pattern',
      'handle_pattern',
    ],
  },
  'POST /v1beta/customers': { body: fieldsOf(createCustomerBody) },
  'GET /v1beta/customers/{handle}': {},
  'PUT /v1beta/customers/{handle}': { body: fieldsOf(updateCustomerBody) },
};

export const CUSTOMER_ROUTES: Record<string, RouteHandler> = {
  'GET /v1beta/customers': ({ registry: r, query }) => {
    return listCustomers(r, query);
  },
  'POST /v1beta/customers': ({ registry: r, body }) => {
    const b = parseBody(createCustomerBody, body);
    checkCustomerExtensionData(b.extension_additional_data ?? []);
    return { handle: r.createCustomer(b).handle };
  },
  'GET /v1beta/customers/{handle}': ({ registry: r, param }) => {
    const c = r.customer(param ?? '');
    if (!c) throw ERR.handleNotFound(param ?? '');
    return toWireCustomer(c);
  },
  'PUT /v1beta/customers/{handle}': ({ registry: r, param, body }) => {
    const b = parseBody(updateCustomerBody, body);
    checkCustomerExtensionData(b.extension_additional_data ?? []);
    r.updateCustomer(param ?? '', b as Record<string, unknown>);
    return { success: true };
  },
};

/** GET /customers: email/last/first/company/handle patterns ('*' wildcard), limit/offset, total. */
export function listCustomers(registry: OpenproviderRegistry, query: URLSearchParams): unknown {
  const limit = queryInt(query, 'limit', 100, 1, 1000);
  const offset = queryInt(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const matches = registry.searchCustomers({
    email: query.get('email_pattern') ?? undefined,
    lastName: query.get('last_name_pattern') ?? undefined,
    firstName: query.get('first_name_pattern') ?? undefined,
    companyName: query.get('company_name_pattern') ?? undefined,
    handle: query.get('handle_pattern') ?? undefined,
  });
  const page = matches.slice(offset, offset + limit);
  // As for domains, an empty search has no `results` (spec 2.1).
  return page.length > 0
    ? { total: matches.length, results: page.map((c) => toWireCustomer(c, 'list')) }
    : { total: matches.length };
}

/** GET /customers/{handle} shape, or (`list`) the list result shape, which has no vat or fax. */
export function toWireCustomer(c: Customer, shape: 'get' | 'list' = 'get'): Record<string, unknown> {
  const data = c.data as Record<string, unknown> & { name?: Record<string, string> };
  const name = data.name ?? {};
  const wire: Record<string, unknown> = {
    id: c.id,
    handle: c.handle,
    reseller_id: SANDBOX_RESELLER_ID,
    name: {
      first_name: name.first_name ?? '',
      last_name: name.last_name ?? '',
      initials: name.initials ?? '',
      prefix: name.prefix ?? '',
      full_name: name.full_name ?? `${name.first_name ?? ''} ${name.last_name ?? ''}`.trim(),
    },
    company_name: data.company_name ?? '',
    address: data.address,
    phone: data.phone,
    email: data.email,
    vat: data.vat ?? '',
    locale: data.locale ?? 'en_GB',
    comments: data.comments ?? '',
    tags: data.tags ?? [],
    is_deleted: false,
    deleted_at: ZERO_DATE,
    comments_last_changed_at: formatOpenproviderDate(c.createdAt),
    ...(Array.isArray(data.extension_additional_data)
      ? { extension_additional_data: data.extension_additional_data }
      : {}),
  };
  if (shape === 'list') delete wire.vat;
  else if (data.fax !== undefined) wire.fax = data.fax;
  return wire;
}
