import { joinDomainName } from '../../../registrars/openprovider/domain-name';
import { ERR, OpenproviderRegistry, globToRegExp } from '../registry';
import { checkOwnerExtensionData, checkTradeAdditionalData, checkUpdateFields } from '../additional-data';
import type { RouteHandler } from './context';
import { applyDnssec, parseDnssecFields } from '../dnssec';
import { checkAutorenew, handlesOf, normaliseWireDomain, parseId } from './params';
import {
  checkBody,
  createBody,
  parseBody,
  queryBool,
  queryInt,
  renewBody,
  restoreBody,
  tradeBody,
  transferBody,
  updateBody,
} from '../schemas';

/** Domain routes (swagger domain*): list, check, create, transfer, trade, get, update, delete, renew, restore. */

export const DOMAIN_ROUTES: Record<string, RouteHandler> = {
  'GET /v1beta/domains': ({ registry: r, query }) => {
    return listDomains(r, query);
  },
  'POST /v1beta/domains/check': ({ registry: r, body }) => {
    const b = parseBody(checkBody, body);
    return {
      results: b.domains.map((d) => {
        const { premium, ...result } = r.check(normaliseWireDomain(d));
        const row: Record<string, unknown> = { ...result, is_premium: premium !== undefined };
        if (b.with_price) {
          row.price = {
            product: { currency: 'EUR', price: 9.5 },
            reseller: { currency: 'EUR', price: 9.5 },
          };
          if (premium) row.premium = { currency: premium.currency, price: { create: premium.price } };
        }
        return row;
      }),
    };
  },
  'POST /v1beta/domains': ({ registry: r, body }) => {
    const b = parseBody(createBody, body);
    const dnssec = parseDnssecFields(body);
    const d = r.create({
      domain: normaliseWireDomain(b.domain),
      period: b.period ?? 1,
      handles: handlesOf(b) as { owner: string },
      nameservers: (b.name_servers ?? []).map((ns) => ns.name),
      autorenew: checkAutorenew(b.autorenew),
      isPrivateWhoisEnabled: b.is_private_whois_enabled,
      additionalData: b.additional_data,
      acceptPremiumFee: b.accept_premium_fee,
    });
    applyDnssec(d, dnssec);
    const wire = r.wire(d);
    // Realtime registrations carry their dates; a requested one (REQ) has none yet (spec 3.2).
    return d.status === 'ACT'
      ? {
          id: d.id,
          status: d.status,
          auth_code: d.authCode,
          activation_date: wire.active_date,
          expiration_date: wire.expiration_date,
          renewal_date: wire.renewal_date,
        }
      : { id: d.id, status: d.status };
  },
  'POST /v1beta/domains/transfer': ({ registry: r, body }) => {
    const b = parseBody(transferBody, body);
    let at: Date | undefined;
    if (b.at) {
      at = new Date(b.at.replace(' ', 'T'));
      if (Number.isNaN(at.getTime())) throw ERR.badRequest('body.at: not a date');
    }
    const d = r.transfer({
      domain: normaliseWireDomain(b.domain),
      authCode: b.auth_code ?? '',
      handles: handlesOf(b) as { owner: string },
      nameservers: b.name_servers?.map((ns) => ns.name),
      at,
      autorenew: checkAutorenew(b.autorenew),
    });
    return { id: d.id, status: d.status, auth_code: d.authCode };
  },
  'POST /v1beta/domains/trade': ({ registry: r, body, journal }) => {
    const b = parseBody(tradeBody, body);
    const domain = normaliseWireDomain(b.domain);
    journal.domain = joinDomainName(domain);
    checkTradeAdditionalData(domain.extension, b.additional_data ?? {});
    const owner = r.customer(b.owner_handle);
    if (owner) checkOwnerExtensionData(domain.extension, b.owner_handle, owner.data);
    const d = r.trade({
      domain,
      handles: handlesOf(b) as { owner: string },
      additionalData: b.additional_data,
    });
    const wire = r.wire(d);
    return {
      creation_date: wire.creation_date,
      expiration_date: wire.expiration_date,
      renewal_date: wire.renewal_date,
      status: d.status,
    };
  },
  'GET /v1beta/domains/{id}': ({ registry: r, param, query, journal }) => {
    const id = parseId(param);
    const d = queryBool(query.get('is_deleted')) ? r.byIdIncludingDeleted(id) : r.byId(id);
    if (!d) throw ERR.notInAccount();
    journal.domain = joinDomainName(d);
    return r.wire(d, {
      withHistory: queryBool(query.get('with_history')),
      withRegistryStatuses: queryBool(query.get('with_registry_statuses')),
      withAdditionalData: queryBool(query.get('with_additional_data')),
    });
  },
  'PUT /v1beta/domains/{id}': ({ registry: r, param, body, journal }) => {
    const id = parseId(param);
    const existing = r.byId(id);
    if (existing) journal.domain = joinDomainName(existing);
    checkUpdateFields(body);
    const b = parseBody(updateBody, body);
    const dnssec = parseDnssecFields(body);
    const handles = handlesOf(b);
    const d = r.update(id, {
      nameservers: b.name_servers?.map((ns) => ns.name),
      removeNameservers: b.remove_nses,
      isLocked: b.is_locked,
      autorenew: b.autorenew,
      isPrivateWhoisEnabled: b.is_private_whois_enabled,
      handles,
    });
    applyDnssec(d, dnssec);
    return { id: d.id, status: d.status };
  },
  'DELETE /v1beta/domains/{id}': ({ registry: r, param, journal }) => {
    const id = parseId(param);
    const existing = r.byId(id);
    if (existing) journal.domain = joinDomainName(existing);
    const d = r.delete(id);
    return { status: d.status };
  },
  'POST /v1beta/domains/{id}/renew': ({ registry: r, param, body, journal }) => {
    const id = parseId(param);
    const existing = r.byId(id);
    if (existing) journal.domain = joinDomainName(existing);
    const b = parseBody(renewBody, body ?? {});
    const d = r.renew(id, b.period ?? 1);
    return { status: d.status };
  },
  'POST /v1beta/domains/{id}/restore': ({ registry: r, param, body, journal }) => {
    const id = parseId(param);
    const existing = r.byIdIncludingDeleted(id);
    if (existing) journal.domain = joinDomainName(existing);
    parseBody(restoreBody, body ?? {});
    const d = r.restore(id);
    return { status: d.status };
  },
};

export function listDomains(registry: OpenproviderRegistry, query: URLSearchParams): unknown {
  const limit = queryInt(query, 'limit', 100, 1, 1000);
  const offset = queryInt(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const deleted = queryBool(query.get('is_deleted')) ?? false;
  const pattern = query.get('domain_name_pattern');
  const patternRe = pattern ? globToRegExp(pattern) : undefined;
  const extension = query.get('extension')?.toLowerCase();
  const fullName = query.get('full_name')?.toLowerCase();
  const status = query.get('status')?.toUpperCase();
  const id = query.get('id');
  const matches = registry
    .all()
    .filter(
      (d) =>
        d.isDeleted === deleted &&
        (!patternRe || patternRe.test(d.name)) &&
        (!extension || d.extension === extension) &&
        (!fullName || joinDomainName(d) === fullName) &&
        (!status || d.status === status) &&
        (!id || String(d.id) === id),
    );
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
