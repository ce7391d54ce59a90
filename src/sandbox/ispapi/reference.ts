import { isIP } from 'node:net';
import referenceJson from './reference/commands.json';
import { CONTACT_FIELDS } from './commands/params';
import { CommandFault } from './registry';

/**
 * Parameter validation against HEXONET's command reference (reference/commands.json, derived by
 * scripts/derive-ispapi-reference.ts from the official pages): a name the command's page does not
 * list is 503, a missing Min>=1 parameter 504, a value of the wrong type or outside an enumeration
 * 505, each naming the parameter. The real API answers the same codes, so a parameter the
 * adapter invents fails here instead of on the live system. Rules: docs/sandbox.md.
 */

interface Parameter {
  name: string;
  index?: [number, number | null];
  min: number;
  types?: string[];
  values?: string[];
  pattern?: string;
  nullable?: true;
}

interface Command {
  page: string;
  parameters: Parameter[];
  codes: number[];
  properties: Array<{ name: string; index?: [number, number | null]; min: number; max: string; type: string }>;
}

const REFERENCE = referenceJson as unknown as { commands: Record<string, Command> };

export function referenceCommand(name: string): Command | undefined {
  return REFERENCE.commands[name];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const HOST_LABELS = /^(?=.{1,253}\.?$)[^\s.]{1,63}(\.[^\s.]{1,63})+\.?$/u;

function realDate(m: RegExpExecArray | null): boolean {
  if (!m) return false;
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1).map(Number) as number[];
  const t = new Date(Date.UTC(y!, mo! - 1, d!, h, mi, s));
  return t.getUTCMonth() === mo! - 1 && t.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}

/**
 * One type word of the reference and what it accepts. Free-text types (TEXT, LONGTEXT, PATTERN,
 * REGEX, DOMAINSTATUS) and words the table does not know take anything: strict where the type is
 * clear, lenient where it is free text.
 */
const TYPE_CHECKS: Record<string, (v: string) => boolean> = {
  INT: (v) => /^-?\d+$/.test(v),
  DATE: (v) => realDate(DATE.exec(v)),
  DATETIME: (v) => realDate(DATETIME.exec(v)),
  // spec 1.2: a number of years, or NY / NM (Y and M case-sensitive)
  PERIOD: (v) => /^\d{1,3}[YM]?$/.test(v),
  DOMAIN: (v) => HOST_LABELS.test(v) && !v.endsWith('.'),
  HOSTNAME: (v) => HOST_LABELS.test(v),
  NAMESERVER: (v) => HOST_LABELS.test(v),
  CONTACT: (v) => /^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(v),
  EMAIL: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
  COUNTRY: (v) => /^[A-Za-z]{2}$/.test(v),
  PHONE: (v) => /^\+?[0-9][0-9 .()/x-]*$/.test(v),
  IPADDRESS: (v) => isIP(v) !== 0,
};
const FREE_TEXT = (): boolean => true;

/** Empty values are "NULL": allowed where the type says so, and for free text. */
function acceptsEmpty(p: Parameter): boolean {
  return p.nullable === true || (p.types ?? []).some((t) => !(t in TYPE_CHECKS));
}

/**
 * Enumerations compare case-insensitively: the API treats command names and keys that way (spec
 * 1.2) and answers option words such as ACTION=cancel; a misspelt word still fails.
 */
function valueFits(p: Parameter, value: string): boolean {
  if (p.pattern !== undefined) return new RegExp(p.pattern).test(value);
  if (p.values?.some((v) => v.toLowerCase() === value.toLowerCase())) return true;
  const types = p.types ?? [];
  if (types.length === 0) return p.values === undefined;
  return types.some((t) => (TYPE_CHECKS[t] ?? FREE_TEXT)(value));
}

function describe(p: Parameter): string {
  const words = [...(p.types ?? []), ...(p.values ?? []).map((v) => `\`${v}\``)];
  if (p.pattern !== undefined) words.push(`/${p.pattern}/`);
  return words.join(', ') + (p.nullable ? ' or NULL' : '');
}

/** Which listed parameter a key is: NAME, NAME<i>, or an inline contact sub-key of a CONTACT one. */
function match(
  parameters: Parameter[],
  key: string,
): { param: Parameter; index?: number; inline?: boolean } | undefined {
  for (const param of parameters) {
    const name = param.name.toUpperCase();
    if (!param.index && key === name) return { param };
    if (param.index) {
      const m = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)$`).exec(key);
      if (m) return { param, index: Number(m[1]) };
    }
  }
  // Inline contact data (spec 1.2): OWNERCONTACT0FIRSTNAME=... where OWNERCONTACT0 takes a CONTACT.
  for (const field of CONTACT_FIELDS) {
    if (!key.endsWith(field) || key.length === field.length) continue;
    const found = match(parameters, key.slice(0, -field.length));
    if (found && !found.inline && (found.param.types ?? []).includes('CONTACT')) return { ...found, inline: true };
  }
  return undefined;
}

/**
 * Throws the CommandFault the API would answer for these parameters (COMMAND excluded), or returns
 * when they fit the command's page. Commands without a page are not checked.
 */
export function validateParameters(command: string, params: Record<string, string>): void {
  const ref = REFERENCE.commands[command];
  if (!ref) return;
  const present = new Set<Parameter>();
  for (const [key, value] of Object.entries(params)) {
    if (key === 'COMMAND') continue;
    const found = match(ref.parameters, key);
    if (!found) throw new CommandFault(503, `Invalid attribute name; ${key}`);
    const { param, index, inline } = found;
    if (index !== undefined && (index < param.index![0] || (param.index![1] !== null && index > param.index![1]))) {
      const range = `${param.name}[${param.index![0]}..${param.index![1]}]`;
      throw new CommandFault(505, `Invalid attribute value syntax; ${key} is outside ${range}`);
    }
    if (value !== '') present.add(param);
    // inline contact fields are free text; the contact rules (which fields) are the handler's
    if (inline) continue;
    // an empty required value is reported as missing (504) below
    if (value === '' ? param.min < 1 && !acceptsEmpty(param) : !valueFits(param, value)) {
      throw new CommandFault(
        505,
        `Invalid attribute value syntax; ${key} (${JSON.stringify(value)}) is not ${describe(param)}`,
      );
    }
  }
  for (const param of ref.parameters) {
    if (param.min >= 1 && !present.has(param)) {
      throw new CommandFault(504, `Missing required attribute; ${param.name}${param.index ? param.index[0] : ''}`);
    }
  }
}
