/**
 * The ISPAPI wire format, both directions: the client encodes commands and parses responses; the
 * sandbox parses commands and formats responses. Keeping both here keeps them byte-compatible.
 * See ../shared/specs/ispapi.md sections 1.2, 1.4 and 1.5.
 */
import { RegistrarRejectedError } from '../errors';

export type CommandValue = string | number | boolean | null | undefined | CommandValue[] | CommandRecord;
export interface CommandRecord {
  [key: string]: CommandValue;
}
export type Command = { COMMAND: string } & CommandRecord;

function scalar(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  // Line breaks inside a value would start a new KEY=VALUE line: strip them as the SDKs do.
  return String(value).replace(/[\r\n]/g, '');
}

/**
 * Flattens a command into KEY=VALUE lines. Lists become KEY0, KEY1 ...; nested records become
 * KEY + SUBKEY, which is how inline contacts travel (OWNERCONTACT0FIRSTNAME=...).
 * null and undefined are skipped; an empty string is sent as KEY= on purpose.
 */
export function encodeCommand(command: Command): string {
  const lines: string[] = [];
  const sent = new Set<string>();
  const emit = (key: string, value: CommandValue): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => emit(`${key}${index}`, item));
    } else if (typeof value === 'object') {
      for (const [sub, item] of Object.entries(value)) emit(`${key}${sub.toUpperCase()}`, item);
    } else {
      // DOMAIN0 beside a DOMAIN list (or domain beside DOMAIN) would reach the API twice, and which
      // one it reads is not documented: refuse the command instead of guessing.
      if (sent.has(key)) throw new IspapiCommandError(command.COMMAND, key);
      sent.add(key);
      lines.push(`${key}=${scalar(value)}`);
    }
  };
  for (const [key, value] of Object.entries(command)) emit(key.toUpperCase(), value);
  return lines.join('\n');
}

/**
 * A command that cannot be sent as given (the same wire parameter twice); names the parameter. It is
 * our bug, not the registrar's answer: rejected (never retried), thrown before any HTTP call.
 */
export class IspapiCommandError extends RegistrarRejectedError {
  constructor(
    operation: string,
    readonly parameter: string,
  ) {
    super(`ISPAPI parameter ${parameter} is given twice in ${operation}`, { registrar: 'ispapi', operation });
  }
}

/**
 * The lines of a body or command: split only at LF and CRLF (spec 1.2, 1.4). U+2028, U+2029, U+0085
 * and a lone CR are value characters; `String.prototype.split(/\r?\n/)`, unlike a regex `^`/`$`
 * with the m flag, `.` or `trim()`, treats them so. A CR at the very end (a body cut inside CRLF)
 * belongs to the line end.
 */
export function wireLines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** Trims spaces and tabs only: `trim()` would also strip a U+2028, U+2029 or U+FEFF that ends a value. */
const blankTrim = (s: string): string => s.replace(/^[\t ]+|[\t ]+$/g, '');

/** True when the body has its EOF footer line (any case, spaces or tabs around), so it is complete. */
export function hasEofLine(body: string): boolean {
  return wireLines(body).some((line) => blankTrim(line).toUpperCase() === 'EOF');
}

/** Server side: s_command lines back into an upper-cased key map (split at the first =). */
export function decodeCommand(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of wireLines(text)) {
    const eq = raw.indexOf('=');
    if (eq <= 0) continue;
    const key = blankTrim(raw.slice(0, eq)).toUpperCase();
    if (key === '') continue;
    out[key] = blankTrim(raw.slice(eq + 1));
  }
  return out;
}

export interface IspapiResponse {
  code: number;
  description: string;
  /** columns by upper-cased name; index = order of appearance */
  properties: Record<string, string[]>;
  /** other top-level keys: QUEUETIME, RUNTIME, PENDING, EPPCODE ... */
  meta: Record<string, string>;
  pending: boolean;
  queueTime?: number;
  runtime?: number;
}

// s: `.` must match U+2028/U+2029 (JS line terminators) inside a value, or the line is dropped.
const LINE = /^([^=]*[^\t= ])[\t ]*=[\t ]*(.*)$/s;
const PROPERTY = /^property\[([^\]]*)\]/i;

export class IspapiParseError extends Error {
  override readonly name = 'IspapiParseError';
}

/**
 * Parses a response body. Lines end at LF or CRLF only (see wireLines); EOF is the footer in any
 * case. Tolerates blank lines and spaces around '='. The index in PROPERTY[NAME][i] is ignored: order of appearance defines it, as in the official SDKs.
 * Throws IspapiParseError when CODE or DESCRIPTION is missing (the SDKs answer 423 then).
 */
export function parseResponse(body: string): IspapiResponse {
  const properties: Record<string, string[]> = {};
  const meta: Record<string, string> = {};
  let sawHeader = false;
  let sawEof = false;
  for (const rawLine of wireLines(body)) {
    const line = blankTrim(rawLine);
    if (line === '[RESPONSE]') {
      sawHeader = true;
      continue;
    }
    if (line.toUpperCase() === 'EOF') {
      sawEof = true;
      continue;
    }
    const match = LINE.exec(rawLine);
    if (!match) continue;
    const key = match[1]!.trim();
    const value = match[2]!.replace(/[\t ]+$/, '');
    const prop = PROPERTY.exec(key);
    if (prop) {
      const name = prop[1]!.replace(/\s+/g, '').toUpperCase();
      (properties[name] ??= []).push(value);
    } else {
      meta[key.toUpperCase()] = value;
    }
  }
  const codeText = meta.CODE;
  const description = meta.DESCRIPTION;
  if (body.trim() === '') throw new IspapiParseError('empty API response');
  if (!sawHeader && !sawEof && codeText === undefined) throw new IspapiParseError('not an ISPAPI response');
  if (codeText === undefined || !/^\d{3}$/.test(codeText.trim())) {
    throw new IspapiParseError('invalid API response: no CODE');
  }
  if (description === undefined || description === '') {
    throw new IspapiParseError('invalid API response: no DESCRIPTION');
  }
  delete meta.CODE;
  delete meta.DESCRIPTION;
  const num = (v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  };
  return {
    code: Number(codeText),
    description,
    properties,
    meta,
    pending: meta.PENDING === '1',
    queueTime: num(meta.QUEUETIME),
    runtime: num(meta.RUNTIME),
  };
}

export interface ResponseShape {
  code: number;
  description: string;
  properties?: Record<string, Array<string | number>>;
  pending?: boolean;
  extra?: Record<string, string>;
  runtime?: number;
}

/** Server side: formats a response the way the real API does (CRLF, header, footer). */
export function formatResponse(shape: ResponseShape): string {
  const lines = ['[RESPONSE]', `CODE=${shape.code}`, `DESCRIPTION=${shape.description}`];
  if (shape.pending) lines.push('PENDING=1');
  for (const [name, values] of Object.entries(shape.properties ?? {})) {
    values.forEach((value, index) => lines.push(`PROPERTY[${name}][${index}]=${scalar(value)}`));
  }
  for (const [key, value] of Object.entries(shape.extra ?? {})) lines.push(`${key}=${value}`);
  lines.push('QUEUETIME=0', `RUNTIME=${(shape.runtime ?? 0.001).toFixed(3)}`, 'EOF', '');
  return lines.join('\r\n');
}

/** One row view of a response: the first value of every column. */
export function firstRow(response: IspapiResponse): Record<string, string> {
  const row: Record<string, string> = {};
  for (const [name, values] of Object.entries(response.properties)) {
    if (values[0] !== undefined) row[name] = values[0];
  }
  return row;
}
