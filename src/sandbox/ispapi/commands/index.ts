import { TRADE_COMMANDS } from './trades';
import { isSecretCommandKey } from '../../../registrars/ispapi/codes';
import { decodeCommand, type ResponseShape } from '../../../registrars/ispapi/wire';
import { CommandFault, type IspapiRegistry } from '../registry';
import { type CommandSpec, unhandledParameter } from './params';
import { validateParameters } from '../reference';
import { statusAccount, checkAuthentication } from './account';
import { checkDomains, addDomain, statusDomain, modifyDomain, setDomainRenewalMode } from './domains';
import {
  addDomainApplication,
  statusDomainApplication,
  queryDomainApplicationList,
  queryDomainPendingDeleteList,
} from './applications';
import { checkDomainTransfer, transferDomain, statusDomainTransfer } from './transfers';
import { renewDomain, payDomainRenewal, restoreDomain } from './renewals';
import { queryObjectLogList, statusObjectLog, queryObjectList, queryDomainList } from './lists';
import { statusContact } from './contacts';
import { addContact, modifyContact } from './contact-writes';
import { NAMESERVER_COMMANDS } from './nameservers';
import { startSession, endSession, convertIdn, useSession } from './sessions';
import { DNS_ZONE_COMMANDS } from './dns-zones';
import { MANAGEMENT_COMMANDS } from './management';
import { PRICE_COMMANDS } from './prices';

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
  /** the call authenticated with s_session instead of s_login/s_pw */
  viaSession?: true;
}

const VALID_ENTITIES = new Set(['54cd', '1234']);

export function handleCall(registry: IspapiRegistry, accounts: SandboxAccount[], form: URLSearchParams): CallOutcome {
  // A session id replaces s_login/s_pw (STARTSESSION.md); the SDKs then send no login at all.
  const session = form.get('s_session') || undefined;
  const sessionLogin = session === undefined ? undefined : useSession(registry, session);
  const login = sessionLogin ?? form.get('s_login') ?? '';
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
    ...(sessionLogin !== undefined ? { viaSession: true as const } : {}),
  });

  if (!VALID_ENTITIES.has(form.get('s_entity') ?? ''))
    return outcome({ code: 502, description: 'Invalid entity value' });
  // The SDKs' template for an unknown or expired session (spec 1.3).
  if (session !== undefined && sessionLogin === undefined)
    return outcome({ code: 530, description: 'SESSION NOT FOUND' });
  const authFailed = outcome({ code: 530, description: 'Authentication failed' });
  const [accountLogin = '', role, ...rest] = login.split('!');
  const account = accounts.find((a) => a.login === accountLogin);
  const password = form.get('s_pw') ?? '';
  if (!account || rest.length > 0) return authFailed;
  const roleSpec = role === undefined ? undefined : account.roles?.[role];
  if (role !== undefined && !roleSpec) return authFailed;
  if (sessionLogin === undefined && (roleSpec ? roleSpec.password : account.password) !== password) return authFailed;

  if (!spec) return outcome({ code: 500, description: 'Invalid command name' });
  if (roleSpec?.commands && !roleSpec.commands.some((c) => c.toLowerCase() === spec.name.toLowerCase())) {
    return outcome({ code: 531, description: 'Authorization failed; Operation forbidden by ACL' });
  }
  registry.settle();
  try {
    // The command's page in HEXONET's reference decides which names, values and required
    // parameters the API takes (503 / 505 / 504), before the handler's own rules.
    validateParameters(spec.name, raw);
    // A documented parameter the sandbox does not model is refused, never silently ignored.
    const unhandled = unhandledParameter(spec, raw);
    if (unhandled) return outcome({ code: 549, description: `Command failed; ${unhandled} is not supported` });
    for (const key of spec.required ?? []) {
      if ((raw[key] ?? '') === '') return outcome({ code: 504, description: `Missing required attribute; ${key}` });
    }
    return outcome(spec.handle({ registry, params: raw, login, account: account.login, session }));
  } catch (err) {
    if (err instanceof CommandFault) {
      return outcome({ code: err.code, description: err.description, properties: err.properties });
    }
    throw err;
  }
}

const COMMANDS = new Map<string, CommandSpec>(
  [
    statusAccount,
    checkAuthentication,
    checkDomains,
    addDomain,
    addDomainApplication,
    checkDomainTransfer,
    transferDomain,
    statusDomainTransfer,
    queryObjectLogList,
    statusObjectLog,
    statusDomain,
    modifyDomain,
    setDomainRenewalMode,
    renewDomain,
    payDomainRenewal,
    restoreDomain,
    queryObjectList,
    statusDomainApplication,
    queryDomainApplicationList,
    queryDomainPendingDeleteList,
    statusContact,
    addContact,
    modifyContact,
    queryDomainList,
    startSession,
    endSession,
    convertIdn,
    ...TRADE_COMMANDS,
    ...DNS_ZONE_COMMANDS,
    ...MANAGEMENT_COMMANDS,
    ...NAMESERVER_COMMANDS,
    ...PRICE_COMMANDS,
  ].map((spec) => [spec.name.toLowerCase(), spec]),
);

export const COMMAND_NAMES: readonly string[] = [...COMMANDS.values()].map((c) => c.name);

/** The handler table entry for a command name (any case), for the conformance suite. */
export function commandSpec(name: string): CommandSpec | undefined {
  return COMMANDS.get(name.toLowerCase());
}
