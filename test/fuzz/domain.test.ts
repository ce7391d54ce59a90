/**
 * Property-based tests of the pure domain rules (src/domain): domain names, Swiss UIDs, contacts,
 * money and the TLD policy table. Every property runs a bounded number of cases (fast-check);
 * a failure prints the shrunk counterexample and the seed to replay it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { domainNameSchema, parseDomainName } from '../../src/domain/domain-name';
import { parseSwissUid } from '../../src/domain/swiss-uid';
import { contactSchema, sameContact, type Contact } from '../../src/domain/contact';
import { formatMinorUnits, toMinorUnits } from '../../src/domain/money';
import { checkRegistrationPolicy, tldPolicy } from '../../src/domain/tld-policy';
import { normaliseNameservers, sameNameservers } from '../../src/domain/nameservers';

const RUNS = 300;
const run = <Ts extends unknown[]>(prop: fc.IProperty<Ts>, params: fc.Parameters<Ts> = {}) =>
  fc.assert(prop, { numRuns: RUNS, includeErrorInReport: true, ...params });

// ---- generators ---------------------------------------------------------------------------------

const LDH = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ldhChar = fc.constantFrom(...LDH.split(''));
const ldhCharOrHyphen = fc.constantFrom(...`${LDH}-`.split(''));

/** A valid ASCII label of 1..max characters: no leading/trailing hyphen, no "--" at 3-4. */
const asciiLabel = (max = 63) =>
  fc
    .tuple(ldhChar, fc.array(ldhCharOrHyphen, { maxLength: Math.max(0, max - 2) }), ldhChar, fc.boolean())
    .map(([first, mid, last, short]) => (short ? first : `${first}${mid.join('')}${last}`))
    .filter((l) => l.length <= max && l.slice(2, 4) !== '--');

/** Top-level labels, including names that are also Object.prototype properties. */
const tldLabel = fc.oneof(
  fc.constantFrom('com', 'de', 'ca', 'swiss', 'uk', 'eu', 'net', 'constructor', 'valueof', 'tostring', 'proto'),
  fc.stringMatching(/^[a-z][a-z0-9]{1,10}$/),
);

const asciiDomain = fc
  .tuple(fc.array(asciiLabel(), { minLength: 1, maxLength: 4 }), tldLabel)
  .map(([labels, tld]) => [...labels, tld].join('.'))
  .filter((d) => d.length <= 253);

const randomCase = (s: string) =>
  fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((flags) =>
    s
      .split('')
      .map((c, i) => (flags[i] ? c.toUpperCase() : c))
      .join(''),
  );

/** Letters from several scripts, for IDN labels. */
const idnChar = fc.constantFrom(
  ...'äöüßéèñçøåłžšćğıœ'.split(''),
  ...'абвгдежзийклмнопрст'.split(''),
  ...'αβγδεζηθικλμ'.split(''),
  ...'日本語中文字'.split(''),
  ...'אבגדה'.split(''),
  ...'ابتثج'.split(''),
  ...'ก ข ค'.split(' '),
);
const idnLabel = fc
  .array(fc.oneof(ldhChar, idnChar, fc.constant('-')), { minLength: 1, maxLength: 20 })
  .map((cs) => cs.join(''));

/** Anything a person might paste: unicode soup, dots, hyphens, spaces, very long strings. */
const messyDomainString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc
    .array(fc.oneof(idnLabel, asciiLabel(70), fc.constantFrom('', '-', 'xn--', 'xn--abc', '--', ' ', '\u200d')), {
      maxLength: 6,
    })
    .map((ls) => ls.join('.')),
  fc.tuple(asciiDomain, fc.constantFrom('', '.', '..', ' ', '. ', '\t')).map(([d, s]) => `${d}${s}`),
  fc.nat({ max: 300 }).map((n) => `${'a'.repeat(n)}.com`),
);

const ASCII_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function assertValidResult(input: string, r: ReturnType<typeof parseDomainName>): void {
  if (!r.ok) {
    assert.equal(typeof r.rule, 'string');
    assert.ok(r.rule.length > 0, 'a refusal names the rule');
    return;
  }
  const { ascii, unicode, tld } = r.value;
  assert.ok(ascii.length <= 253, `too long: ${ascii}`);
  assert.match(ascii, /^[\x21-\x7e]+$/, 'ASCII only');
  assert.equal(ascii, ascii.toLowerCase());
  const labels = ascii.split('.');
  assert.ok(labels.length >= 2, `two labels at least: ${ascii} from ${JSON.stringify(input)}`);
  for (const l of labels) assert.match(l, ASCII_LABEL, `label ${l} of ${ascii}`);
  assert.doesNotMatch(labels[labels.length - 1]!, /^[0-9]+$/);
  assert.equal(tld, labels.slice(1).join('.'));
  // Idempotent: the ASCII and the Unicode form parse to the same ASCII form.
  const again = parseDomainName(ascii);
  assert.ok(again.ok, `the ascii form ${ascii} parses again`);
  assert.equal(again.value.ascii, ascii);
  const fromUnicode = parseDomainName(unicode);
  assert.ok(fromUnicode.ok, `the unicode form ${unicode} parses again`);
  assert.equal(fromUnicode.value.ascii, ascii);
}

// ---- domain names -------------------------------------------------------------------------------

describe('fuzz: domain names', () => {
  it('never throws on any string; every accepted name satisfies the DNS invariants', () => {
    run(
      fc.property(messyDomainString, (s) => {
        assertValidResult(s, parseDomainName(s));
      }),
    );
  });

  it('accepts generated LDH names in any case, with one root dot, as their lower-case form', () => {
    run(
      fc.property(
        asciiDomain.chain((d) => fc.tuple(fc.constant(d), randomCase(d), fc.boolean())),
        ([d, cased, rootDot]) => {
          const r = parseDomainName(rootDot ? `${cased}.` : cased);
          assert.ok(r.ok, `${cased} refused: ${r.ok ? '' : r.rule}`);
          assert.equal(r.value.ascii, d);
          assertValidResult(cased, r);
        },
      ),
    );
  });

  it('refuses two trailing dots, empty labels, and leading or trailing hyphens', () => {
    run(
      fc.property(
        asciiDomain,
        fc.constantFrom('..', '.-', '-', 'empty-label', 'lead-hyphen'),
        fc.nat(),
        (d, how, at) => {
          const labels = d.split('.');
          const i = at % labels.length;
          let bad: string;
          if (how === '..') bad = `${d}..`;
          else if (how === 'empty-label') bad = [...labels.slice(0, i), '', ...labels.slice(i)].join('.');
          else if (how === 'lead-hyphen') bad = labels.map((l, j) => (j === i ? `-${l}` : l)).join('.');
          else if (how === '.-') bad = labels.map((l, j) => (j === i ? `${l}-` : l)).join('.');
          else bad = labels.map((l, j) => (j === i ? `${l}-` : l)).join('.');
          assert.equal(parseDomainName(bad).ok, false, `accepted ${bad}`);
        },
      ),
    );
  });

  it('refuses labels over 63 characters and names over 253', () => {
    run(
      fc.property(fc.integer({ min: 64, max: 200 }), asciiDomain, (n, d) => {
        assert.equal(parseDomainName(`${'a'.repeat(n)}.${d}`).ok, false);
      }),
    );
    run(
      fc.property(fc.array(asciiLabel(63), { minLength: 5, maxLength: 12 }), (labels) => {
        const name = `${labels.map((l) => l.padEnd(50, 'x')).join('.')}.com`;
        fc.pre(name.length > 253);
        assert.equal(parseDomainName(name).ok, false, `accepted ${name.length} characters`);
      }),
    );
  });

  it('IDN names (mixed scripts included) either round-trip through punycode or are refused with a rule', () => {
    run(
      fc.property(fc.array(idnLabel, { minLength: 1, maxLength: 3 }), tldLabel, (labels, tld) => {
        const input = [...labels, tld].join('.');
        const r = parseDomainName(input);
        assertValidResult(input, r);
        if (r.ok) {
          // The Unicode and ASCII forms name the same domain; so does the upper-case form, where
          // upper-casing is reversible (ß upper-cases to SS, a different name: 'ß--a' is valid,
          // 'ss--a' breaks the hyphen rule).
          for (const form of [r.value.unicode, r.value.ascii]) {
            const again = parseDomainName(form);
            assert.ok(again.ok, `${form} refused`);
            assert.equal(again.value.ascii, r.value.ascii);
          }
          const upper = r.value.unicode.toUpperCase();
          if (upper.toLowerCase() === r.value.unicode) {
            const again = parseDomainName(upper);
            assert.ok(again.ok, `${upper} refused`);
            assert.equal(again.value.ascii, r.value.ascii);
          }
        }
      }),
    );
  });

  it('refuses a label that mixes right-to-left and left-to-right letters (bidi rule)', () => {
    run(
      fc.property(
        fc.constantFrom('א', 'ב', 'ا', 'ب'),
        fc.stringMatching(/^[a-z]{1,5}$/),
        fc.boolean(),
        (rtl, ltr, rtlFirst) => {
          const label = rtlFirst ? `${rtl}${ltr}` : `${ltr}${rtl}`;
          assert.equal(parseDomainName(`${label}.com`).ok, false, `accepted ${label}.com`);
        },
      ),
    );
  });

  it('domainNameSchema: any JSON value gives the ASCII form or one issue with a message, never a throw', () => {
    run(
      fc.property(fc.oneof(fc.jsonValue(), messyDomainString), (v) => {
        const r = domainNameSchema.safeParse(v);
        if (r.success) {
          assert.equal(typeof v, 'string');
          const direct = parseDomainName(v as string);
          assert.ok(direct.ok);
          assert.equal(r.data, direct.value.ascii);
        } else {
          assert.ok(r.error.issues.length > 0);
          for (const issue of r.error.issues) assert.ok(issue.message.length > 0);
        }
      }),
    );
  });
});

// ---- nameserver sets ----------------------------------------------------------------------------

describe('fuzz: nameserver sets', () => {
  it('order, case, duplicates and a root dot never make two lists differ', () => {
    run(
      fc.property(fc.uniqueArray(asciiDomain, { minLength: 1, maxLength: 6 }), fc.nat(), (list, seed) => {
        const shuffled = [...list].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7));
        const noisy = [...shuffled.map((h, i) => (i % 2 ? `${h.toUpperCase()}.` : ` ${h} `)), list[0]!];
        assert.ok(sameNameservers(list, noisy));
        assert.deepEqual(normaliseNameservers(normaliseNameservers(noisy)), normaliseNameservers(noisy));
      }),
    );
  });
});

// ---- Swiss enterprise IDs -------------------------------------------------------------------------

const WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4];
/** The mod-11 check digit of 8 digits, or undefined when the rule gives 10 (never issued). */
function checkDigit(digits: number[]): number | undefined {
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * digits[i]!, 0);
  const check = 11 - (sum % 11);
  if (check === 10) return undefined;
  return check === 11 ? 0 : check;
}

const eightDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 });
const validUidDigits = eightDigits
  .filter((d) => checkDigit(d) !== undefined)
  .map((d) => [...d, checkDigit(d)!].join(''));
const uidSpelling = (nine: string) =>
  fc
    .constantFrom(
      `CHE-${nine.slice(0, 3)}.${nine.slice(3, 6)}.${nine.slice(6)}`,
      `CHE${nine}`,
      `che-${nine.slice(0, 3)}.${nine.slice(3, 6)}.${nine.slice(6)}`,
      `CHE ${nine.slice(0, 3)} ${nine.slice(3, 6)} ${nine.slice(6)}`,
      ` CHE-${nine} `,
    )
    .map((s) => s);

describe('fuzz: Swiss enterprise IDs (UID, mod 11)', () => {
  it('every UID built with the mod-11 rule passes, in every spelling, and normalises to CHE + 9 digits', () => {
    run(
      fc.property(
        validUidDigits.chain((nine) => fc.tuple(fc.constant(nine), uidSpelling(nine))),
        ([nine, spelled]) => {
          const r = parseSwissUid(spelled);
          assert.ok(r.ok, `${spelled} refused: ${r.ok ? '' : r.rule}`);
          assert.equal(r.value, `CHE${nine}`);
          assert.equal(r.display, `CHE-${nine.slice(0, 3)}.${nine.slice(3, 6)}.${nine.slice(6)}`);
          const again = parseSwissUid(r.display);
          assert.ok(again.ok && again.value === r.value);
        },
      ),
    );
  });

  it('changing any single digit of a valid UID makes it fail', () => {
    run(
      fc.property(validUidDigits, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (nine, at, delta) => {
        const digits = nine.split('').map(Number);
        digits[at] = (digits[at]! + delta) % 10;
        const changed = `CHE${digits.join('')}`;
        assert.equal(parseSwissUid(changed).ok, false, `${changed} (from CHE${nine}) accepted`);
      }),
    );
  });

  it('random CHE strings: accepted exactly when the mod-11 rule holds; never throws', () => {
    run(
      fc.property(
        fc.oneof(
          fc.stringMatching(/^CHE\d{9}$/),
          fc.stringMatching(/^(CHE|che|CH|CHF)?[-. ]?\d{0,3}[-. ]?\d{0,4}[-. ]?\d{0,4}$/),
          fc.string({ unit: 'binary', maxLength: 20 }),
        ),
        (s) => {
          const r = parseSwissUid(s);
          const compact = s
            .trim()
            .toUpperCase()
            .replace(/[\s.-]/g, '');
          const m = /^CHE(\d{9})$/.exec(compact);
          const expected = m ? checkDigit(m[1]!.slice(0, 8).split('').map(Number)) === Number(m[1]![8]) : false;
          assert.equal(r.ok, expected, `${JSON.stringify(s)}: ${r.ok ? 'accepted' : r.rule}`);
          if (r.ok) assert.match(r.value, /^CHE\d{9}$/);
        },
      ),
    );
  });
});

// ---- contacts ---------------------------------------------------------------------------------------

const text = (min: number, max: number) =>
  fc.string({ unit: 'grapheme', minLength: min, maxLength: max }).filter((s) => s.trim().length >= min);
const validContact: fc.Arbitrary<Contact> = fc.record(
  {
    firstName: text(1, 20),
    lastName: text(1, 20),
    organisation: text(0, 30),
    street: fc.array(text(1, 30), { minLength: 1, maxLength: 3 }),
    city: text(1, 20),
    state: text(0, 20),
    postalCode: fc.stringMatching(/^[0-9A-Z]{1,8}$/),
    countryCode: fc.stringMatching(/^[A-Z]{2}$/),
    phone: fc.stringMatching(/^\+\d{1,3}\.\d{4,14}$/),
    fax: fc.stringMatching(/^\+\d{1,3}\.\d{4,14}$/),
    email: fc.constantFrom('anna@example.com', 'b.c+tag@sub.example.org', 'X_Y@example.nl'),
  },
  { requiredKeys: ['firstName', 'lastName', 'street', 'city', 'postalCode', 'countryCode', 'phone', 'email'] },
);

/** Valid contacts with one field replaced by something random. */
const mangledContact = fc
  .tuple(
    validContact,
    fc.constantFrom<keyof Contact>(
      'firstName',
      'lastName',
      'organisation',
      'street',
      'city',
      'state',
      'postalCode',
      'countryCode',
      'phone',
      'fax',
      'email',
    ),
    fc.jsonValue(),
  )
  .map(([c, key, value]) => ({ ...c, [key]: value }) as Record<string, unknown>);

describe('fuzz: contacts', () => {
  it('generated valid contacts pass; the output is trimmed and compares equal to itself', () => {
    run(
      fc.property(validContact, (c) => {
        const r = contactSchema.safeParse(c);
        assert.ok(r.success, JSON.stringify(r.error?.issues));
        assert.equal(r.data.firstName, c.firstName.trim());
        assert.ok(sameContact(r.data, r.data));
        assert.ok(sameContact(r.data, { ...r.data, email: r.data.email.toUpperCase() }), 'e-mail case is ignored');
      }),
    );
  });

  it('random objects and mangled contacts: a value or issues that each name a field and a rule', () => {
    run(
      fc.property(fc.oneof(mangledContact, fc.jsonValue(), fc.object()), (v) => {
        const r = contactSchema.safeParse(v);
        if (r.success) return;
        for (const issue of r.error.issues) {
          assert.ok(typeof issue.message === 'string' && issue.message.length > 0);
          if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
            assert.ok(issue.path.length > 0, `issue without a path for an object: ${JSON.stringify(issue)}`);
          }
        }
      }),
    );
  });
});

// ---- money --------------------------------------------------------------------------------------------

const MAX_MINOR = 999_999_999_999_99; // 12 integer digits, 2 decimals
describe('fuzz: money in minor units', () => {
  it('formatMinorUnits -> toMinorUnits is the identity on every amount the edge accepts', () => {
    run(
      fc.property(fc.integer({ min: 0, max: MAX_MINOR }), (n) => {
        const s = formatMinorUnits(n);
        assert.match(s, /^\d+\.\d{2}$/);
        assert.equal(toMinorUnits(s), n);
      }),
    );
  });

  it('toMinorUnits: every decimal string gives an exact safe integer, which formats back to the same amount', () => {
    run(
      fc.property(fc.stringMatching(/^\d{1,12}(\.\d{1,2})?$/), (s) => {
        const n = toMinorUnits(s);
        assert.ok(n !== undefined && Number.isSafeInteger(n) && n >= 0, `${s} -> ${n}`);
        const [int, frac = ''] = s.split('.');
        assert.equal(BigInt(n), BigInt(int!) * 100n + BigInt(frac.padEnd(2, '0')));
        assert.equal(toMinorUnits(formatMinorUnits(n)), n);
      }),
    );
  });

  it('sums in minor units are exact (0.1 + 0.2 is 0.3)', () => {
    const amount = fc.stringMatching(/^\d{1,9}\.\d{2}$/);
    run(
      fc.property(amount, amount, (a, b) => {
        const sum = toMinorUnits(a)! + toMinorUnits(b)!;
        const big = BigInt(a.replace('.', '')) + BigInt(b.replace('.', ''));
        assert.equal(BigInt(sum), big);
        assert.equal(formatMinorUnits(sum), `${big / 100n}.${String(big % 100n).padStart(2, '0')}`);
      }),
    );
  });

  it('toMinorUnits on random strings: undefined or a non-negative safe integer, never a float', () => {
    run(
      fc.property(
        fc.oneof(fc.string({ maxLength: 20 }), fc.double().map(String), fc.stringMatching(/^-?\d*\.?\d*$/)),
        (s) => {
          const n = toMinorUnits(s);
          if (n !== undefined) assert.ok(Number.isSafeInteger(n) && n >= 0, `${JSON.stringify(s)} -> ${n}`);
        },
      ),
    );
  });

  it('negative amounts format with one sign and two decimals', () => {
    run(
      fc.property(fc.integer({ min: -MAX_MINOR, max: -1 }), (n) => {
        const s = formatMinorUnits(n);
        assert.match(s, /^-\d+\.\d{2}$/);
        assert.equal(toMinorUnits(s.slice(1)), -n);
      }),
    );
  });

  it('formatMinorUnits refuses what is not a whole number of minor units instead of printing garbage', () => {
    run(
      fc.property(
        fc.oneof(
          fc.double({ noInteger: true }),
          fc.constantFrom(Number.NaN, Infinity, -Infinity, 0.5, 1e23, Number.MAX_SAFE_INTEGER + 2),
        ),
        (x) => {
          let out: string | undefined;
          try {
            out = formatMinorUnits(x);
          } catch (err) {
            assert.ok(err instanceof RangeError, `threw ${String(err)}`);
            return;
          }
          assert.fail(`formatMinorUnits(${x}) returned ${JSON.stringify(out)}`);
        },
      ),
      { examples: [[0.5]] },
    );
  });
});

// ---- TLD policy ----------------------------------------------------------------------------------------

describe('fuzz: TLD policy', () => {
  it('every ASCII domain has a policy with periods and extras (Object.prototype names included)', () => {
    run(
      fc.property(asciiDomain, (d) => {
        const p = tldPolicy(d);
        assert.ok(Array.isArray(p.registrationPeriods) && p.registrationPeriods.length > 0, `no policy for ${d}`);
        assert.ok(Array.isArray(p.extras));
      }),
      { examples: [['example.constructor']] },
    );
  });

  it('checkRegistrationPolicy never throws; each problem names a known field and a rule', () => {
    run(
      fc.property(
        asciiDomain,
        fc.integer({ min: -2, max: 12 }),
        fc.dictionary(
          fc.oneof(fc.constantFrom('legalType', 'x'), fc.string({ maxLength: 8 })),
          fc.string({ maxLength: 6 }),
        ),
        (d, period, extras) => {
          const problems = checkRegistrationPolicy(d, period, extras);
          for (const p of problems) {
            assert.ok(['domain', 'periodYears', 'extras'].includes(p.path[0]!), JSON.stringify(p));
            if (p.path[0] === 'extras') assert.equal(p.path.length, 2);
            assert.ok(p.message.length > 0);
          }
          const policy = tldPolicy(d);
          assert.equal(
            problems.some((p) => p.path[0] === 'periodYears'),
            !policy.registrationPeriods.includes(period),
          );
        },
      ),
      { examples: [['example.constructor', 1, {}]] },
    );
  });
});
