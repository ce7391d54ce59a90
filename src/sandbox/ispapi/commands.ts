import { isSecretCommandKey } from '../../registrars/ispapi/codes';
import { decodeCommand, type ResponseShape } from '../../registrars/ispapi/wire';
import {
  CONTACT_ROLES,
  CommandFault,
  dateModel,
  formatApiDate,
  normalizeDomain,
  normalizeNameserver,
  statusesOf,
  tldOf,
  type ContactRole,
  type IspapiRegistry,
  type OwnedDomain,
  type ResponseProperties,
} from './registry';

/**
 * One ISPAPI call from form fields to response: entity, credentials, role ACL, then the command.
 * Handlers are synchronous over the in-memory registry, so a call is atomic.
 */

export interface SandboxAccount {
  login: string;
  password: string;
  roles?: Record<string, { password: string; commands?: string[] }>;
}

export interface CallOutcome {
  response: ResponseShape;
  /** canonical command name when known, else as sent */
  command: string;
  /** command parameters without COMMAND, secrets masked */
  params: Record<string, string>;
  login: string;
}

interface CommandContext {
  registry: IspapiRegistry;
  params: Record<string, string>;
  /** s_login as sent (account!role for role users): what the object log records as user */
  login: string;
  account: string;
}

interface CommandSpec {
  name: string;
  required?: string[];
  handle(ctx: CommandContext): ResponseShape;
}

const OK = 'Command completed successfully';
const VALID_ENTITIES = new Set(['54cd', '1234']);
const MAX_NAMESERVERS = 13;

export function handleCall(registry: IspapiRegistry, accounts: SandboxAccount[], form: URLSearchParams): CallOutcome {
  const login = form.get('s_login') ?? '';
  const commandText = form.get('s_command');
  // The docs FAQ shows `command=statusaccount` as a plain form field: then every non-s_ field is a parameter.
  const raw =
    commandText !== null
      ? decodeCommand(commandText)
      : Object.fromEntries(
          [...form.entries()]
            .filter(([k]) => !k.toLowerCase().startsWith('s_'))
            .map(([k, v]) => [k.trim().toUpperCase(), v.trim()]),
        );
  const sentName = raw.COMMAND ?? '';
  const spec = COMMANDS.get(sentName.toLowerCase());
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key !== 'COMMAND') params[key] = isSecretCommandKey(key) ? '***' : value;
  }
  const outcome = (response: ResponseShape): CallOutcome => ({
    response,
    command: spec?.name ?? sentName,
    params,
    login,
  });

  if (!VALID_ENTITIES.has(form.get('s_entity') ?? ''))
    return outcome({ code: 502, description: 'Invalid entity value' });
  const authFailed = outcome({ code: 530, description: 'Authentication failed' });
  const [accountLogin = '', role, ...rest] = login.split('!');
  const account = accounts.find((a) => a.login === accountLogin);
  const password = form.get('s_pw') ?? '';
  if (!account || rest.length > 0) return authFailed;
  const roleSpec = role === undefined ? undefined : account.roles?.[role];
  if (role !== undefined && !roleSpec) return authFailed;
  if ((roleSpec ? roleSpec.password : account.password) !== password) return authFailed;

  if (!spec) return outcome({ code: 500, description: 'Invalid command name' });
  if (roleSpec?.commands && !roleSpec.commands.some((c) => c.toLowerCase() === spec.name.toLowerCase())) {
    return outcome({ code: 531, description: 'Authorization failed; Operation forbidden by ACL' });
  }
  for (const key of spec.required ?? []) {
    if ((raw[key] ?? '') === '') return outcome({ code: 504, description: `Missing required attribute; ${key}` });
  }
  registry.settle();
  try {
    return outcome(spec.handle({ registry, params: raw, login, account: account.login }));
  } catch (err) {
    if (err instanceof CommandFault) {
      return outcome({ code: err.code, description: err.description, properties: err.properties });
    }
    throw err;
  }
}

// ---- parameter helpers ------------------------------------------------------------------------

function indexed(params: Record<string, string>, prefix: string): Array<{ key: string; index: number; value: string }> {
  const pattern = new RegExp(`^${prefix}(\\d+)$`);
  const out: Array<{ key: string; index: number; value: string }> = [];
  for (const [key, value] of Object.entries(params)) {
    const m = pattern.exec(key);
    if (m) out.push({ key, index: Number(m[1]), value });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** NAMESERVER0..12; empty values are skipped (modules send `NAMESERVER4=`). undefined: none sent. */
function nameserversParam(params: Record<string, string>, prefix = 'NAMESERVER'): string[] | undefined {
  const entries = indexed(params, prefix);
  if (entries.length === 0) return undefined;
  const filled = entries.filter((e) => e.value !== '');
  if (filled.length > MAX_NAMESERVERS || entries.some((e) => e.index >= MAX_NAMESERVERS)) {
    throw new CommandFault(505, `Invalid attribute value syntax; at most ${MAX_NAMESERVERS} ${prefix} (0-12)`);
  }
  const out: string[] = [];
  for (const e of filled) {
    const ns = normalizeNameserver(e.value, e.key);
    if (!out.includes(ns)) out.push(ns);
  }
  return out;
}

/** PERIOD as months: `1` and `1Y` are years, `1M` months (Y/M case-sensitive, spec 1.2). */
function periodParam(params: Record<string, string>, fallbackMonths: number, allowZero: boolean): number {
  const value = params.PERIOD;
  if (value === undefined || value === '') return fallbackMonths;
  const m = /^(\d{1,2})(Y|M)?$/.exec(value);
  const months = m ? Number(m[1]) * (m[2] === 'M' ? 1 : 12) : NaN;
  if (!Number.isFinite(months) || months > 120 || (months === 0 && !allowZero)) {
    throw new CommandFault(505, `Invalid attribute value syntax; PERIOD (${value})`);
  }
  return months;
}

function flagParam(params: Record<string, string>, key: string): boolean | undefined {
  const value = params[key];
  if (value === undefined || value === '') return undefined;
  if (value === '1') return true;
  if (value === '0') return false;
  throw new CommandFault(505, `Invalid attribute value syntax; ${key} must be 0 or 1`);
}

/** Inline contacts (OWNERCONTACT0FIRSTNAME=...) become a new handle; OWNERCONTACT0=<handle> is kept. */
function contactsParam(registry: IspapiRegistry, params: Record<string, string>): Partial<Record<ContactRole, string>> {
  const out: Partial<Record<ContactRole, string>> = {};
  for (const role of CONTACT_ROLES) {
    const handle = params[`${role}0`];
    if (handle) out[role] = handle;
    else if (Object.keys(params).some((k) => k.startsWith(`${role}0`) && params[k] !== '')) {
      out[role] = registry.newContactHandle();
    }
  }
  return out;
}

function domainParam(params: Record<string, string>): string {
  return normalizeDomain(params.DOMAIN ?? '');
}

function repositoryOf(domain: string): string {
  return `${tldOf(domain).toUpperCase().replace(/\./g, '-')}-1API`;
}

/** The text StatusObjectLog shows for a logged call: header, masked command, response. */
function loggedCall(login: string, command: string, params: Record<string, string>, response: ResponseShape): string[] {
  const commandLines = Object.entries(params)
    .filter(([key]) => key !== 'COMMAND')
    .map(([key, value]) => `${key}=${isSecretCommandKey(key) ? '***' : value}`);
  return [
    '[HEADER]',
    `user=${login}`,
    'remoteaddr=127.0.0.1',
    '',
    '[COMMAND]',
    `COMMAND=${command}`,
    ...commandLines,
    'EOF',
    '',
    '[RESPONSE]',
    `CODE=${response.code}`,
    `DESCRIPTION=${response.description}`,
    ...(response.pending ? ['PENDING=1'] : []),
    'EOF',
  ];
}

function ownedDomainProperties(d: OwnedDomain): ResponseProperties {
  const dates = dateModel(d);
  const sub = tldOf(d.domain).toUpperCase();
  const props: ResponseProperties = {
    DOMAIN: [d.domain],
    STATUS: statusesOf(d),
    CREATEDDATE: [formatApiDate(d.createdAt)],
    UPDATEDDATE: [formatApiDate(d.updatedAt)],
    EXPIRATIONDATE: [formatApiDate(dates.expiration)],
    REGISTRATIONEXPIRATIONDATE: [formatApiDate(dates.expiration)],
    PAIDUNTILDATE: [formatApiDate(dates.paidUntil)],
    ACCOUNTINGDATE: [formatApiDate(dates.accounting)],
    ACCOUNTINGPERIOD: [`${dates.periods.accounting}d`],
    FINALIZATIONDATE: [formatApiDate(dates.finalization)],
    FINALIZATIONPERIOD: [`${dates.periods.finalization}d`],
    FAILUREDATE: [formatApiDate(dates.failure)],
    FAILUREPERIOD: [`${dates.periods.failure}d`],
    DELETIONRESTORABLEPERIOD: ['30d'],
    RENEWALMODE: [d.renewalMode],
    // AUTOEXPIRE: nothing is charged; the domain goes on FAILUREDATE unless renewed.
    NEXTACTION: ['expire'],
    NEXTACTIONDATE: [formatApiDate(dates.failure)],
    NAMESERVER: d.nameservers,
    TRANSFERLOCK: [d.transferLock ? 1 : 0],
    AUTH: [d.authCode],
    OWNERCONTACT: [d.contacts.OWNERCONTACT],
    ADMINCONTACT: [d.contacts.ADMINCONTACT],
    TECHCONTACT: [d.contacts.TECHCONTACT],
    BILLINGCONTACT: [d.contacts.BILLINGCONTACT],
    REPOSITORY: [repositoryOf(d.domain)],
    SUBCLASS: [sub],
    CLASS: ['DOMAIN'],
    USER: [d.user],
    PEERUSER: [''],
    'X-ACCEPT-WHOISTRUSTEE-TAC': [0],
  };
  if (d.transferredAt) props.TRANSFERDATE = [formatApiDate(d.transferredAt)];
  return props;
}

// ---- commands ---------------------------------------------------------------------------------

const statusAccount: CommandSpec = {
  name: 'StatusAccount',
  handle: () => ({
    code: 200,
    description: OK,
    properties: { AMOUNT: ['1000.00'], CREDIT: ['0.00'], CURRENCY: ['USD'], DEPOSIT: ['0.00'], VAT: ['0.00'] },
  }),
};

const checkAuthentication: CommandSpec = {
  name: 'CheckAuthentication',
  handle: () => ({ code: 200, description: OK }),
};

const checkDomains: CommandSpec = {
  name: 'CheckDomains',
  handle: ({ registry, params }) => {
    const names = indexed(params, 'DOMAIN').map((e) => e.value);
    if (names.length === 0 && params.DOMAIN) names.push(params.DOMAIN);
    if (names.length === 0) throw new CommandFault(504, 'Missing required attribute; DOMAIN0');
    const check: string[] = [];
    for (const name of names) {
      let domain: string;
      try {
        domain = normalizeDomain(name);
      } catch {
        check.push('549 Invalid domain name');
        continue;
      }
      check.push(registry.isRegistered(domain) ? '211 Domain name not available' : '210 Available');
    }
    return {
      code: 200,
      description: OK,
      properties: { DOMAINCHECK: check, REASON: check.map(() => ''), CLASS: check.map(() => '') },
    };
  },
};

const addDomain: CommandSpec = {
  name: 'AddDomain',
  required: ['DOMAIN'],
  handle: ({ registry, params, account }) => {
    const domain = domainParam(params);
    const periodMonths = periodParam(params, 12, false);
    const nameservers = nameserversParam(params) ?? [];
    const transferLock = flagParam(params, 'TRANSFERLOCK') ?? false;
    const given = contactsParam(registry, params);
    const fallback = given.OWNERCONTACT ?? registry.newContactHandle();
    const contacts = {
      OWNERCONTACT: fallback,
      ADMINCONTACT: given.ADMINCONTACT ?? fallback,
      TECHCONTACT: given.TECHCONTACT ?? given.ADMINCONTACT ?? fallback,
      BILLINGCONTACT: given.BILLINGCONTACT ?? given.ADMINCONTACT ?? fallback,
    };
    const record = registry.register({
      domain,
      periodMonths,
      nameservers,
      transferLock,
      contacts,
      user: account,
      authCode: params.AUTH || undefined,
    });
    const dates = dateModel(record);
    return {
      code: 200,
      description: OK,
      properties: {
        STATUS: ['ACTIVE'],
        CREATEDDATE: [formatApiDate(record.createdAt)],
        REGISTRATIONEXPIRATIONDATE: [formatApiDate(dates.expiration)],
        PAIDUNTILDATE: [formatApiDate(dates.paidUntil)],
        ACCOUNTINGDATE: [formatApiDate(dates.accounting)],
        FINALIZATIONDATE: [formatApiDate(dates.finalization)],
        FAILUREDATE: [formatApiDate(dates.failure)],
      },
    };
  },
};

function transferFlags(authIsValid: string, locked: boolean): ResponseProperties {
  return { AUTHISVALID: [authIsValid], AUTHREQUIRED: [1], TRANSFERLOCK: [locked ? 1 : 0], USERTRANSFERREQUIRED: [0] };
}

const checkDomainTransfer: CommandSpec = {
  name: 'CheckDomainTransfer',
  required: ['DOMAIN'],
  handle: ({ registry, params }) => {
    const domain = domainParam(params);
    const verdict = registry.transferEligibility(domain, params.AUTH);
    const flags = transferFlags(verdict.authIsValid, verdict.locked);
    if (!verdict.available || !verdict.external)
      return { code: 219, description: verdict.description, properties: flags };
    const ext = verdict.external;
    return {
      code: 218,
      description: verdict.description,
      properties: {
        ...flags,
        REGISTRAR: [ext.registrar],
        EXPIRATIONDATE: [formatApiDate(ext.expiresAt)],
        NAMESERVER: ext.nameservers,
        STATUS: ext.transferLock ? ['ACTIVE', 'clientTransferProhibited'] : ['ACTIVE'],
        PERIOD: ['1Y'],
        REPOSITORY: [repositoryOf(domain)],
        CLASS: [''],
      },
    };
  },
};

const transferDomain: CommandSpec = {
  name: 'TransferDomain',
  required: ['DOMAIN'],
  handle: ({ registry, params, login }) => {
    const domain = domainParam(params);
    const action = (params.ACTION || 'REQUEST').toUpperCase();
    if (action === 'CANCEL') {
      const response: ResponseShape = { code: 200, description: OK };
      registry.cancelTransfer(domain, login, loggedCall(login, 'TransferDomain', params, response));
      return response;
    }
    if (action !== 'REQUEST') {
      throw new CommandFault(506, `Invalid option value; ACTION=${action} is not supported by the sandbox`);
    }
    if (registry.ownedDomain(domain)) {
      throw new CommandFault(540, 'Attribute value is not unique; DOMAIN is already assigned to your account');
    }
    if (registry.pendingTransfer(domain)) throw new CommandFault(553, 'Operation not allowed. Object pending transfer');
    if (!params.AUTH) throw new CommandFault(504, 'Missing required attribute; AUTH');
    const periodMonths = periodParam(params, 12, true);
    const requestedNameservers = nameserversParam(params) ?? [];
    // The losing side refuses at request time too: a wrong code never becomes a pending transfer.
    const verdict = registry.transferEligibility(domain, params.AUTH);
    if (!verdict.available) {
      throw new CommandFault(219, verdict.description, transferFlags(verdict.authIsValid, verdict.locked));
    }
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

const statusDomainTransfer: CommandSpec = {
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
        DOMAIN: [domain],
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

/** MAXDATE as a bare day means the whole day. */
function dateBound(value: string | undefined, end: boolean): string | undefined {
  if (!value) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value} ${end ? '23:59:59' : '00:00:00'}` : value;
}

function intParam(params: Record<string, string>, key: string, fallback: number, max: number): number {
  const value = params[key];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max) {
    throw new CommandFault(505, `Invalid attribute value syntax; ${key} (${value})`);
  }
  return Number(value);
}

const queryObjectLogList: CommandSpec = {
  name: 'QueryObjectLogList',
  handle: ({ registry, params }) => {
    const eq = (a: string | undefined, b: string): boolean => !a || a.toLowerCase() === b.toLowerCase();
    const min = dateBound(params.MINDATE, false);
    const max = dateBound(params.MAXDATE, true);
    const first = intParam(params, 'FIRST', 0, Number.MAX_SAFE_INTEGER);
    const limit = intParam(params, 'LIMIT', 1000, 10000);
    const order = (params.ORDERBY || 'LOGINDEX').toUpperCase();
    const rows = registry
      .objectLog()
      .filter((e) => {
        const date = formatApiDate(e.date);
        return (
          eq(params.OBJECTCLASS, e.objectClass) &&
          eq(params.OBJECTID, e.objectId) &&
          eq(params.OPERATIONTYPE, e.type) &&
          eq(params.OPERATIONSTATUS, e.status) &&
          (!min || date >= min) &&
          (!max || date <= max)
        );
      })
      .sort((a, b) => {
        const byDate = a.date.getTime() - b.date.getTime() || a.index - b.index;
        if (order === 'LOGDATEDESC') return -byDate;
        if (order === 'LOGDATE') return byDate;
        if (order === 'LOGINDEXDESC') return b.index - a.index;
        return a.index - b.index;
      });
    const page = rows.slice(first, first + limit);
    return {
      code: 200,
      description: OK,
      properties: {
        LOGINDEX: page.map((e) => e.index),
        LOGDATE: page.map((e) => formatApiDate(e.date)),
        OPERATIONTYPE: page.map((e) => e.type),
        OPERATIONSTATUS: page.map((e) => e.status),
        OBJECTID: page.map((e) => e.objectId),
        OBJECTCLASS: page.map((e) => e.objectClass),
        LOGUSER: page.map((e) => e.user),
        COUNT: [page.length],
        FIRST: [first],
        LAST: [Math.max(first, first + page.length - 1)],
        LIMIT: [limit],
        TOTAL: [rows.length],
      },
    };
  },
};

const statusObjectLog: CommandSpec = {
  name: 'StatusObjectLog',
  required: ['LOGINDEX'],
  handle: ({ registry, params }) => {
    const index = intParam(params, 'LOGINDEX', 0, Number.MAX_SAFE_INTEGER);
    const entry = registry.logEntry(index);
    if (!entry) throw new CommandFault(545, 'Object not found');
    return {
      code: 200,
      description: OK,
      properties: {
        LOGINDEX: [entry.index],
        LOGDATE: [formatApiDate(entry.date)],
        OBJECTID: [entry.objectId],
        OBJECTCLASS: [entry.objectClass],
        OPERATIONTYPE: [entry.type],
        OPERATIONSTATUS: [entry.status],
        LOGUSER: [entry.user],
        OPERATIONINFO: entry.info,
      },
    };
  },
};

const statusDomain: CommandSpec = {
  name: 'StatusDomain',
  required: ['DOMAIN'],
  handle: ({ registry, params }) => {
    const record = registry.ownedDomain(domainParam(params));
    if (!record) throw new CommandFault(545, 'Object not found');
    return { code: 200, description: OK, properties: ownedDomainProperties(record) };
  },
};

const modifyDomain: CommandSpec = {
  name: 'ModifyDomain',
  required: ['DOMAIN'],
  handle: ({ registry, params }) => {
    const domain = domainParam(params);
    const record = registry.ownedDomain(domain);
    if (!record) throw new CommandFault(545, 'Object not found');
    let nameservers = nameserversParam(params);
    const added = nameserversParam(params, 'ADDNAMESERVER');
    const deleted = nameserversParam(params, 'DELNAMESERVER');
    if (added || deleted) {
      const base = nameservers ?? record.nameservers;
      nameservers = [
        ...base.filter((ns) => !deleted?.includes(ns)),
        ...(added ?? []).filter((ns) => !base.includes(ns)),
      ];
      if (nameservers.length > MAX_NAMESERVERS) {
        throw new CommandFault(505, `Invalid attribute value syntax; at most ${MAX_NAMESERVERS} NAMESERVER`);
      }
    }
    const generate = flagParam(params, 'GENERATERANDOMAUTH');
    registry.modify(domain, {
      nameservers,
      transferLock: flagParam(params, 'TRANSFERLOCK'),
      authCode: generate ? registry.generateAuthCode() : params.AUTH || undefined,
    });
    return { code: 200, description: OK };
  },
};

const COMMANDS = new Map<string, CommandSpec>(
  [
    statusAccount,
    checkAuthentication,
    checkDomains,
    addDomain,
    checkDomainTransfer,
    transferDomain,
    statusDomainTransfer,
    queryObjectLogList,
    statusObjectLog,
    statusDomain,
    modifyDomain,
  ].map((spec) => [spec.name.toLowerCase(), spec]),
);

export const COMMAND_NAMES: readonly string[] = [...COMMANDS.values()].map((c) => c.name);
