import type {
  DomainInfo,
  Registrar,
  RegistrarCapabilities,
  TransferCheck,
  TransferRequest,
  TransferRequestResult,
  TransferStatus,
} from '../registrar';
import { IspapiClient } from './client';
import { maskCommandText } from './codes';
import { firstRow, type IspapiResponse } from './wire';

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

/**
 * The Registrar interface over ISPAPI. The transfer outcome is read the way the reseller module's
 * TransferSync does (spec 3.1): a pending transfer object, else the object log and the domain.
 */
export class IspapiRegistrar implements Registrar {
  readonly name = 'ispapi' as const;
  readonly capabilities: RegistrarCapabilities = { transfer: true, transferLock: true, register: true };

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
    const response = await this.client.send({ COMMAND: 'StatusDomain', DOMAIN: domain });
    // 545: not found; 531: not ours any more. Either way the domain is not in this account.
    if (response.code === 545 || (response.code === 531 && !/ACL/i.test(response.description))) return null;
    IspapiClient.assertOk('StatusDomain', response);
    const row = firstRow(response);
    const lock = row.TRANSFERLOCK;
    return {
      domain,
      statuses: response.properties.STATUS ?? [],
      nameservers: (response.properties.NAMESERVER ?? []).filter((ns) => ns !== ''),
      transferLock: lock === '1' ? true : lock === '0' ? false : undefined,
      expiresAt: ispapiDateToIso(row.EXPIRATIONDATE ?? row.REGISTRATIONEXPIRATIONDATE),
    };
  }

  async setNameservers(domain: string, nameservers: string[]): Promise<void> {
    await this.client.call({ COMMAND: 'ModifyDomain', DOMAIN: domain, NAMESERVER: nameservers });
  }

  async setTransferLock(domain: string, locked: boolean): Promise<void> {
    await this.client.call({ COMMAND: 'ModifyDomain', DOMAIN: domain, TRANSFERLOCK: locked ? 1 : 0 });
  }
}
