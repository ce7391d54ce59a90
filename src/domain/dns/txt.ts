import { MAX_TXT_CHUNK } from './types';

/**
 * TXT character-strings: at most 255 octets each (RFC 1035 3.3). Canonical TXT data is the chunks
 * in double quotes, `"` and `\` escaped with a backslash, separated by one space.
 */

const encoder = new TextEncoder();
export const octets = (s: string): number => encoder.encode(s).length;

/** Splits a long value into chunks of at most 255 octets, never inside a UTF-8 character. */
export function splitTxt(value: string): string[] {
  if (value === '') return [''];
  const chunks: string[] = [];
  let current = '';
  for (const ch of value) {
    if (octets(current + ch) > MAX_TXT_CHUNK) {
      chunks.push(current);
      current = '';
    }
    current += ch;
  }
  chunks.push(current);
  return chunks;
}

export function quoteTxt(chunks: readonly string[]): string {
  return chunks.map((c) => `"${c.replace(/[\\"]/g, (m) => `\\${m}`)}"`).join(' ');
}

/**
 * The chunks of TXT presentation data: quoted strings (with \" \\ and \DDD escapes) or bare words.
 * Returns undefined when the text is not well formed (an unterminated quote).
 */
export function unquoteTxt(data: string): string[] | undefined {
  const chunks: string[] = [];
  let i = 0;
  while (i < data.length) {
    if (data[i] === ' ' || data[i] === '\t') {
      i++;
      continue;
    }
    let chunk = '';
    if (data[i] === '"') {
      i++;
      let closed = false;
      while (i < data.length) {
        const ch = data[i]!;
        if (ch === '\\') {
          const digits = /^\d{3}/.exec(data.slice(i + 1));
          if (digits) {
            chunk += String.fromCharCode(Number(digits[0]));
            i += 4;
          } else {
            chunk += data[i + 1] ?? '';
            i += 2;
          }
        } else if (ch === '"') {
          closed = true;
          i++;
          break;
        } else {
          chunk += ch;
          i++;
        }
      }
      if (!closed) return undefined;
    } else {
      while (i < data.length && data[i] !== ' ' && data[i] !== '\t') chunk += data[i++];
    }
    chunks.push(chunk);
  }
  return chunks;
}
