/**
 * Prints the configuration table of docs/configuration.md, generated from the environment schemas
 * (src/config/config.ts, src/config/mail.ts): variable, default, meaning. The default column is the
 * schema's `.default()` value, or the `defaultText` metadata where the effective default is computed.
 * `npm run docs:config` prints it; `npm run docs:config -- --write` replaces the table in docs/configuration.md
 * between the config-table markers. test/unit/config-table.test.ts keeps the two equal.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { envSchema } from '../src/config/config';
import { mailSchema } from '../src/config/mail';
import { DEFAULT_BACKORDER_PRICES } from '../src/config/backorder-prices';

/** The page that holds the table (it moved out of README.md, which is only the front door). */
export const CONFIG_DOC_PATH = path.resolve(__dirname, '..', 'docs', 'configuration.md');
export const START_MARKER = '<!-- config-table:start -->';
export const END_MARKER = '<!-- config-table:end -->';

/**
 * Variables read outside the two schemas: the binary lookup in scripts/lib, provisioning, the
 * backorder price list (its own parser) and the CLI's auth-code fallback. The unit test fails when
 * src/ or scripts/ reads a variable that is neither in a schema nor here.
 */
const EXTRA_ROWS: string[][] = [
  ['`TEMPORAL_CLI_PATH`, `TEMPORAL_TEST_SERVER_PATH`', '—', 'use these binaries instead of the provisioned ones'],
  ['`DOMAINFLOW_SKIP_PROVISION`', '—', '`1`: `npm install` does not provision the Temporal binaries'],
  [
    '`DOMAINFLOW_BACKORDER_PRICES`',
    `\`${DEFAULT_BACKORDER_PRICES}\``,
    'backorder prices, `tld:CURRENCY:amount` comma-separated; no price for a TLD and currency, no backorder',
  ],
  [
    '`DOMAINFLOW_AUTH_CODE`',
    '—',
    'auth code for `domainflow transfer` when neither `--auth-code` nor `--auth-code-stdin` is given',
  ],
];

/** Every variable named in the table, schema rows and extra rows. */
export function documentedVariables(): string[] {
  return [...schemaKeys(), ...EXTRA_ROWS.flatMap((r) => [...r[0]!.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]!))];
}

/** Every variable the schemas read, in schema order. */
export function schemaKeys(): string[] {
  return [...Object.keys(envSchema.shape), ...Object.keys(mailSchema.shape)];
}

function defaultOf(field: z.ZodType): string {
  const meta = field.meta();
  if (typeof meta?.defaultText === 'string') return meta.defaultText;
  const def = field.def as { type: string; defaultValue?: unknown };
  if (def.type === 'default') return `\`${String(def.defaultValue)}\``;
  return '—';
}

function rows(): string[][] {
  const fields: [string, z.ZodType][] = [...Object.entries(envSchema.shape), ...Object.entries(mailSchema.shape)];
  return [
    ...fields.map(([key, field]) => {
      const description = field.meta()?.description ?? field.description;
      if (!description) throw new Error(`${key}: the schema field has no .describe() text`);
      return [`\`${key}\``, defaultOf(field), description];
    }),
    ...EXTRA_ROWS,
  ];
}

/** The Markdown table, aligned the way prettier aligns tables (so `prettier --check` keeps it). */
export function configTable(): string {
  const all = [['variable', 'default', 'meaning'], ...rows()].map((r) => r.map((c) => c.replace(/\|/g, '\\|')));
  const widths = all[0]!.map((_, col) => Math.max(3, ...all.map((r) => r[col]!.length)));
  const line = (r: string[]): string => `| ${r.map((c, col) => c.padEnd(widths[col]!)).join(' | ')} |`;
  const separator = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
  return [line(all[0]!), separator, ...all.slice(1).map(line)].join('\n');
}

/** The table currently between the markers in `doc`, or undefined without markers. */
export function tableInDoc(doc: string): string | undefined {
  const start = doc.indexOf(START_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (start < 0 || end < start) return undefined;
  return doc.slice(start + START_MARKER.length, end).trim();
}

export function withTable(doc: string, table: string): string {
  const start = doc.indexOf(START_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`the page has no ${START_MARKER} … ${END_MARKER} markers`);
  return `${doc.slice(0, start + START_MARKER.length)}\n\n${table}\n\n${doc.slice(end)}`;
}

if (require.main === module) {
  const table = configTable();
  if (process.argv.includes('--write')) {
    writeFileSync(CONFIG_DOC_PATH, withTable(readFileSync(CONFIG_DOC_PATH, 'utf8'), table));
    console.log(`wrote the configuration table into ${path.relative(process.cwd(), CONFIG_DOC_PATH)}`);
  } else {
    console.log(table);
  }
}
