/**
 * Property-based tests of every workflow input schema in src/contracts/: random JSON
 * and near-valid inputs (a valid input with fields replaced, removed or added) give either a value
 * or a ZodError whose issues each carry a path and a message; parseOrThrow throws only
 * ValidationError; an unknown key anywhere is refused by parseOrThrow, named, with the known key it
 * misspells; and no workflow is started with an invalid input.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Client } from '@temporalio/client';
import type { z } from 'zod';
import { parseOrThrow, ValidationError } from '../../src/domain/validation';
import { fieldPath } from '../../src/domain/unknown-keys';
import {
  backorderInputSchema,
  customerAccountInputSchema,
  customerIdSchema,
  depositSchema,
  moneySchema,
  registerDomainInputSchema,
  registrarNameSchema,
  renewDomainInputSchema,
  reserveSchema,
  settleSchema,
  swissApplicationInputSchema,
  type TransferDomainInput,
  transferDomainInputSchema,
  transferPollingSchema,
} from '../../src/contracts';
import { startTransfer } from '../../src/client/transfer';

const RUNS = 300;
const run = <Ts extends unknown[]>(prop: fc.IProperty<Ts>, params: fc.Parameters<Ts> = {}) =>
  fc.assert(prop, { numRuns: RUNS, includeErrorInReport: true, ...params });
const runAsync = <Ts extends unknown[]>(prop: fc.IAsyncProperty<Ts>, params: fc.Parameters<Ts> = {}) =>
  fc.assert(prop, { numRuns: RUNS, includeErrorInReport: true, ...params });

// ---- valid inputs ---------------------------------------------------------------------------------

const CONTACT = {
  firstName: 'Anna',
  lastName: 'Muster',
  street: ['Bahnhofstrasse 1'],
  city: 'Zürich',
  postalCode: '8001',
  countryCode: 'CH',
  phone: '+41.441234567',
  email: 'anna@example.ch',
};
const domainArb = fc.constantFrom('example.com', 'müller.de', 'shop.co.uk', 'xn--mller-kva.de', 'example.ca');

const validTransfer = fc
  .record({
    domain: domainArb,
    authCode: fc.constantFrom('Secret-Auth-1', 'x', 'a b c'),
    nameservers: fc.constant(['ns1.example.net', 'ns2.example.net']),
    polling: fc.constant({ initialInterval: '1s', backoffCoefficient: 2, maxInterval: '1 minute', deadline: '1 hour' }),
  })
  // a .ca transfer carries the registrant's legal type (src/domain/tld-fields/operations.ts)
  .map((t) => (t.domain.endsWith('.ca') ? { ...t, extras: { legalType: 'CCO' } } : t));
const validRegister = fc.record({
  // not .eu: a Swiss person (CONTACT) is not eligible there without an EU citizenship (src/domain/tld-fields)
  domain: fc.constantFrom('example.com', 'müller.de', 'shop.fr'),
  contacts: fc.constant({ owner: CONTACT }),
  periodYears: fc.constant(1),
  extras: fc.constant({} as Record<string, string>),
});
const validRenew = fc.record({
  domain: domainArb,
  expiresOn: fc.constantFrom('2027-03-01', '2030-12-31', '2028-02-29'),
  periodYears: fc.integer({ min: 1, max: 10 }),
});
const validBackorder = fc.record({
  customerId: fc.constantFrom('cust-42', 'a.b_c'),
  domain: domainArb,
  contacts: fc.constant({ owner: CONTACT }),
});
const validSwiss = fc.record({
  domain: fc.constantFrom('example.swiss', 'müller.swiss'),
  contacts: fc.constant({ owner: CONTACT }),
  enterpriseId: fc.constantFrom('CHE-109.322.551', 'CHE109322551'),
  intendedUse: fc.constant('Company website and e-mail'),
});
const validAccount = fc.record({ customerId: fc.constantFrom('cust-42') });
const validDeposit = fc.record({
  reference: fc.constantFrom('dep-1', 'a:b.c'),
  amount: fc.integer({ min: 1, max: 1_000_000 }),
  currency: fc.constantFrom('USD', 'EUR'),
});

// ---- mutations -------------------------------------------------------------------------------------

const REMOVE = Symbol('remove');
/** Values that have broken validators before: wrong types, edge numbers, odd strings, odd durations. */
const interesting = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom<unknown>(
    '',
    ' ',
    'abc',
    '5 parsecs',
    '0',
    '-5m',
    '1e3',
    'Infinity',
    'NaN',
    '5 minutes',
    '1s',
    '10d',
    '2026-02-30',
    '2026-02-31',
    '2027-02-29',
    '2026-04-31',
    '1970-01-01',
    '0000-00-00',
    '__proto__',
    'constructor',
    'example.constructor',
    -1,
    0,
    0.5,
    1e308,
    Number.MAX_SAFE_INTEGER + 1,
    null,
    true,
    [],
    {},
    ['a', 'a'],
    ['ns1.example.net', 'NS1.example.net'],
    { '': '' },
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constant(REMOVE),
);

type Json = Record<string, unknown>;
function setPath(obj: Json, path: string[], value: unknown): Json {
  const [head, ...rest] = path;
  const copy: Json = { ...obj };
  if (rest.length === 0) {
    if (value === REMOVE) delete copy[head!];
    else copy[head!] = value;
    return copy;
  }
  const child = copy[head!];
  copy[head!] = setPath(child !== null && typeof child === 'object' ? (child as Json) : {}, rest, value);
  return copy;
}

/** A valid input with one to three fields (at these paths, or new ones) replaced or removed. */
function mutated(valid: fc.Arbitrary<Json>, paths: string[][]): fc.Arbitrary<Json> {
  const path = fc.oneof(
    fc.constantFrom(...paths),
    fc.string({ maxLength: 6 }).map((k) => [k]),
  );
  return fc
    .tuple(valid, fc.array(fc.tuple(path, interesting), { minLength: 1, maxLength: 3 }))
    .map(([base, changes]) => changes.reduce((acc, [p, v]) => setPath(acc, p, v), base));
}

const TRANSFER_PATHS = [
  ['domain'],
  ['authCode'],
  ['registrar'],
  ['nameservers'],
  ['updateNameservers'],
  ['transferLock'],
  ['periodYears'],
  ['customerId'],
  ['polling'],
  ['polling', 'initialInterval'],
  ['polling', 'backoffCoefficient'],
  ['polling', 'maxInterval'],
  ['polling', 'deadline'],
];
const CONTACT_PATHS = [['contacts'], ['contacts', 'owner'], ['contacts', 'owner', 'email'], ['contacts', 'admin']];

interface Case {
  name: string;
  schema: z.ZodType;
  valid: fc.Arbitrary<Json>;
  inputs: fc.Arbitrary<unknown>;
}
const cases: Case[] = [
  {
    name: 'transferDomain',
    schema: transferDomainInputSchema,
    valid: validTransfer,
    inputs: mutated(validTransfer, TRANSFER_PATHS),
  },
  {
    name: 'transferPolling',
    schema: transferPollingSchema,
    valid: fc.constant({}),
    inputs: mutated(fc.constant({}), [['initialInterval'], ['backoffCoefficient'], ['maxInterval'], ['deadline']]),
  },
  {
    name: 'registerDomain',
    schema: registerDomainInputSchema,
    valid: validRegister,
    inputs: mutated(validRegister, [
      ['domain'],
      ['periodYears'],
      ['nameservers'],
      ['extras'],
      ['extras', 'legalType'],
      ['acceptPremiumPrice'],
      ['acceptPremiumPrice', 'amount'],
      ['activation', 'initialInterval'],
      ['activation', 'deadline'],
      ['privacy'],
      ...CONTACT_PATHS,
    ]),
  },
  {
    name: 'renewDomain',
    schema: renewDomainInputSchema,
    valid: validRenew,
    inputs: mutated(validRenew, [
      ['domain'],
      ['expiresOn'],
      ['periodYears'],
      ['acceptRestoreFee'],
      ['restoreDeadline'],
    ]),
  },
  {
    name: 'backorder',
    schema: backorderInputSchema,
    valid: validBackorder,
    inputs: mutated(validBackorder, [
      ['customerId'],
      ['domain'],
      ['currency'],
      ['notifyEmail'],
      ['timing'],
      ['timing', 'pollEvery'],
      ...CONTACT_PATHS,
    ]),
  },
  {
    name: 'swissApplication',
    schema: swissApplicationInputSchema,
    valid: validSwiss,
    inputs: mutated(validSwiss, [
      ['domain'],
      ['enterpriseId'],
      ['intendedUse'],
      ['nameservers'],
      ['deadline'],
      ...CONTACT_PATHS,
    ]),
  },
  {
    name: 'customerAccount',
    schema: customerAccountInputSchema,
    valid: validAccount,
    inputs: mutated(validAccount, [['customerId'], ['state'], ['continueAsNewAfterEvents']]),
  },
  {
    name: 'deposit',
    schema: depositSchema,
    valid: validDeposit,
    inputs: mutated(validDeposit, [['reference'], ['amount'], ['currency'], ['memo']]),
  },
  {
    name: 'reserve',
    schema: reserveSchema,
    valid: validDeposit,
    inputs: mutated(validDeposit, [['reference'], ['amount'], ['notifyWorkflowId']]),
  },
  {
    name: 'settle',
    schema: settleSchema,
    valid: fc.constant({ reference: 'r-1' }),
    inputs: mutated(fc.constant({ reference: 'r-1' }), [['reference']]),
  },
  {
    name: 'money',
    schema: moneySchema,
    valid: fc.constant({ amount: '120.00', currency: 'USD' }),
    inputs: mutated(fc.constant({ amount: '120.00', currency: 'USD' }), [['amount'], ['currency']]),
  },
  { name: 'customerId', schema: customerIdSchema, valid: fc.constant({}), inputs: interesting },
  { name: 'registrarName', schema: registrarNameSchema, valid: fc.constant({}), inputs: interesting },
];

const isPlainObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Known counterexamples, replayed first so a fix is proven and a regression is caught. */
const KNOWN: Record<string, unknown[]> = {
  transferDomain: [{ domain: 'example.com', authCode: 'x', polling: { initialInterval: 'abc' } }],
  transferPolling: [{ maxInterval: '5 parsecs' }],
};

// ---- properties -------------------------------------------------------------------------------------

describe('fuzz: workflow input schemas (contracts.ts)', () => {
  for (const c of cases) {
    if (c.name !== 'customerId' && c.name !== 'registrarName') {
      it(`${c.name}: the generated valid inputs pass`, () => {
        run(
          fc.property(c.valid, (v) => {
            const r = c.schema.safeParse(v);
            assert.ok(r.success, JSON.stringify(r.error?.issues));
          }),
          { numRuns: 50 },
        );
      });
    }

    it(`${c.name}: random and near-valid JSON -> a value, or issues each with a path and a message; never a throw`, () => {
      run(
        fc.property(fc.oneof({ weight: 4, arbitrary: c.inputs }, { weight: 1, arbitrary: fc.jsonValue() }), (v) => {
          const r = c.schema.safeParse(v);
          if (r.success) return;
          assert.ok(r.error.issues.length > 0);
          for (const issue of r.error.issues) {
            assert.ok(Array.isArray(issue.path), 'issue.path is a list');
            assert.ok(typeof issue.message === 'string' && issue.message.trim().length > 0, 'issue has a message');
            if (isPlainObject(v) && c.name !== 'customerId' && c.name !== 'registrarName') {
              assert.ok(issue.path.length > 0, `issue without a field for an object input: ${JSON.stringify(issue)}`);
            }
          }
        }),
        { examples: (KNOWN[c.name] ?? []).map((k) => [k]) },
      );
    });

    it(`${c.name}: parseOrThrow returns a value or throws a ValidationError naming the fields`, () => {
      run(
        fc.property(c.inputs, (v) => {
          let value: unknown;
          try {
            value = parseOrThrow(c.schema, v);
          } catch (err) {
            assert.ok(err instanceof ValidationError, `threw ${String(err)}`);
            assert.ok(err.fields.length > 0);
            for (const f of err.fields) assert.ok(err.message.includes(`${f}: `), `${err.message} names ${f}`);
            return;
          }
          assert.notEqual(value, undefined);
        }),
        { examples: (KNOWN[c.name] ?? []).map((k) => [k]) },
      );
    });
  }

  it('renewDomain: an accepted expiresOn is a real calendar date', () => {
    run(
      fc.property(
        fc.oneof(
          fc.tuple(
            fc.integer({ min: 1971, max: 2100 }),
            fc.integer({ min: 1, max: 12 }),
            fc.integer({ min: 1, max: 31 }),
          ),
          fc.tuple(fc.integer({ min: 1971, max: 2100 }), fc.constant(2), fc.integer({ min: 28, max: 31 })),
        ),
        ([y, m, d]) => {
          const expiresOn = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const r = renewDomainInputSchema.safeParse({ domain: 'example.com', expiresOn });
          const real = new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === expiresOn;
          assert.equal(r.success, real, `${expiresOn} ${r.success ? 'accepted' : 'refused'}`);
        },
      ),
      { examples: [[[2026, 2, 30]]] },
    );
  });

  it('registerDomain: an issue about an extra names that extra (path ["extras", key])', () => {
    run(
      fc.property(
        fc.constantFrom('example.com', 'example.ca'),
        fc.dictionary(
          fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('a.b', 'c: d', 'legalType')),
          fc.constantFrom('CCO', 'x', ''),
        ),
        (domain, extras) => {
          const r = registerDomainInputSchema.safeParse({ domain, contacts: { owner: CONTACT }, extras });
          if (r.success) return;
          for (const issue of r.error.issues) {
            if (issue.path[0] !== 'extras') continue;
            assert.equal(issue.path.length, 2, `path ${JSON.stringify(issue.path)}`);
            assert.ok(
              Object.hasOwn(extras, String(issue.path[1])) || issue.path[1] === 'legalType',
              `path ${JSON.stringify(issue.path)} is not one of the extras ${JSON.stringify(Object.keys(extras))}`,
            );
          }
        },
      ),
      { examples: [['example.com', { 'a.b': 'x' }]] },
    );
  });
});

// ---- unknown keys (strict inputs) -------------------------------------------------------------------

/** Where each case's valid input has an object whose keys the schema lists (not a free-form record). */
const OBJECT_PATHS: Record<string, string[][]> = {
  transferDomain: [[], ['polling']],
  transferPolling: [[]],
  registerDomain: [[], ['contacts'], ['contacts', 'owner']],
  renewDomain: [[]],
  backorder: [[], ['contacts'], ['contacts', 'owner']],
  swissApplication: [[], ['contacts', 'owner']],
  customerAccount: [[]],
  deposit: [[]],
  reserve: [[]],
  settle: [[]],
  money: [[]],
};

const at = (obj: unknown, path: string[]): Json => path.reduce((o, k) => (o as Json)[k] as Json, obj as Json);

/** A key no schema here knows ('x_' starts none of them); '__proto__' would set a prototype, not a key. */
const strangerKey = fc.string({ maxLength: 8 }).map((k) => `x_${k}`);

/** A known key as people mistype it: other case, snake_case, kebab-case. */
function misspelt(key: string, how: number): string {
  const variants = [
    key.toUpperCase(),
    key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
    key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
    `${key[0]!.toUpperCase()}${key.slice(1)}`,
  ].filter((v) => v !== key);
  return variants[how % variants.length] ?? `${key}_`;
}

describe('fuzz: unknown keys are refused by parseOrThrow, named, with the closest known key', () => {
  for (const c of cases) {
    const paths = OBJECT_PATHS[c.name];
    if (!paths) continue;
    it(`${c.name}: a stranger key at any object level is refused and named; valid inputs have none`, () => {
      run(
        fc.property(c.valid, fc.constantFrom(...paths), strangerKey, fc.jsonValue(), (valid, where, key, value) => {
          parseOrThrow(c.schema, valid);
          const withKey = setPath(valid, [...where, key], value);
          assert.throws(
            () => parseOrThrow(c.schema, withKey),
            (err: unknown) => {
              assert.ok(err instanceof ValidationError, String(err));
              const field = fieldPath([...where, key]);
              assert.ok(err.fields.includes(field), `${JSON.stringify(err.fields)} names ${field}`);
              assert.ok(err.message.includes(`${field}: unknown field`), err.message);
              return true;
            },
          );
        }),
      );
    });

    // transferPolling's valid input is {}: nothing to misspell.
    it(
      `${c.name}: a misspelt known key is refused with "did you mean <the key>?"`,
      { skip: c.name === 'transferPolling' },
      () => {
        run(
          fc.property(c.valid, fc.constantFrom(...paths), fc.nat(), fc.nat(), (valid, where, pick, how) => {
            const keys = Object.keys(at(valid, where));
            fc.pre(keys.length > 0);
            const key = keys[pick % keys.length]!;
            const wrong = misspelt(key, how);
            fc.pre(wrong !== key);
            const moved = setPath(setPath(valid, [...where, key], REMOVE), [...where, wrong], at(valid, where)[key]);
            assert.throws(
              () => parseOrThrow(c.schema, moved),
              (err: unknown) => {
                assert.ok(err instanceof ValidationError, String(err));
                const field = fieldPath([...where, wrong]);
                assert.ok(err.message.includes(`${field}: unknown field (did you mean ${key}?)`), err.message);
                return true;
              },
            );
          }),
          { numRuns: 100 },
        );
      },
    );
  }
});

// ---- no workflow starts with invalid input ---------------------------------------------------------

/** A stand-in client: any use of client.workflow counts as contacting Temporal. */
function refusingClient(): { client: Client; calls: string[] } {
  const calls: string[] = [];
  const workflow = new Proxy(
    {},
    {
      get(_t, prop) {
        return () => {
          calls.push(String(prop));
          throw new Error(`client.workflow.${String(prop)} must not be called for an invalid input`);
        };
      },
    },
  );
  return { client: { workflow } as unknown as Client, calls };
}

function invalid(v: unknown): boolean {
  try {
    return !transferDomainInputSchema.safeParse(v).success;
  } catch {
    return true; // a throwing schema is a bug reported by the properties above; the input is not valid
  }
}
const invalidTransfer = fc.oneof(mutated(validTransfer, TRANSFER_PATHS), fc.jsonValue()).filter(invalid);

describe('fuzz: startTransfer never contacts Temporal with an invalid input', () => {
  it('client.workflow is never touched', async () => {
    await runAsync(
      fc.asyncProperty(invalidTransfer, async (v) => {
        const { client, calls } = refusingClient();
        await assert.rejects(startTransfer(client, v as TransferDomainInput));
        assert.deepEqual(calls, []);
      }),
      { examples: KNOWN.transferDomain!.map((k): [Json] => [k as Json]) },
    );
  });

  it('the refusal is a ValidationError', async () => {
    await runAsync(
      fc.asyncProperty(invalidTransfer, async (v) => {
        const { client } = refusingClient();
        await assert.rejects(startTransfer(client, v as TransferDomainInput), (err: unknown) => {
          assert.ok(err instanceof ValidationError, `rejected with ${String(err)}`);
          return true;
        });
      }),
      { examples: KNOWN.transferDomain!.map((k): [Json] => [k as Json]) },
    );
  });
});
