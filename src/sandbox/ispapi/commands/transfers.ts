import { type ResponseShape } from '../../../registrars/ispapi/wire';
import { CommandFault, formatApiDate, tldOf, type IspapiRegistry, type ResponseProperties } from '../registry';
import { contactsParam, domainParam, loggedCall, type CommandSpec } from './params';
import { OK, nameserversParam, periodParam, repositoryOf } from './helpers';
import { answerTransferOut } from './management';

/** Inbound transfers and usertransfers: CheckDomainTransfer, TransferDomain, StatusDomainTransfer. */

/** USERTRANSFERREQUIRED (mandatory in CheckDomainTransfer): 1 when the domain is in another account here. */
function transferFlags(authIsValid: string, locked: boolean, internal = false): ResponseProperties {
  return {
    // The reference's type is `1` or `0`; its example also answers UNKNOWN (no code given or the
    // registry could not tell), kept for that case.
    AUTHISVALID: [authIsValid === 'YES' ? 1 : authIsValid === 'NO' ? 0 : authIsValid],
    AUTHREQUIRED: [1],
    TRANSFERLOCK: [locked ? 1 : 0],
    USERTRANSFERREQUIRED: [internal ? 1 : 0],
  };
}

function statusesOf(transferLock: boolean): string[] {
  return transferLock ? ['ACTIVE', 'clientTransferProhibited'] : ['ACTIVE'];
}

export const checkDomainTransfer: CommandSpec = {
  name: 'CheckDomainTransfer',
  required: ['DOMAIN'],
  handle: ({ registry, params }) => {
    const domain = domainParam(params);
    const verdict = registry.transferEligibility(domain, params.AUTH);
    const flags = transferFlags(verdict.authIsValid, verdict.locked, verdict.external?.internal === true);
    // Refused (219): the reference's Min-1 properties still come (STATUS when the domain is known).
    const known: ResponseProperties = verdict.external ? { STATUS: statusesOf(verdict.external.transferLock) } : {};
    const refused: ResponseProperties = { ...flags, ...known, PERIOD: ['1Y'], REPOSITORY: [repositoryOf(domain)] };
    if (!verdict.available || !verdict.external)
      return { code: 219, description: verdict.description, properties: refused };
    const ext = verdict.external;
    return {
      code: 218,
      description: verdict.description,
      properties: {
        ...flags,
        REGISTRAR: [ext.registrar],
        EXPIRATIONDATE: [formatApiDate(ext.expiresAt)],
        NAMESERVER: ext.nameservers,
        STATUS: statusesOf(ext.transferLock),
        PERIOD: ['1Y'],
        REPOSITORY: [repositoryOf(domain)],
        CLASS: [''],
      },
    };
  },
};

export const transferDomain: CommandSpec = {
  name: 'TransferDomain',
  required: ['DOMAIN'],
  handle: (ctx) => {
    const { registry, params, login } = ctx;
    const domain = domainParam(params);
    const action = (params.ACTION || 'REQUEST').toUpperCase();
    if (action === 'CANCEL') {
      const response: ResponseShape = { code: 200, description: OK };
      registry.cancelTransfer(domain, login, loggedCall(login, 'TransferDomain', params, response));
      return response;
    }
    if (action === 'APPROVE' || action === 'DENY') return answerTransferOut(ctx, action);
    if (action !== 'REQUEST' && action !== 'USERTRANSFER') {
      throw new CommandFault(506, `Invalid option value; ACTION=${action} is not supported by the sandbox`);
    }
    if (registry.ownedDomain(domain)) {
      throw new CommandFault(540, 'Attribute value is not unique; DOMAIN is already assigned to your account');
    }
    // The reference's TransferDomain codes: 536 "Object already flagged for transfer" (553 is not listed).
    if (registry.pendingTransfer(domain)) throw new CommandFault(536, 'Object already flagged for transfer');
    if (!params.AUTH) throw new CommandFault(504, 'Missing required attribute; AUTH');
    const requestedNameservers = nameserversParam(params) ?? [];
    // The losing side refuses at request time too: a wrong code never becomes a pending transfer.
    const verdict = registry.transferEligibility(domain, params.AUTH);
    if (!verdict.available) {
      throw new CommandFault(219, verdict.description, transferFlags(verdict.authIsValid, verdict.locked));
    }
    // ACTION=USERTRANSFER (reference: "Request a usertransfer (internal transfer)") is for a domain in
    // another account here (CheckDomainTransfer USERTRANSFERREQUIRED=1), and only for one. The
    // reference gives no code for the wrong action; the sandbox answers 541 naming the one to use.
    const internal = verdict.external?.internal === true;
    if (internal !== (action === 'USERTRANSFER')) {
      throw new CommandFault(
        541,
        internal
          ? 'Invalid attribute value; ACTION: the domain is in another account of this registrar, use ACTION=USERTRANSFER'
          : 'Invalid attribute value; ACTION=USERTRANSFER: the domain is not in an account of this registrar',
      );
    }
    if (internal) return userTransfer(registry, params, login, requestedNameservers);
    const periodMonths = periodParam(params, 12, true);
    // Charged when the transfer completes; an account that cannot pay is refused now.
    if (periodMonths > 0)
      registry.account.assertCanPay(registry.account.priceCents(tldOf(domain), 'transfer', periodMonths));
    const response: ResponseShape = {
      code: 200,
      description: `${OK}; domain transfer initiated`,
      pending: true,
    };
    registry.requestTransfer({
      domain,
      requestedNameservers,
      periodMonths,
      user: login,
      contacts: contactsParam(registry, params),
      info: loggedCall(login, 'TransferDomain', params, response),
    });
    return response;
  },
};

/** A usertransfer moves the domain between accounts at once: no registry, no renewal, nothing charged. */
function userTransfer(
  registry: IspapiRegistry,
  params: Record<string, string>,
  login: string,
  requestedNameservers: string[],
): ResponseShape {
  const response: ResponseShape = { code: 200, description: `${OK}; usertransfer completed` };
  const domain = domainParam(params);
  registry.requestTransfer({
    domain,
    requestedNameservers,
    periodMonths: 0,
    user: login,
    contacts: contactsParam(registry, params),
    info: loggedCall(login, 'TransferDomain', params, response),
  });
  registry.completeTransfer(domain);
  return response;
}

export const statusDomainTransfer: CommandSpec = {
  name: 'StatusDomainTransfer',
  required: ['DOMAIN'],
  handle: ({ registry, params }) => {
    const domain = domainParam(params);
    const transfer = registry.pendingTransfer(domain);
    if (!transfer) throw new CommandFault(545, 'Object not found');
    const external = registry.externalFor(domain, false);
    return {
      code: 200,
      description: OK,
      properties: {
        TRANSFERSTATUS: ['REQUESTED'],
        TRANSFERTYPE: ['INCOMING'],
        TRANSFERLOG: transfer.log,
        CREATEDDATE: [formatApiDate(transfer.requestedAt)],
        UPDATEDDATE: [formatApiDate(transfer.updatedAt)],
        REPOSITORY: [repositoryOf(domain)],
        NAMESERVER: transfer.requestedNameservers,
        'OLD-REGISTRAR': [external?.registrar ?? ''],
      },
    };
  },
};
