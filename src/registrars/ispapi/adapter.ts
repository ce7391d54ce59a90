import type { Contact } from '../../domain/contact';
import { tldPolicy } from '../../domain/tld-policy';
import { RegistrarRejectedError, RegistrarUnsupportedError } from '../errors';
import type {
  Availability,
  ContactInput,
  DomainInfo,
  RegisterRequest,
  RegisterResult,
  Registrar,
  RegistrarCapabilities,
  TransferCheck,
  TransferRequest,
  TransferRequestResult,
  TransferStatus,
} from '../registrar';
import { IspapiClient } from './client';
import { maskCommandText } from './codes';
import { firstRow, type CommandRecord, type CommandValue, type IspapiResponse } from './wire';

/** ISPAPI dates are UTC without a marker; the "never" date is all zeros. */
export function ispapiDateToIso(value: string | undefined): string | undefined {
  if (!value || value.startsWith('0000-00-00')) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(value.trim());
  if (!match) return undefined;
  const date = new Date(`${match[1]}T${match[2]}Z`);
  if (Number.isNaN(date.getTime()) || date.getTime() <= 0) return undefined;
  return date.toISOString();
}

const count = (response: IspapiResponse): number => Number(response.properties.COUNT?.[0] ?? '0');

/** CheckDomains takes many names; the modules send 25 at a time. */
const CHECK_CHUNK = 25;
const PRIVACY_KEY = 'X-ACCEPT-WHOISTRUSTEE-TAC';

/** One CheckDomains row (spec 2.1) as the modules read it. */
export function availabilityFromCheck(
  domain: string,
  row: { check?: string; reason?: string; cls?: string; channel?: string; price?: string; currency?: string },
): Availability {
  const check = (row.check ?? '').trim();
  const code = check.slice(0, 3);
  const text = check.slice(3).trim();
  const reasonText = (row.reason ?? '').trim();
  const reason = reasonText || text || undefined;
  const cls = (row.cls ?? '').trim();
  const base = reason === undefined ? { domain } : { domain, reason };
  if (code === '210') return { ...base, status: 'available' };
  if (code === '211') {
    if (/block/i.test(reasonText)) return { ...base, status: 'taken' };
    if (/^Collision Domain name available \{/i.test(text)) return { ...base, status: 'reserved' };
    if ((row.channel ?? '').trim() !== '' || /^PREMIUM/i.test(cls)) {
      const amount = (row.price ?? '').trim();
      const currency = (row.currency ?? '').trim();
      return amount && currency
        ? { ...base, status: 'premium', premiumPrice: { amount, currency } }
        : { ...base, status: 'premium' };
    }
    if (cls !== '' && /reserved/i.test(reasonText)) return { ...base, status: 'reserved' };
    return { ...base, status: 'taken' };
  }
  if (code === '549') return { ...base, status: 'unsupported' };
  return { ...base, status: 'unknown' };
}

/** A Contact as the API's inline sub-keys (spec 1.2): address lines joined with " , ". */
export function inlineContact(contact: Contact): CommandRecord {
  return {
    FIRSTNAME: contact.firstName,
    LASTNAME: contact.lastName,
    ORGANIZATION: contact.organisation || undefined,
    STREET: contact.street.join(' , '),
    CITY: contact.city,
    STATE: contact.state || undefined,
    ZIP: contact.postalCode,
    COUNTRY: contact.countryCode,
    PHONE: contact.phone,
    FAX: contact.fax || undefined,
    EMAIL: contact.email,
  };
}

function contactParam(input: ContactInput): CommandValue[] {
  return ['handle' in input ? input.handle : inlineContact(input.contact)];
}

const hasStatus = (statuses: string[], ...words: string[]): boolean =>
  statuses.some((s) => words.includes(s.toUpperCase()));

/** active: STATUS has ACTIVE; pending: created later by the registry; other: anything else. */
function domainState(statuses: string[]): DomainInfo['state'] {
  if (hasStatus(statuses, 'REQUESTEDCREATE', 'PENDINGCREATE')) return 'pending';
  if (hasStatus(statuses, 'ACTIVE')) return 'active';
  return 'other';
}

/**
 * The Registrar interface over ISPAPI. The transfer outcome is read the way the reseller module's
 * TransferSync does (spec 3.1): a pending transfer object, else the object log and the domain.
 */
export class IspapiRegistrar implements Registrar {
  readonly name = 'ispapi' as const;
  readonly capabilities: RegistrarCapabilities = {
    transfer: true,
    transferLock: true,
    register: true,
    // ISPAPI takes contacts inline and keeps its own handles: nothing to create beforehand.
    contactHandles: false,
    privacy: true,
  };

  constructor(private readonly client: IspapiClient) {}

  async checkTransfer(domain: string, authCode: string): Promise<TransferCheck> {
    const response = await this.client.send({ COMMAND: 'CheckDomainTransfer', DOMAIN: domain, AUTH: authCode });
    if (response.code === 218) return { possible: true };
    if (response.code === 219 || response.code === 540) {
      const row = firstRow(response);
      const authValue = (row.AUTHISVALID ?? '').toUpperCase();
      return {
        possible: false,
        reason: response.description,
        authInvalid: authValue === 'NO' || authValue === '0' || /WRONG AUTH/i.test(response.description),
        locked: row.TRANSFERLOCK === '1' || /clientTransferProhibited/i.test(response.description),
      };
    }
    IspapiClient.assertOk('CheckDomainTransfer', response);
    // A 2xx other than 218 is not an answer we know: do not guess that the transfer is possible.
    return { possible: false, reason: `${response.code} ${response.description}` };
  }

  async requestTransfer(request: TransferRequest): Promise<TransferRequestResult> {
    // A retried request may follow one whose answer was lost: never send a second TransferDomain.
    if (await this.transferPending(request.domain)) return { alreadyPending: true };
    const response = await this.client.send({
      COMMAND: 'TransferDomain',
      DOMAIN: request.domain,
      AUTH: request.authCode,
      PERIOD: request.periodYears,
      NAMESERVER: request.nameservers,
    });
    // 553: pending already; 540: already in this account, i.e. our earlier request went through.
    if (response.code === 553 || response.code === 540) return { alreadyPending: true };
    IspapiClient.assertOk('TransferDomain', response);
    return { alreadyPending: false };
  }

  private async transferPending(domain: string): Promise<IspapiResponse | undefined> {
    const response = await this.client.send({ COMMAND: 'StatusDomainTransfer', DOMAIN: domain });
    if (response.code === 545) return undefined;
    IspapiClient.assertOk('StatusDomainTransfer', response);
    return response;
  }

  async getTransferStatus(domain: string): Promise<TransferStatus> {
    const pending = await this.transferPending(domain);
    if (pending) return { state: 'pending', registrarStatus: firstRow(pending).TRANSFERSTATUS ?? 'PENDING' };

    const request = await this.client.call({
      COMMAND: 'QueryObjectLogList',
      OBJECTCLASS: 'DOMAIN',
      OBJECTID: domain,
      OPERATIONTYPE: 'TRANSFER',
      OPERATIONSTATUS: 'REQUEST',
      ORDERBY: 'LOGDATEDESC',
      USERDEPTH: 'SELF',
      LIMIT: 1,
    });
    if (count(request) === 0) return { state: 'pending', registrarStatus: 'NO-REQUEST-LOGGED' };
    const requestedAt = firstRow(request).LOGDATE;

    if (await this.getDomain(domain)) return { state: 'completed', registrarStatus: 'ACTIVE' };

    const failed = await this.client.call({
      COMMAND: 'QueryObjectLogList',
      OBJECTCLASS: 'DOMAIN',
      OBJECTID: domain,
      OPERATIONTYPE: 'INBOUND_TRANSFER',
      OPERATIONSTATUS: 'FAILED',
      MINDATE: requestedAt,
      ORDERBY: 'LOGDATEDESC',
      USERDEPTH: 'SELF',
      LIMIT: 1,
    });
    if (count(failed) === 0) return { state: 'pending', registrarStatus: 'UNKNOWN' };
    return { state: 'failed', registrarStatus: 'FAILED', reason: await this.failureReason(firstRow(failed).LOGINDEX) };
  }

  /** The object log holds the registry's answer; keep it readable and free of secrets. */
  private async failureReason(logIndex: string | undefined): Promise<string> {
    if (!logIndex) return 'Transfer failed';
    const log = await this.client.send({ COMMAND: 'StatusObjectLog', LOGINDEX: logIndex });
    if (log.code !== 200) return 'Transfer failed';
    const lines = (log.properties.OPERATIONINFO ?? [])
      .map((line) => maskCommandText(line.trim()))
      .filter((line) => line !== '' && !/^\[(HEADER|COMMAND|RESPONSE)\]$/.test(line) && line !== 'EOF');
    const explained = lines.find(
      (line) => /^(REASON|DESCRIPTION)=/i.test(line) && !/completed successfully/i.test(line),
    );
    const detail = explained ? explained.replace(/^[A-Z]+=/i, '') : lines.join('; ');
    return detail ? `Transfer failed: ${detail}` : 'Transfer failed';
  }

  async getDomain(domain: string): Promise<DomainInfo | null> {
    return (await this.statusDomain(domain))?.info ?? null;
  }

  /** StatusDomain read once: the neutral view plus the renewal mode, which only register needs. */
  private async statusDomain(domain: string): Promise<{ info: DomainInfo; renewalMode?: string } | null> {
    const response = await this.client.send({ COMMAND: 'StatusDomain', DOMAIN: domain });
    // 545: not found; 531: not ours any more. Either way the domain is not in this account.
    if (response.code === 545 || (response.code === 531 && !/ACL/i.test(response.description))) return null;
    IspapiClient.assertOk('StatusDomain', response);
    const row = firstRow(response);
    const lock = row.TRANSFERLOCK;
    const privacy = row[PRIVACY_KEY];
    const statuses = (response.properties.STATUS ?? []).filter((s) => s !== '');
    const info: DomainInfo = {
      domain,
      state: domainState(statuses),
      statuses,
      nameservers: (response.properties.NAMESERVER ?? []).filter((ns) => ns !== ''),
      transferLock: lock === '1' ? true : lock === '0' ? false : undefined,
      expiresAt: ispapiDateToIso(row.EXPIRATIONDATE ?? row.REGISTRATIONEXPIRATIONDATE),
      privacy: privacy === '1' ? true : privacy === '0' ? false : undefined,
    };
    if (row.ROID) info.reference = row.ROID;
    return { info, renewalMode: row.RENEWALMODE?.toUpperCase() };
  }

  async checkAvailability(domains: string[]): Promise<Availability[]> {
    const out: Availability[] = [];
    for (let start = 0; start < domains.length; start += CHECK_CHUNK) {
      const chunk = domains.slice(start, start + CHECK_CHUNK);
      const response = await this.client.call({ COMMAND: 'CheckDomains', DOMAIN: chunk, PREMIUMCHANNELS: '*' });
      const column = (name: string, i: number): string | undefined => response.properties[name]?.[i];
      chunk.forEach((domain, i) => {
        out.push(
          availabilityFromCheck(domain, {
            check: column('DOMAINCHECK', i),
            reason: column('REASON', i),
            cls: column('CLASS', i),
            channel: column('PREMIUMCHANNEL', i),
            price: column('PRICE', i),
            currency: column('CURRENCY', i),
          }),
        );
      });
    }
    return out;
  }

  ensureContact(): Promise<{ handle: string; reused: boolean }> {
    return Promise.reject(new RegistrarUnsupportedError('ispapi', 'contact handles'));
  }

  async register(request: RegisterRequest): Promise<RegisterResult> {
    const { domain } = request;
    // A retried activity may follow an attempt whose answer was lost: never order twice.
    const existing = await this.statusDomain(domain);
    if (existing) {
      const result = this.alreadyRegistered(existing.info);
      await this.ensureAutoExpire(domain, existing.renewalMode);
      return result;
    }

    const command: CommandRecord = {
      DOMAIN: domain,
      PERIOD: request.periodYears,
      NAMESERVER: request.nameservers && request.nameservers.length > 0 ? request.nameservers : undefined,
      OWNERCONTACT: contactParam(request.contacts.owner),
      ADMINCONTACT: contactParam(request.contacts.admin),
      TECHCONTACT: contactParam(request.contacts.tech),
      BILLINGCONTACT: contactParam(request.contacts.billing),
      ...this.extrasFor(domain, request.extras),
    };

    const premiumClass = request.premiumPrice ? await this.premiumClass(domain) : undefined;
    if (request.premiumPrice && premiumClass) {
      // Spec 2.2: the premium variant, at the accepted price (the registry refuses another one).
      // It takes no RENEWALMODE / lock / privacy: the renewal mode is set right after.
      const response = await this.client.call({
        COMMAND: 'AddDomainApplication',
        CLASS: premiumClass,
        ...command,
        PRICE: request.premiumPrice.amount,
        CURRENCY: request.premiumPrice.currency,
      });
      const created = await this.createdDomain(domain);
      return {
        state: created?.info.state === 'active' ? 'active' : 'pending',
        alreadyRegistered: false,
        expiresAt: created?.info.expiresAt,
        reference: created?.info.reference ?? firstRow(response).APPLICATION,
      };
    }

    // RENEWALMODE=AUTOEXPIRE always: this engine renews; an account default of AUTORENEW would
    // renew a second time (spec 4, "double renewal").
    const response = await this.client.call({ COMMAND: 'AddDomain', ...command, RENEWALMODE: 'AUTOEXPIRE' });
    const statuses = response.properties.STATUS ?? [];
    const pending = response.pending || hasStatus(statuses, 'REQUESTEDCREATE', 'PENDINGCREATE');
    const active = !pending && hasStatus(statuses, 'ACTIVE');
    const row = firstRow(response);
    const created = await this.createdDomain(domain);
    return {
      state: active ? 'active' : 'pending',
      alreadyRegistered: false,
      expiresAt: ispapiDateToIso(row.REGISTRATIONEXPIRATIONDATE ?? row.EXPIRATIONDATE) ?? created?.info.expiresAt,
      reference: created?.info.reference,
    };
  }

  async setPrivacy(domain: string, enabled: boolean): Promise<void> {
    await this.client.call({ COMMAND: 'ModifyDomain', DOMAIN: domain, [PRIVACY_KEY]: enabled ? 1 : 0 });
  }

  private alreadyRegistered(existing: DomainInfo): RegisterResult {
    if (existing.state === 'other') {
      throw new RegistrarRejectedError(
        `${existing.domain} is in this account with status ${existing.statuses.join(', ') || 'unknown'}`,
        { registrar: 'ispapi', operation: 'AddDomain', description: existing.statuses.join(', ') },
      );
    }
    return {
      state: existing.state,
      alreadyRegistered: true,
      expiresAt: existing.expiresAt,
      reference: existing.reference,
    };
  }

  /**
   * The domain as StatusDomain shows it right after the order, with the renewal mode made
   * AUTOEXPIRE. The order stands whatever happens here, so failures only leave fields unknown; a
   * retried register fixes the renewal mode on its alreadyRegistered path.
   */
  private async createdDomain(domain: string): Promise<{ info: DomainInfo } | null> {
    try {
      const created = await this.statusDomain(domain);
      if (created) await this.ensureAutoExpire(domain, created.renewalMode);
      return created;
    } catch {
      return null;
    }
  }

  private async ensureAutoExpire(domain: string, renewalMode: string | undefined): Promise<void> {
    if (renewalMode === undefined || renewalMode === 'AUTOEXPIRE') return;
    await this.client.call({ COMMAND: 'SetDomainRenewalMode', DOMAIN: domain, RENEWALMODE: 'AUTOEXPIRE' });
  }

  /** Neutral extras (tld-policy keys) as the API's X-... parameters; unknown keys are refused. */
  private extrasFor(domain: string, extras: Record<string, string>): CommandRecord {
    const known = tldPolicy(domain).extras;
    const out: CommandRecord = {};
    for (const [key, value] of Object.entries(extras)) {
      const extra = known.find((e) => e.key === key);
      if (!extra) {
        throw new RegistrarRejectedError(`extras.${key} is not used for ${domain}`, {
          registrar: 'ispapi',
          operation: 'AddDomain',
        });
      }
      out[extra.ispapi] = value;
    }
    return out;
  }

  /**
   * The CLASS to buy a premium name with, from CheckDomains (spec 2.2): its CLASS, else
   * AFTERMARKET_PURCHASE_<channel>. undefined when the name is not premium (any more); the
   * registry itself refuses a price that differs from the accepted one.
   */
  private async premiumClass(domain: string): Promise<string | undefined> {
    const response = await this.client.call({ COMMAND: 'CheckDomains', DOMAIN: [domain], PREMIUMCHANNELS: '*' });
    const row = firstRow(response);
    const availability = availabilityFromCheck(domain, {
      check: row.DOMAINCHECK,
      reason: row.REASON,
      cls: row.CLASS,
      channel: row.PREMIUMCHANNEL,
      price: row.PRICE,
      currency: row.CURRENCY,
    });
    if (availability.status !== 'premium') return undefined;
    const cls = (row.CLASS ?? '').trim();
    if (cls !== '') return cls;
    const channel = (row.PREMIUMCHANNEL ?? '').trim();
    return channel ? `AFTERMARKET_PURCHASE_${channel}` : undefined;
  }

  async setNameservers(domain: string, nameservers: string[]): Promise<void> {
    await this.client.call({ COMMAND: 'ModifyDomain', DOMAIN: domain, NAMESERVER: nameservers });
  }

  async setTransferLock(domain: string, locked: boolean): Promise<void> {
    await this.client.call({ COMMAND: 'ModifyDomain', DOMAIN: domain, TRANSFERLOCK: locked ? 1 : 0 });
  }
}
