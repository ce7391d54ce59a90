import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  configTable,
  documentedVariables,
  CONFIG_DOC_PATH,
  schemaKeys,
  tableInDoc,
  withTable,
} from '../../scripts/config-table';

describe('the configuration table in docs/configuration.md', () => {
  const doc = readFileSync(CONFIG_DOC_PATH, 'utf8');

  it('is the table generated from the env schemas (run `npm run docs:config -- --write` after a change)', () => {
    const inDoc = tableInDoc(doc);
    assert.ok(inDoc !== undefined, 'docs/configuration.md has the config-table markers');
    assert.equal(inDoc, configTable());
  });

  it('names every variable of the env and mail schemas, each with a description', () => {
    const table = configTable();
    const keys = schemaKeys();
    assert.ok(keys.includes('TEMPORAL_ADDRESS') && keys.includes('DOMAINFLOW_SMTP_URL'));
    for (const key of keys) assert.match(table, new RegExp(`^\\| \`${key}\` +\\| [^|]+\\| \\S`, 'm'), key);
  });

  it('shows schema defaults and the computed ones', () => {
    const table = configTable();
    assert.match(table, /^\| `TEMPORAL_ADDRESS` +\| `127\.0\.0\.1:7233` +\|/m);
    assert.match(table, /^\| `DOMAINFLOW_SHUTDOWN_GRACE` +\| `20s` +\|/m);
    assert.match(table, /^\| `ISPAPI_ROLE` +\| — +\|/m);
  });

  it('--write replaces only what is between the markers', () => {
    const before = 'intro\n\n<!-- config-table:start -->\n\nold\n\n<!-- config-table:end -->\n\nrest\n';
    const after = withTable(before, '| a |');
    assert.equal(after, 'intro\n\n<!-- config-table:start -->\n\n| a |\n\n<!-- config-table:end -->\n\nrest\n');
    assert.throws(() => withTable('no markers', '| a |'), /markers/);
  });

  it('documents every variable that src/ and scripts/ read (no setting missing from the table)', () => {
    const root = path.resolve(__dirname, '../..');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) return files(full);
        return /\.(ts|mjs)$/.test(name) ? [full] : [];
      });
    // The project's own prefixes; PATH, PYTHON and the chaos test knobs are not settings.
    const read = new Set<string>();
    for (const file of [...files(path.join(root, 'src')), ...files(path.join(root, 'scripts'))]) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/env(?:\.|\[')((?:DOMAINFLOW|TEMPORAL|ISPAPI|OPENPROVIDER|SANDBOX)_[A-Z0-9_]+)/g)) {
        read.add(m[1]!);
      }
    }
    assert.ok(read.has('DOMAINFLOW_BACKORDER_PRICES'), 'the scan finds variables read outside the schemas');
    const documented = new Set(documentedVariables());
    const missing = [...read].filter((v) => !documented.has(v)).sort();
    assert.deepEqual(missing, [], `read but not in the configuration table: ${missing.join(', ')}`);
  });
});
