import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import * as barrelModule from '../../src/client/index';

/** Exported for the worker's own activities, not for other services. */
const INTERNAL = new Set(['signalObservation', 'startOnce', 'resolveTemporalConnection', 'connectionOptions']);

describe('client library: src/client/index.ts', () => {
  it('re-exports every public function of src/client/*.ts', async () => {
    const dir = path.resolve(__dirname, '../../src/client');
    const barrel = barrelModule as Record<string, unknown>;
    const missing: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
      const mod = (await import(path.join(dir, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value !== 'function' || INTERNAL.has(name)) continue;
        if (barrel[name] !== value) missing.push(`${file}: ${name}`);
      }
    }
    assert.deepEqual(missing, []);
  });
});
