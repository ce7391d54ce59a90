import { isSecretCommandKey } from '../../../registrars/ispapi/codes';
import type { ResponseShape } from '../../../registrars/ispapi/wire';
import {
  CONTACT_ROLES,
  CommandFault,
  normalizeDomain,
  type ContactFields,
  type ContactRole,
  type IspapiRegistry,
} from '../registry';

/**
 * What every command handler is given and the parameter helpers they share (domains, contacts,
 * flags, TLD fields), used by every command module in this folder and by ../reference.ts.
 */

export interface CommandContext {
  registry: IspapiRegistry;
  params: Record<string, string>;
  /** s_login as sent (account!role for role users): what the object log records as user */
  login: string;
  account: string;
  /** the s_session id the call came with (EndSession ends it) */
  session?: string;
}

export interface CommandSpec {
  name: string;
  required?: string[];
  /**
   * The parameters the handler acts on (NAME, or NAME[] for NAME0, NAME1 ...). When set, any other
   * parameter the reference lists is refused (549, naming it) instead of being silently ignored;
   * the list commands declare it (test/conformance/ispapi-lists.test.ts).
   */
  handles?: readonly string[];
  handle(ctx: CommandContext): ResponseShape;
}

export function indexed(
  params: Record<string, string>,
  prefix: string,
): Array<{ key: string; index: number; value: string }> {
  const pattern = new RegExp(`^${prefix}(\\d+)$`);
  const out: Array<{ key: string; index: number; value: string }> = [];
  for (const [key, value] of Object.entries(params)) {
    const m = pattern.exec(key);
    if (m) out.push({ key, index: Number(m[1]), value });
  }
  return out.sort((a, b) => a.index - b.index);
}

export function flagParam(params: Record<string, string>, key: string): boolean | undefined {
  const value = params[key];
  if (value === undefined || value === '') return undefined;
  if (value === '1') return true;
  if (value === '0') return false;
  throw new CommandFault(505, `Invalid attribute value syntax; ${key} must be 0 or 1`);
}

/**
 * Inline contact sub-keys (spec 1.2, plus two the php-sdk knows). An unknown one is a 503, so a
 * misspelt key (ORGANISATION) fails loudly instead of being dropped.
 */
export const CONTACT_FIELDS = [
  'FIRSTNAME', 'MIDDLENAME', 'LASTNAME', 'ORGANIZATION', 'LEGALFORM', 'STREET', 'CITY', 'STATE', 'ZIP',
  'COUNTRY', 'PHONE', 'FAX', 'EMAIL',
]; // prettier-ignore

function inlineContact(params: Record<string, string>, role: ContactRole): ContactFields | undefined {
  const prefix = `${role}0`;
  const fields: ContactFields = {};
  for (const [key, value] of Object.entries(params)) {
    if (key.length > prefix.length && key.startsWith(prefix) && value !== '') fields[key.slice(prefix.length)] = value;
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}

/**
 * Inline contacts (OWNERCONTACT0FIRSTNAME=...) become a handle, the same one for identical data;
 * OWNERCONTACT0=<handle> is kept. With `strict`, inline data must name a person and an e-mail.
 */
export function contactsParam(
  registry: IspapiRegistry,
  params: Record<string, string>,
  strict = false,
): Partial<Record<ContactRole, string>> {
  const out: Partial<Record<ContactRole, string>> = {};
  for (const role of CONTACT_ROLES) {
    const handle = params[`${role}0`];
    if (handle) {
      // The registry refuses a handle it does not know (545), as AddDomain's page lists.
      if (!knownContactHandle(registry, handle)) throw new CommandFault(545, `Object not found; ${role}0 ${handle}`);
      out[role] = handle;
      continue;
    }
    const fields = inlineContact(params, role);
    if (!fields) continue;
    if (strict) {
      for (const key of ['LASTNAME', 'EMAIL']) {
        if (!fields[key]) throw new CommandFault(504, `Missing required attribute; ${role}0${key}`);
      }
      const unknown = Object.keys(fields).find((k) => !CONTACT_FIELDS.includes(k));
      if (unknown) throw new CommandFault(503, `Invalid attribute name; ${role}0${unknown}`);
    }
    out[role] = registry.contactHandleFor(fields);
  }
  return out;
}

/**
 * A handle the registry knows: created from contact data, or held by a domain of the account (a
 * seeded domain without owner data has a handle without data).
 */
export function knownContactHandle(registry: IspapiRegistry, handle: string): boolean {
  if (registry.contact(handle)) return true;
  return registry.listOwned().some((d) => Object.values(d.contacts).includes(handle));
}

export function domainParam(params: Record<string, string>): string {
  return normalizeDomain(params.DOMAIN ?? '');
}

/** The text StatusObjectLog shows for a logged call: header, masked command, response. */
export function loggedCall(
  login: string,
  command: string,
  params: Record<string, string>,
  response: ResponseShape,
): string[] {
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

export const PRIVACY_KEY = 'X-ACCEPT-WHOISTRUSTEE-TAC';

/** TLD fields: every X-... parameter but the privacy flag, kept as sent. */
export function extrasParam(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (key.startsWith('X-') && key !== PRIVACY_KEY && value !== '') out[key] = value;
  }
  return out;
}

/** The first parameter `spec.handles` does not name, if the spec declares the list. */
export function unhandledParameter(spec: CommandSpec, params: Record<string, string>): string | undefined {
  if (!spec.handles) return undefined;
  return Object.keys(params).find((key) => {
    if (key === 'COMMAND' || spec.handles!.includes(key)) return false;
    const m = /^(.*?)\d+$/.exec(key);
    return !(m && spec.handles!.includes(`${m[1]}[]`));
  });
}
