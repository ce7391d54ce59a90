/**
 * Property-based tests of the registrar wire parsers: ISPAPI response bodies (random, truncated,
 * round-tripped through formatResponse), Openprovider envelopes (in memory and over HTTP through
 * the sandbox's injected raw bodies) and Openprovider's Europe/Amsterdam dates. Nothing may throw
 * an error other than the documented class.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  decodeCommand,
  encodeCommand,
  formatResponse,
  IspapiCommandError,
  IspapiParseError,
  parseResponse,
  type ResponseShape,
} from '../../src/registrars/ispapi/wire';
import {
  checkDomainsDataSchema,
  customerSchema,
  domainObjectSchema,
  envelopeSchema,
  listDomainsDataSchema,
  tldSchema,
  transferDataSchema,
} from '../../src/registrars/openprovider/wire';
import { OpenproviderClient } from '../../src/registrars/openprovider/client';
import {
  addAmsterdamDays,
  formatOpenproviderDate,
  OpenproviderDateError,
  parseOpenproviderDate,
  parseOptionalOpenproviderDate,
} from '../../src/registrars/openprovider/dates';
import { RegistrarError } from '../../src/registrars/errors';
import type { OpenproviderSandbox } from '../../src/sandbox/openprovider/server';
import { startOpenprovider, type OpenproviderSetup } from '../helpers/registrars';

const RUNS = 300;
const run = <Ts extends unknown[]>(prop: fc.IProperty<Ts>, params: fc.Parameters<Ts> = {}) =>
  fc.assert(prop, { numRuns: RUNS, includeErrorInReport: true, ...params });

/** Runs fn; a thrown error must be an instance of `allowed`. Returns the value or the error. */
function onlyThrows<T>(allowed: abstract new (...args: never[]) => Error, fn: () => T): T | Error {
  try {
    return fn();
  } catch (err) {
    assert.ok(err instanceof allowed, `threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    return err;
  }
}

// ---- ISPAPI ----------------------------------------------------------------------------------------

/**
 * Text that survives one KEY=VALUE line: no CR or LF, no surrounding spaces or tabs. Other line
 * separators (U+2028, U+2029, U+0085, VT, FF) are value characters, also at the edges.
 */
const lineValue = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
      { weight: 1, arbitrary: fc.constantFrom('\u2028', '\u2029', '\u0085', '\v', '\f', '\ufeff') },
    ),
    { maxLength: 5 },
  )
  .map((parts) =>
    parts
      .join('')
      .replace(/[\r\n]/g, '')
      .replace(/^[\t ]+|[\t ]+$/g, ''),
  );
const columnName = fc.stringMatching(/^[A-Z][A-Z0-9_-]{0,11}$/);
const extraKey = fc
  .stringMatching(/^[A-Z][A-Z0-9_]{0,10}$/)
  .filter((k) => !['CODE', 'DESCRIPTION', 'PENDING', 'QUEUETIME', 'RUNTIME', 'EOF'].includes(k));

const responseShape: fc.Arbitrary<ResponseShape> = fc.record(
  {
    code: fc.integer({ min: 100, max: 999 }),
    description: lineValue.filter((s) => s !== ''),
    properties: fc.dictionary(columnName, fc.array(fc.oneof(lineValue, fc.integer()), { maxLength: 4 }), {
      maxKeys: 5,
    }),
    pending: fc.boolean(),
    extra: fc.dictionary(extraKey, lineValue, { maxKeys: 3 }),
    runtime: fc.double({ min: 0, max: 1000, noNaN: true }),
  },
  { requiredKeys: ['code', 'description'] },
);

const ispapiNoise = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom('[RESPONSE]', 'EOF', 'CODE=200', 'CODE = 545', 'CODE=', 'CODE=20', 'DESCRIPTION=', '=', '==x'),
        fc.constantFrom('PROPERTY[', 'property[x][0]=1', 'PROPERTY[][0]=', 'PROPERTY[__proto__][0]=x', '__proto__=x'),
        fc.constantFrom('constructor=1', 'QUEUETIME=abc', 'RUNTIME=1e400', 'PENDING=1', ' \t', '\r', '\u0000'),
        fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([k, v]) => `${k}=${v}`),
      ),
      { maxLength: 12 },
    )
    .chain((lines) => fc.constantFrom('\n', '\r\n', '\r').map((nl) => lines.join(nl))),
);

describe('fuzz: ISPAPI response bodies', () => {
  it('valid responses round-trip through formatResponse and parseResponse', () => {
    run(
      fc.property(responseShape, (shape) => {
        const parsed = parseResponse(formatResponse(shape));
        assert.equal(parsed.code, shape.code);
        assert.equal(parsed.description, shape.description);
        assert.equal(parsed.pending, shape.pending === true);
        const expected: Record<string, string[]> = {};
        for (const [name, values] of Object.entries(shape.properties ?? {})) {
          if (values.length > 0) expected[name] = values.map(String);
        }
        assert.deepEqual(parsed.properties, expected);
        for (const [key, value] of Object.entries(shape.extra ?? {})) assert.equal(parsed.meta[key], value);
        assert.equal(parsed.queueTime, 0);
        assert.equal(parsed.runtime, Number((shape.runtime ?? 0.001).toFixed(3)));
      }),
    );
  });

  it('random bodies: a parsed response or IspapiParseError, nothing else', () => {
    run(
      fc.property(ispapiNoise, (body) => {
        const r = onlyThrows(IspapiParseError, () => parseResponse(body));
        if (r instanceof Error) return;
        assert.match(String(r.code), /^\d{3}$/);
        assert.ok(r.description.length > 0);
        assert.equal(Object.getPrototypeOf(r.properties), Object.prototype);
        for (const values of Object.values(r.properties)) assert.ok(Array.isArray(values));
      }),
    );
  });

  it('truncated valid responses: a parsed response or IspapiParseError; complete header lines keep their values', () => {
    run(
      fc.property(responseShape, fc.nat(), (shape, cut) => {
        const body = formatResponse(shape);
        const truncated = body.slice(0, cut % (body.length + 1));
        const r = onlyThrows(IspapiParseError, () => parseResponse(truncated));
        if (r instanceof Error) return;
        assert.equal(r.code, shape.code);
        // DESCRIPTION may itself be cut mid-value; what is left is a prefix of it.
        assert.ok(shape.description.startsWith(r.description), `${r.description} vs ${shape.description}`);
      }),
    );
  });

  it('commands: decodeCommand(encodeCommand(x)) gives back every scalar, or a wire key given twice is refused', () => {
    const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/);
    run(
      fc.property(
        key,
        // Keys are case-insensitive on the wire: two keys differing only in case are one key.
        fc.dictionary(
          key.map((k) => k.toUpperCase()),
          fc.oneof(lineValue, fc.integer(), fc.boolean(), fc.array(lineValue, { maxLength: 3 })),
        ),
        (command, params) => {
          // What each parameter becomes on the wire: an array A is A0, A1 …, which a scalar A0 beside it also names.
          const expected: Array<[string, string]> = [['COMMAND', command]];
          for (const [k, v] of Object.entries(params)) {
            if (k === 'COMMAND') continue;
            if (Array.isArray(v)) v.forEach((item, i) => expected.push([`${k}${i}`, item]));
            else expected.push([k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v)]);
          }
          const wireKeys = expected.map(([k]) => k);
          const twice = wireKeys.filter((k, i) => wireKeys.indexOf(k) !== i);
          const encode = () => encodeCommand({ ...params, COMMAND: command });
          if (twice.length > 0) {
            assert.throws(encode, (err: unknown) => err instanceof IspapiCommandError && twice.includes(err.parameter));
            return;
          }
          const decoded = decodeCommand(encode());
          assert.deepEqual(decoded, Object.fromEntries(expected));
        },
      ),
    );
  });
});

// ---- Openprovider envelopes ---------------------------------------------------------------------------

const envelopeLike = fc.record(
  {
    code: fc.oneof(fc.constantFrom(0, 196, 320, 399, 4001, 10000), fc.integer(), fc.double(), fc.string()),
    desc: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null), fc.integer()),
    data: fc.jsonValue({ maxDepth: 3 }),
    warnings: fc.oneof(
      fc.constant(null),
      fc.array(fc.record({ code: fc.integer(), desc: fc.string() }), { maxLength: 2 }),
      fc.jsonValue(),
    ),
    maintenance: fc.oneof(fc.boolean(), fc.constant(null), fc.jsonValue()),
  },
  { requiredKeys: [] },
);
const validEnvelope = fc.record({
  code: fc.constantFrom(0, 0, 0, 196, 320, 399),
  desc: fc.string({ maxLength: 20 }),
  data: fc.constantFrom(
    { results: [], total: 0 },
    { results: [{ id: 1, domain: { name: 'example', extension: 'com' }, status: 'ACT' }], total: 1 },
    {},
    'error text',
  ),
});
/** Bodies as they might arrive: JSON of envelopes, truncated JSON, HTML, random text. */
const bodies = fc.oneof(
  envelopeLike.map((e) => JSON.stringify(e)),
  fc
    .tuple(
      validEnvelope.map((e) => JSON.stringify(e)),
      fc.nat(),
    )
    .map(([s, n]) => s.slice(0, n % (s.length + 1))),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.constantFrom('', '<html><body>502 Bad Gateway</body></html>', 'null', '[]', '{"code":0', '{"code":"0"}'),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

describe('fuzz: Openprovider envelopes (in memory)', () => {
  it('envelopeSchema and the data schemas never throw on any JSON; assertOk throws only RegistrarError', () => {
    run(
      fc.property(fc.oneof(envelopeLike, fc.jsonValue()), (json) => {
        const env = envelopeSchema.safeParse(json);
        for (const schema of [
          listDomainsDataSchema,
          domainObjectSchema,
          checkDomainsDataSchema,
          transferDataSchema,
          customerSchema,
          tldSchema,
        ]) {
          schema.safeParse(json);
          if (env.success) schema.safeParse(env.data.data ?? {});
        }
        if (!env.success) return;
        assert.ok(Number.isInteger(env.data.code));
        onlyThrows(RegistrarError, () => OpenproviderClient.assertOk('GET /domains', env.data));
      }),
    );
  });
});

describe('fuzz: Openprovider client over HTTP (sandbox raw bodies)', () => {
  let sandbox: OpenproviderSandbox;
  let client: OpenproviderClient;
  let setup: OpenproviderSetup | undefined;
  before(async () => {
    setup = await startOpenprovider();
    ({ sandbox, client } = setup);
  });
  after(async () => {
    await setup?.close();
  });

  it('random and truncated bodies: a value or a RegistrarError, never another error', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, fc.constantFrom(200, 200, 401, 404, 500, 502), async (rawBody, httpStatus) => {
        sandbox.injectFault({ route: 'GET /v1beta/domains', rawBody, httpStatus });
        try {
          const r = await client.call('GET', '/domains', listDomainsDataSchema);
          assert.ok(Number.isInteger(r.code));
          assert.ok(Array.isArray(r.warnings));
        } catch (err) {
          assert.ok(err instanceof RegistrarError, `threw ${String(err)}`);
          assert.ok(['temporary', 'rejected', 'authentication', 'funds'].includes(err.kind));
        }
      }),
      { numRuns: 150, includeErrorInReport: true },
    );
  });
});

// ---- Openprovider dates (Europe/Amsterdam) ----------------------------------------------------------

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const wallTime = fc.record({
  year: fc.integer({ min: 1971, max: 2200 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 31 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
  second: fc.integer({ min: 0, max: 59 }),
});
const realWallTime = wallTime.filter((w) => new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDate() === w.day);
const wire = (w: { year: number; month: number; day: number; hour: number; minute: number; second: number }) =>
  `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;

const dateNoise = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 25 }),
  fc.stringMatching(/^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}:\d{2}$/),
  fc.constantFrom(
    '',
    ' ',
    '0000-00-00 00:00:00',
    '0000-00-00',
    '1970-01-01 00:00:00',
    '1970-01-01 01:00:00',
    '1969-12-31 23:59:59',
  ),
  wallTime.map(wire),
);

describe('fuzz: Openprovider dates (Europe/Amsterdam)', () => {
  it('parseOpenproviderDate: a valid ISO instant after the epoch, or OpenproviderDateError', () => {
    run(
      fc.property(dateNoise, (s) => {
        const r = onlyThrows(OpenproviderDateError, () => parseOpenproviderDate(s));
        if (r instanceof Error) return;
        const d = new Date(r);
        assert.ok(!Number.isNaN(d.getTime()), `${s} -> invalid Date`);
        assert.ok(d.getTime() > 0, `${s} -> ${r} is not after the epoch`);
        assert.equal(d.toISOString(), r);
      }),
    );
  });

  it('empty, blank, zero and epoch-or-earlier dates are refused', () => {
    run(
      fc.property(
        fc.oneof(
          fc.constantFrom('', ' ', '\t', '0000-00-00 00:00:00', '0000-00-00'),
          wallTime.map((w) => wire({ ...w, year: 1900 + (w.year % 71) })),
        ),
        (s) => {
          assert.throws(() => parseOpenproviderDate(s), OpenproviderDateError);
        },
      ),
    );
    assert.throws(() => parseOpenproviderDate(null), OpenproviderDateError);
    assert.throws(() => parseOpenproviderDate(undefined), OpenproviderDateError);
  });

  it('real wall times: offset +1 h or +2 h, and formatting gives the wall time back (except in the spring gap)', () => {
    run(
      fc.property(realWallTime, (w) => {
        const iso = parseOpenproviderDate(wire(w));
        const instant = new Date(iso);
        const offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - instant.getTime();
        const back = formatOpenproviderDate(instant);
        if (back !== wire(w)) {
          // Only a wall time that does not exist (clocks go forward, last Sunday of March, 02:xx) moves.
          assert.equal(w.month, 3, `${wire(w)} -> ${iso} -> ${back}`);
          assert.equal(w.hour, 2, `${wire(w)} -> ${iso} -> ${back}`);
          assert.equal(offset, 3_600_000);
        } else {
          assert.ok(offset === 3_600_000 || offset === 7_200_000, `${wire(w)}: offset ${offset}`);
        }
      }),
    );
  });

  it('instants: format then parse gives the instant back (to the second; the repeated autumn hour maps to the earlier one)', () => {
    run(
      fc.property(
        fc.date({ min: new Date('1971-01-02T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }),
        (d) => {
          const whole = Math.floor(d.getTime() / 1000) * 1000;
          const back = new Date(parseOpenproviderDate(formatOpenproviderDate(d))).getTime();
          assert.ok(
            back === whole || whole - back === 3_600_000,
            `${d.toISOString()} -> ${new Date(back).toISOString()}`,
          );
        },
      ),
    );
  });

  it('parseOptionalOpenproviderDate: unset is undefined, garbage is OpenproviderDateError', () => {
    run(
      fc.property(fc.oneof(dateNoise, fc.constantFrom(null, undefined)), (s) => {
        const r = onlyThrows(OpenproviderDateError, () => parseOptionalOpenproviderDate(s));
        if (s === null || s === undefined || /^\s*(0000-00-00( 00:00:00)?)?\s*$/.test(s)) assert.equal(r, undefined);
      }),
    );
  });

  it('addAmsterdamDays keeps the wall-clock time and never yields an invalid Date', () => {
    run(
      fc.property(
        fc.date({ min: new Date('1980-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -400, max: 400 }),
        (d, days) => {
          const moved = addAmsterdamDays(d, days);
          assert.ok(!Number.isNaN(moved.getTime()));
          const before = formatOpenproviderDate(d).slice(11);
          const after = formatOpenproviderDate(moved).slice(11);
          // Same wall time unless the target day has no such time (spring gap) or it repeats (autumn).
          if (before !== after) assert.ok(['02', '03', '01'].includes(before.slice(0, 2)), `${before} -> ${after}`);
        },
      ),
    );
    assert.throws(() => addAmsterdamDays(new Date(Number.NaN), 1), OpenproviderDateError);
    assert.throws(() => formatOpenproviderDate(new Date(Number.NaN)), OpenproviderDateError);
  });
});
