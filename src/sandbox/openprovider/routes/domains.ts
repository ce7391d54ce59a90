import { joinDomainName } from '../../../registrars/openprovider/domain-name';
import { ERR, quotePrice, tldPrice } from '../registry';
import { checkOwnerExtensionData, checkTradeAdditionalData, checkUpdateFields } from '../additional-data';
import { checkOwnerSwapRules } from '../registry/tld-rules';
import type { RouteHandler } from './context';
import { applyDnssec, parseDnssecFields } from '../dnssec';
import { type RouteInputs, fieldsOf } from './inputs';
import { LIST_DOMAIN_QUERY, listDomains } from './domain-list';
import { checkAutorenew, checkBodyTarget, handlesOf, normaliseWireDomain, parseId } from './params';
import {
  checkBody,
  createBody,
  monthsOf,
  parseBody,
  queryBool,
  queryInt,
  renewBody,
  restoreBody,
  tradeBody,
  transferBody,
  updateBody,
} from '../schemas';

/** The declared inputs each domain route acts on; the rest of its operation's inputs are refused (./inputs.ts). */
export const DOMAIN_INPUTS: Record<string, RouteInputs> = {
  'GET /v1beta/domains': { query: LIST_DOMAIN_QUERY },
  'GET /v1beta/domains/prices': { query: ['domain.name', 'domain.extension', 'operation', 'period'] },
  'POST /v1beta/domains/check': { body: fieldsOf(checkBody) },
  // dnssec_keys / is_dnssec_enabled: parsed and applied by ../dnssec.ts on create and update only.
  'POST /v1beta/domains': { body: [...fieldsOf(createBody), 'dnssec_keys', 'is_dnssec_enabled'] },
  'POST /v1beta/domains/transfer': { body: fieldsOf(transferBody) },
  'POST /v1beta/domains/trade': { body: fieldsOf(tradeBody) },
  'GET /v1beta/domains/{id}': {
    query: ['with_history', 'with_registry_statuses', 'with_additional_data', 'is_deleted'],
  },
  'PUT /v1beta/domains/{id}': { body: [...fieldsOf(updateBody), 'dnssec_keys', 'is_dnssec_enabled'] },
  'DELETE /v1beta/domains/{id}': {},
  'POST /v1beta/domains/{id}/renew': { body: fieldsOf(renewBody) },
  'POST /v1beta/domains/{id}/restore': { body: fieldsOf(restoreBody) },
};

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
          // The extension's create price (registry/prices.ts); a premium name's is under `premium`.
          const price = tldPrice(r, result.domain.slice(result.domain.indexOf('.') + 1), 'create', 1);
          row.price = { product: price, reseller: price };
          if (premium) row.premium = { currency: premium.currency, price: { create: premium.price } };
        }
        return row;
      }),
    };
  },
  'POST /v1beta/domains': ({ registry: r, body }) => {
    const b = parseBody(createBody, body);
    const dnssec = parseDnssecFields(body);
    monthsOf(b.period ?? 1, b.unit ?? 'y');
    const d = r.create({
      domain: normaliseWireDomain(b.domain),
      period: b.period ?? 1,
      unit: b.unit,
      handles: handlesOf(b) as { owner: string },
      nameservers: (b.name_servers ?? []).map((ns) => ns.name),
      autorenew: checkAutorenew(b.autorenew),
      isPrivateWhoisEnabled: b.is_private_whois_enabled,
      additionalData: b.additional_data,
      acceptPremiumFee: b.accept_premium_fee,
      comments: b.comments,
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
  'GET /v1beta/domains/prices': ({ registry: r, query }) => {
    const name = query.get('domain.name') ?? '';
    const extension = query.get('domain.extension') ?? '';
    if (name === '' || extension === '') throw ERR.badRequest('query.domain.name and query.domain.extension: required');
    const domain = normaliseWireDomain({ name, extension });
    const years = queryInt(query, 'period', 1, 1, 10);
    const quote = quotePrice(r, domain, (query.get('operation') ?? 'create').toLowerCase(), years);
    const price = { currency: quote.currency, price: quote.price };
    return { is_premium: quote.isPremium, is_promotion: false, price: { product: price, reseller: price } };
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
      additionalData: b.additional_data,
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
    // Where the registry wants the domain's auth code for a trade, a wrong one is refused, not ignored.
    const current = r.byName(joinDomainName(domain));
    if (b.auth_code !== undefined && current && b.auth_code !== current.authCode) throw ERR.wrongAuthCode();
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
    if (existing) checkBodyTarget(existing, b);
    const handles = handlesOf(b);
    // An owner swap: the new handle must hold what the TLD requires of a registrant (.us nexus, .eu citizenship).
    if (existing && handles.owner && handles.owner.toUpperCase() !== existing.ownerHandle.toUpperCase())
      checkOwnerSwapRules(existing.extension, handles.owner, r.customer(handles.owner)?.data);
    const d = r.update(id, {
      nameservers: b.name_servers?.map((ns) => ns.name),
      removeNameservers: b.remove_nses,
      isLocked: b.is_locked,
      autorenew: b.autorenew,
      isPrivateWhoisEnabled: b.is_private_whois_enabled,
      handles,
      resetAuthCode: b.reset_auth_code,
      additionalData: b.additional_data,
      comments: b.comments,
    });
    applyDnssec(d, dnssec);
    return { id: d.id, status: d.status };
  },
  'DELETE /v1beta/domains/{id}': ({ registry: r, param, journal }) => {
    const id = parseId(param);
    const existing = r.byId(id);
    if (existing) journal.domain = joinDomainName(existing);
    // A transfer-out waiting for our answer (./management) blocks a deletion, as at the registry.
    if (existing && r.transfersOut.get(joinDomainName(existing))) throw ERR.prohibited();
    const d = r.delete(id);
    return { status: d.status };
  },
  'POST /v1beta/domains/{id}/renew': ({ registry: r, param, body, journal }) => {
    const id = parseId(param);
    const existing = r.byId(id);
    if (existing) journal.domain = joinDomainName(existing);
    const b = parseBody(renewBody, body ?? {});
    if (existing) checkBodyTarget(existing, b);
    const d = r.renew(id, b.period ?? 1);
    return { status: d.status };
  },
  'POST /v1beta/domains/{id}/restore': ({ registry: r, param, body, journal }) => {
    const id = parseId(param);
    const existing = r.byIdIncludingDeleted(id);
    if (existing) journal.domain = joinDomainName(existing);
    const b = parseBody(restoreBody, body ?? {});
    if (existing) checkBodyTarget(existing, b);
    const d = r.restore(id);
    return { status: d.status };
  },
};
