/**
 * Derives the sandbox's ISPAPI reference table from HEXONET's command reference (one markdown page
 * per command under ../shared/specs/ispapi-api): per command its parameters (Min, type, index range,
 * enumeration), response codes and properties (Min/Max). The result is committed as
 * src/sandbox/ispapi/reference/commands.json so a clone runs without ../shared;
 * test/unit/ispapi-reference.test.ts checks the two agree when the pages are present.
 *
 *   npx tsx scripts/derive-ispapi-reference.ts          # writes the JSON
 *   npx tsx scripts/derive-ispapi-reference.ts --check  # exit 1 when the JSON differs
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';

export const SPEC_DIR = path.resolve(__dirname, '..', '..', 'shared', 'specs', 'ispapi-api');
export const REFERENCE_PATH = path.resolve(__dirname, '..', 'src', 'sandbox', 'ispapi', 'reference', 'commands.json');

export interface ReferenceParameter {
  /** the name without its index range: NAMESERVER for NAMESERVER[0..12] */
  name: string;
  /** [first, last] index of NAME[a..b]; last null for ..N */
  index?: [number, number | null];
  min: number;
  /** the type words of the Type column (INT, DATE, TEXT, DOMAIN ...), NULL and enumerated values removed */
  types?: string[];
  /** the enumerated values (`0`, `1`, `CREATE` ...) */
  values?: string[];
  /** a regular expression the value must match (types written as `/^...$/`) */
  pattern?: string;
  /** "or NULL": an empty value is allowed */
  nullable?: true;
}

export interface ReferenceProperty {
  name: string;
  index?: [number, number | null];
  min: number;
  max: string;
  type: string;
}

export interface ReferenceCommand {
  page: string;
  parameters: ReferenceParameter[];
  codes: number[];
  properties: ReferenceProperty[];
}

export interface Reference {
  source: string;
  commands: Record<string, ReferenceCommand>;
}

function pages(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...pages(full));
    else if (entry.name.endsWith('.md')) out.push(full);
  }
  return out.sort();
}

/** NAME[0..12] / NAME[0..N] / NAME */
function splitName(raw: string): { name: string; index?: [number, number | null] } {
  const m = /^([^[\s]+)\[(\d+)\.\.(\d+|N)\]$/.exec(raw.trim());
  if (!m) return { name: raw.trim() };
  return { name: m[1]!, index: [Number(m[2]), m[3] === 'N' ? null : Number(m[3])] };
}

/** A table row's cells; a regular expression type may hold `|`, so it is joined back. */
function cells(line: string, columns: number): string[] {
  const parts = line.split('|').map((c) => c.trim());
  if (parts.length <= columns) return parts;
  const regex = parts.findIndex((c, i) => i >= 2 && c.startsWith('`/'));
  if (regex >= 0) {
    const head = parts.slice(0, regex);
    const type = parts.slice(regex).join('|');
    return [...head.slice(0, columns - 2), head.slice(columns - 2).join('|'), type];
  }
  // extra pipes inside the definition: the last cell is the type
  return [...parts.slice(0, columns - 2), parts.slice(columns - 2, -1).join('|'), parts.at(-1)!];
}

/** The Type column as type words, enumerated values, a pattern and NULL. */
export function parseType(type: string): Pick<ReferenceParameter, 'types' | 'values' | 'pattern' | 'nullable'> {
  const text = type.trim();
  const regex = /^`\/(.*)\/`$/.exec(text);
  if (regex) return { pattern: regex[1]! };
  const values: string[] = [];
  const types: string[] = [];
  let nullable = false;
  const withoutValues = text.replace(/`([^`]*)`/g, (_, v: string) => {
    values.push(v);
    return ',';
  });
  for (const word of withoutValues.split(/,|\bor\b/)) {
    const w = word.trim();
    if (w === '') continue;
    // the pages misspell NULL twice (NUL, NULLL)
    if (/^NUL+$/.test(w)) nullable = true;
    else types.push(w);
  }
  return {
    ...(types.length > 0 ? { types } : {}),
    ...(values.length > 0 ? { values } : {}),
    ...(nullable ? { nullable: true as const } : {}),
  };
}

type Section = 'parameters' | 'properties' | 'codes' | undefined;

export function parsePage(text: string, page: string): { name: string; command: ReferenceCommand } | undefined {
  const title = /^#\s+(.+)$/m.exec(text)?.[1]?.trim();
  if (!title) return undefined;
  const command: ReferenceCommand = { page, parameters: [], codes: [], properties: [] };
  let section: Section;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (/^Parameter\s*\|/.test(line)) section = 'parameters';
    else if (/^Property\s*\|/.test(line)) section = 'properties';
    else if (/^Code\s*\|/.test(line)) section = 'codes';
    else if (/^-+\s*\|/.test(line)) continue;
    else if (!line.includes('|')) section = undefined;
    else if (section === 'parameters') {
      const [rawName = '', min = '0', , type = ''] = cells(line, 4);
      if (rawName === 'COMMAND') continue;
      command.parameters.push({ ...splitName(rawName), min: Number(min) || 0, ...parseType(type) });
    } else if (section === 'properties') {
      const [rawName = '', min = '0', max = '', , type = ''] = cells(line, 5);
      command.properties.push({ ...splitName(rawName), min: Number(min) || 0, max, type });
    } else if (section === 'codes') {
      const code = Number(/^(\d{3})/.exec(line)?.[1]);
      if (Number.isFinite(code) && !command.codes.includes(code)) command.codes.push(code);
    }
  }
  return { name: title, command };
}

/**
 * The commands the sandbox implements (src/sandbox/ispapi/commands/, one module per protocol
 * object), read from their source so this script runs before the JSON exists: only those are kept.
 */
export function sandboxCommandNames(): string[] {
  const dir = path.resolve(__dirname, '..', 'src', 'sandbox', 'ispapi', 'commands');
  const names = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    for (const m of readFileSync(path.join(dir, file), 'utf8').matchAll(/^\s+name: '([A-Za-z][A-Za-z0-9_]*)',$/gm))
      names.add(m[1]!);
  }
  return [...names].sort();
}

export function deriveReference(specDir = SPEC_DIR, keep: readonly string[] = sandboxCommandNames()): Reference {
  const commands: Record<string, ReferenceCommand> = {};
  // Shallowest page first: DOMAIN/QUERYDOMAINLIST.md wins over DOMAIN/SALES/QUERYDOMAINLIST.md.
  const files = pages(specDir).sort((a, b) => a.split(path.sep).length - b.split(path.sep).length || (a < b ? -1 : 1));
  for (const file of files) {
    const page = path.relative(specDir, file).split(path.sep).join('/');
    const parsed = parsePage(readFileSync(file, 'utf8'), page);
    if (!parsed || commands[parsed.name] || !keep.includes(parsed.name)) continue;
    commands[parsed.name] = parsed.command;
  }
  const sorted = Object.fromEntries(Object.entries(commands).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { source: 'HEXONET ISPAPI command reference (hexonet-api-documentation), derived', commands: sorted };
}

export async function formatReference(reference: Reference): Promise<string> {
  const options = (await prettier.resolveConfig(REFERENCE_PATH)) ?? {};
  return prettier.format(JSON.stringify(reference), { ...options, parser: 'json' });
}

async function main(): Promise<void> {
  if (!existsSync(SPEC_DIR)) {
    console.error(`no command reference at ${SPEC_DIR}`);
    process.exit(2);
  }
  const text = await formatReference(deriveReference());
  if (process.argv.includes('--check')) {
    const same = existsSync(REFERENCE_PATH) && readFileSync(REFERENCE_PATH, 'utf8') === text;
    console.log(same ? 'reference up to date' : `${REFERENCE_PATH} differs from the pages`);
    process.exit(same ? 0 : 1);
  }
  writeFileSync(REFERENCE_PATH, text);
  console.log(`wrote ${REFERENCE_PATH}`);
}

if (require.main === module) void main();
