/** The markup rules and catalogue interval from the environment (src/config/prices.ts). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { DEFAULT_MARKUPS } from '../../src/config/prices';

const dir = mkdtempSync(path.join(tmpdir(), 'markups-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('DOMAINFLOW_PRICE_MARKUPS and DOMAINFLOW_CATALOGUE_SYNC_INTERVAL', () => {
  it('without a file: the embedded +20 % rounded to x.99, synced daily', () => {
    const { prices } = loadConfig({});
    assert.deepEqual(prices.markups, DEFAULT_MARKUPS);
    assert.deepEqual(DEFAULT_MARKUPS, { default: { percent: 20, rounding: '99' } });
    assert.equal(prices.markupsSource, 'embedded');
    assert.equal(prices.catalogueSyncIntervalMs, 24 * 3_600_000);
  });

  it('a YAML file and a JSON file are read, premium included; off turns the schedules off', () => {
    const yaml = file(
      'rules.yaml',
      'default: { percent: 10 }\ntlds:\n  de: { fixed: { EUR: "1.50" }, rounding: none }\npremium: { percent: 5 }\n',
    );
    const fromYaml = loadConfig({ DOMAINFLOW_PRICE_MARKUPS: yaml, DOMAINFLOW_CATALOGUE_SYNC_INTERVAL: 'off' }).prices;
    assert.deepEqual(fromYaml.markups, {
      default: { percent: 10 },
      tlds: { de: { fixed: { EUR: '1.50' }, rounding: 'none' } },
      premium: { percent: 5 },
    });
    assert.equal(fromYaml.catalogueSyncIntervalMs, null);
    const json = file('rules.json', JSON.stringify({ default: { rounding: '00' } }));
    assert.deepEqual(loadConfig({ DOMAINFLOW_PRICE_MARKUPS: json }).prices.markups, { default: { rounding: '00' } });
  });

  it('a bad rule, an unknown key, a missing file and a short interval are refused naming the field', () => {
    const bad = file('bad.yaml', 'default: { percent: -3 }\ntlds: { de: { rounding: "98" } }\n');
    assert.throws(
      () => loadConfig({ DOMAINFLOW_PRICE_MARKUPS: bad }),
      (err: Error) =>
        err.name === 'ConfigError' &&
        err.message.includes(`DOMAINFLOW_PRICE_MARKUPS (${bad})`) &&
        err.message.includes('default.percent') &&
        err.message.includes('tlds.de.rounding'),
    );
    const unknown = file('unknown.json', '{"default": {}, "premiums": {}}');
    assert.throws(() => loadConfig({ DOMAINFLOW_PRICE_MARKUPS: unknown }), /premiums/);
    assert.throws(
      () => loadConfig({ DOMAINFLOW_PRICE_MARKUPS: path.join(dir, 'absent.yaml') }),
      /DOMAINFLOW_PRICE_MARKUPS .*cannot read the file/,
    );
    assert.throws(
      () => loadConfig({ DOMAINFLOW_CATALOGUE_SYNC_INTERVAL: '30s' }),
      /DOMAINFLOW_CATALOGUE_SYNC_INTERVAL/,
    );
  });
});
