import { z } from 'zod';
import type { RegistrantIdentity, RegistrarChangePolicy } from '../../domain/registrant-change';
import { RegistrarRejectedError, RegistrarUnsupportedError } from '../errors';
import type { ContactInput } from '../registrar';
import type {
  PendingVerification,
  RegistrantChanger,
  TradeAnswer,
  TradeRequest,
  TradeStatusAnswer,
} from '../registrant-change';
import type { OpenproviderClient } from './client';
import { fromCustomer } from './customer';
import { joinDomainName, splitDomainName } from './domain-name';
import { extensionDataOf, mergeExtensionData, planExtensionData, type ExtensionDataPlan } from './extension-data';
import { customerSchema, domainObjectSchema, listDomainsDataSchema, updateDataSchema } from './wire';

const REGISTRAR = 'openprovider';
/** GET /domains/{id} fields on owner changes (swagger domainGetDomainResponseData) */
const ownerFieldsSchema = domainObjectSchema.extend({
  modify_owner_allowed: z.boolean().nullish(),
  trade_allowed: z.boolean().nullish(),
  trade_auth_code_required: z.string().nullish(),
  auth_code: z.string().nullish(),
  admin_handle: z.string().nullish(),
  tech_handle: z.string().nullish(),
  billing_handle: z.string().nullish(),
  additional_data: z.record(z.string(), z.unknown()).nullish(),
});
type OwnerFields = z.infer<typeof ownerFieldsSchema>;
const tradeDataSchema = z.looseObject({ status: z.string().nullish() });
const PENDING = new Set(['REQ', 'PEN', 'SCH']);

/**
 * Changes of owner over Openprovider (spec 3.7, 3.12): the owner handle is swapped by
 * PUT /domains/{id} where the domain allows it (modify_owner_allowed), else POST /domains/trade.
 * Openprovider runs ICANN's confirmation mails itself, so there is nothing to resend or poll for it.
 */
export class OpenproviderRegistrantChanger implements RegistrantChanger {
  constructor(private readonly client: OpenproviderClient) {}

  async queryRegistrantChangePolicy(domain: string): Promise<RegistrarChangePolicy> {
    const d = await this.domain(domain, 'queryRegistrantChangePolicy');
    if (d.modify_owner_allowed === true) {
      return { zonePolicy: 'UPDATE', source: 'modify_owner_allowed=true: the owner handle is changed by an update' };
    }
    if (d.modify_owner_allowed === false && d.trade_allowed === true) {
      return {
        zonePolicy: 'TRADE',
        source: 'modify_owner_allowed=false, trade_allowed=true: owner changes need a trade',
      };
    }
    return {};
  }

  async currentRegistrant(domain: string): Promise<RegistrantIdentity> {
    const operation = 'currentRegistrant';
    const d = await this.domain(domain, operation);
    if (!d.owner_handle) throw this.rejected(operation, `${domain} has no owner_handle`);
    const customer = await this.client.call('GET', `/customers/${encodeURIComponent(d.owner_handle)}`, customerSchema, {
      operation: `${operation}: GET /customers/{handle}`,
    });
    const { firstName, lastName, organisation, email } = fromCustomer(customer.data);
    return { firstName, lastName, email, ...(organisation ? { organisation } : {}) };
  }

  /** Once: a domain whose owner already is the new handle is reported as completed without a call. */
  async tradeDomain(request: TradeRequest): Promise<TradeAnswer> {
    const operation = 'tradeDomain';
    const handle = this.handleOf(request.registrant, operation);
    const d = await this.domain(request.domain, operation);
    if (PENDING.has(d.status)) return { state: 'pending', alreadyRequested: true, registrarStatus: d.status };
    if ((d.owner_handle ?? '').toUpperCase() === handle.toUpperCase()) {
      return { state: 'completed', alreadyRequested: true, registrarStatus: d.status };
    }
    const body: Record<string, unknown> = {
      domain: splitDomainName(request.domain),
      owner_handle: handle,
      admin_handle: d.admin_handle ?? undefined,
      tech_handle: d.tech_handle ?? undefined,
      billing_handle: d.billing_handle ?? undefined,
    };
    if (d.trade_auth_code_required === 'yes' && d.auth_code) body.auth_code = d.auth_code;
    const additionalData = await this.extensionData(request.domain, handle, request.extras, 'trade', operation);
    if (Object.keys(additionalData).length > 0) body.additional_data = additionalData;
    const traded = await this.client.call('POST', '/domains/trade', tradeDataSchema, {
      operation: `${operation}: POST /domains/trade`,
      body,
    });
    const status = traded.data.status ?? '';
    return { state: PENDING.has(status) ? 'pending' : 'completed', alreadyRequested: false, registrarStatus: status };
  }

  async tradeStatus(domain: string): Promise<TradeStatusAnswer> {
    const d = await this.find(domain, 'tradeStatus');
    if (!d) return { state: 'none', registrarStatus: 'NOT-IN-ACCOUNT' };
    if (PENDING.has(d.status)) return { state: 'pending', registrarStatus: d.status };
    if (d.status === 'ACT') return { state: 'completed', registrarStatus: d.status };
    return { state: 'failed', registrarStatus: d.status, reason: d.comments || `status ${d.status}` };
  }

  async pendingVerification(): Promise<PendingVerification | undefined> {
    return undefined;
  }

  resendConfirmation(): Promise<void> {
    return Promise.reject(new RegistrarUnsupportedError(REGISTRAR, 'resending the registrant confirmation'));
  }

  cancelTrade(): Promise<void> {
    return Promise.reject(new RegistrarUnsupportedError(REGISTRAR, 'cancelling a trade'));
  }

  async updateOwner(request: {
    domain: string;
    registrant: ContactInput;
    extras: Record<string, string>;
  }): Promise<void> {
    const operation = 'updateOwner';
    const handle = this.handleOf(request.registrant, operation);
    const d = await this.domain(request.domain, operation, true);
    const body: Record<string, unknown> = { owner_handle: handle };
    const additionalData = await this.extensionData(request.domain, handle, request.extras, 'update', operation, {
      ...d.additional_data,
    });
    if (Object.keys(additionalData).length > 0) body.additional_data = additionalData;
    await this.client.call('PUT', `/domains/${d.id}`, updateDataSchema, {
      operation: `${operation}: PUT /domains/{id}`,
      body,
    });
  }

  /**
   * The TLD extras placed where Openprovider's additional-data lists put them (./extension-data):
   * customer-level fields (.it registrant data, the .se ID number) are written to the new owner's
   * handle (GET, then PUT /customers/{handle} only when something differs, other extensions' entries
   * kept); the domain-level ones are returned for the request's additional_data. An update never
   * sends a field UpdateDomainRequest lacks (.ca legal_type): it must already be the domain's.
   */
  private async extensionData(
    domain: string,
    handle: string,
    extras: Record<string, string>,
    kind: 'trade' | 'update',
    operation: string,
    currentDomainData?: Record<string, unknown>,
  ): Promise<Record<string, string>> {
    if (!Object.values(extras).some((v) => v !== '')) return {};
    const owner = await this.client.call('GET', `/customers/${encodeURIComponent(handle)}`, customerSchema, {
      operation: `${operation}: GET /customers/{handle}`,
    });
    const entries = (owner.data as Record<string, unknown>).extension_additional_data;
    const extension = domain.slice(domain.lastIndexOf('.') + 1);
    const plan: ExtensionDataPlan = await planExtensionData(
      this.client,
      {
        domain,
        extras,
        operation: kind,
        ownerIsOrganisation: (owner.data.company_name ?? '').trim() !== '',
        ownerData: extensionDataOf(entries, extension),
        ...(currentDomainData ? { currentDomainData } : {}),
      },
      operation,
    );
    if (Object.keys(plan.customerData).length > 0) {
      const merged = mergeExtensionData(entries, plan.extension, plan.customerData);
      if (merged.changed) {
        await this.client.call('PUT', `/customers/${encodeURIComponent(handle)}`, z.unknown(), {
          operation: `${operation}: PUT /customers/{handle}`,
          body: { extension_additional_data: merged.entries },
        });
      }
    }
    return plan.additionalData;
  }

  private handleOf(input: ContactInput, operation: string): string {
    if (!('handle' in input) || input.handle.trim() === '') {
      throw this.rejected(operation, 'the new owner must be an Openprovider handle (call ensureContact first)');
    }
    return input.handle.trim();
  }

  private async find(domain: string, operation: string, withAdditionalData = false): Promise<OwnerFields | undefined> {
    const full = joinDomainName(splitDomainName(domain));
    const list = await this.client.call('GET', '/domains', listDomainsDataSchema, {
      operation: `${operation}: GET /domains`,
      query: { full_name: full, limit: 100 },
    });
    const found = (list.data.results ?? [])
      .filter((d) => d.is_deleted !== true && joinDomainName(d.domain) === full)
      .sort((a, b) => b.id - a.id)[0];
    if (!found) return undefined;
    const record = await this.client.call('GET', `/domains/${found.id}`, ownerFieldsSchema, {
      operation: `${operation}: GET /domains/{id}`,
      ...(withAdditionalData ? { query: { with_additional_data: true } } : {}),
    });
    return record.data;
  }

  private async domain(domain: string, operation: string, withAdditionalData = false): Promise<OwnerFields> {
    const found = await this.find(domain, operation, withAdditionalData);
    if (!found)
      throw new RegistrarRejectedError(`${operation}: ${domain} is not in this Openprovider account`, {
        registrar: REGISTRAR,
        operation,
        code: '320',
      });
    return found;
  }

  private rejected(operation: string, message: string): RegistrarRejectedError {
    return new RegistrarRejectedError(`${operation}: ${message}`, { registrar: REGISTRAR, operation });
  }
}
