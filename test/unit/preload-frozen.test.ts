/**
 * The workflow bundle preloads zod, src/contracts and src/domain once per workflow thread
 * (src/workflows/preload.ts) and the SDK then deep-freezes them. zod 4 writes into a schema on first
 * use (bound methods, lazy internals, the memoizer's first parse): on a frozen schema that write is a
 * TypeError inside a workflow task. This file freezes the preloaded modules the way the SDK does and
 * then runs the unit tests of the contracts and the domain model (imported below) against them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { preloaded } from '../../src/workflows/preload';
import * as contracts from '../../src/contracts';
import './validation.test';
import './domain-operations-contracts.test';
import './strict-inputs.test';
import './tld-fields.test';
import './tld-fields-operations.test';
import './tld-fields-prefill.test';
import './dnssec-model.test';
import './dns-zone-model.test';
import './pricing.test';
import './registrant-change.test';
import './swiss-uid.test';

/** The SDK's deepFreeze (@temporalio/worker lib/workflow/reusable-vm.js, not exported), as in 1.24. */
function deepFreeze(object: unknown, visited = new WeakSet<object>()): unknown {
  if (object === null || (typeof object !== 'object' && typeof object !== 'function')) return object;
  if (visited.has(object)) return object;
  visited.add(object);
  if (Object.isFrozen(object)) return object;
  if (typeof object === 'object') {
    for (const name of [...Object.getOwnPropertyNames(object), ...Object.getOwnPropertySymbols(object)]) {
      const value = (object as Record<PropertyKey, unknown>)[name];
      if (value && (typeof value === 'object' || typeof value === 'function')) {
        try {
          deepFreeze(value, visited);
        } catch {
          // as the SDK: some objects cannot be frozen
        }
      }
    }
  }
  return Object.freeze(object);
}

for (const namespace of preloaded) deepFreeze(namespace);

describe('preloaded modules, frozen as the SDK freezes them', () => {
  it('are frozen (so the imported tests above run against frozen schemas)', () => {
    assert.ok(Object.isFrozen(contracts.transferDomainInputSchema));
    assert.ok(Object.isFrozen(contracts.transferDomainInputSchema._zod));
  });

  it('every exported contract schema parses, refuses and wraps without writing to itself', () => {
    let schemas = 0;
    for (const [name, value] of Object.entries(contracts)) {
      if (!(value instanceof z.ZodType)) continue;
      schemas++;
      assert.doesNotThrow(() => value.safeParse(undefined), `${name}.safeParse(undefined)`);
      assert.doesNotThrow(() => value.safeParse({}), `${name}.safeParse({})`);
      assert.doesNotThrow(() => value.optional().safeParse(undefined), `${name}.optional()`);
      assert.doesNotThrow(() => value.array().safeParse([]), `${name}.array()`);
      assert.doesNotThrow(() => value.nullable().safeParse(null), `${name}.nullable()`);
      if (value instanceof z.ZodObject) assert.doesNotThrow(() => value.extend({}).safeParse({}), `${name}.extend()`);
    }
    assert.ok(schemas > 50, `found ${schemas} schemas in src/contracts`);
  });
});
