import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyRounding, markupRulesSchema, salePrice, NO_MARKUP, type MarkupRules } from '../../src/domain/pricing';

const RULES: MarkupRules = {
  default: { percent: 20, rounding: '99' },
  tlds: {
    de: { fixed: { EUR: '1.50', USD: '2.00' }, rounding: 'none' },
    'co.uk': { percent: 10, fixed: { GBP: '0.50' }, rounding: '00' },
  },
};

describe('sale prices from costs and markups', () => {
  it('the default markup: percent, then up to the next .99', () => {
    assert.equal(salePrice(RULES, 'com', '10.00', 'USD'), '12.99');
    assert.equal(salePrice(RULES, '.net', '8.25', 'USD'), '9.99', '9.90 rounds up to 9.99');
  });

  it("a TLD's own markup replaces the default; the fixed amount is per currency", () => {
    assert.equal(salePrice(RULES, 'de', '5.00', 'EUR'), '6.50');
    assert.equal(salePrice(RULES, 'de', '5.00', 'USD'), '7.00');
    assert.equal(salePrice(RULES, 'de', '5.00', 'CHF'), '5.00', 'no fixed amount for CHF');
    assert.equal(salePrice(RULES, 'co.uk', '4.00', 'GBP'), '5.00', '4.40 + 0.50 = 4.90, up to 5.00');
  });

  it('no markup sells at cost; half a cent rounds up', () => {
    assert.equal(salePrice(NO_MARKUP, 'com', '10.01', 'USD'), '10.01');
    assert.equal(salePrice({ default: { percent: 12.5 } }, 'com', '0.04', 'USD'), '0.05', '4.5 cents');
  });

  it('rounding: .99 keeps a price that already ends in .99, .00 keeps a whole one; never below', () => {
    assert.equal(applyRounding(1299, '99'), 1299);
    assert.equal(applyRounding(1300, '99'), 1399);
    assert.equal(applyRounding(1200, '00'), 1200);
    assert.equal(applyRounding(1201, '00'), 1300);
    assert.equal(applyRounding(1201, 'none'), 1201);
  });

  it('a cost that is not an amount is refused', () => {
    assert.throws(() => salePrice(RULES, 'com', '10.5.0', 'USD'), /cost: "10.5.0"/);
  });

  it('the rules schema names the field and rule', () => {
    const bad = markupRulesSchema.safeParse({ default: { percent: -1 }, tlds: { de: { fixed: { eur: '1' } } } });
    assert.equal(bad.success, false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    assert.ok(paths.includes('default.percent'));
    assert.ok(paths.includes('tlds.de.fixed.eur'));
    assert.equal(markupRulesSchema.safeParse({ default: {}, extra: 1 }).success, false, 'unknown keys refused');
    assert.equal(markupRulesSchema.safeParse(RULES).success, true);
  });

  it("premium names: the rules' premium markup on the quote; without one, the TLD's markup", () => {
    const rules: MarkupRules = { ...RULES, premium: { percent: 5, rounding: '00' } };
    assert.equal(salePrice(rules, 'com', '120.00', 'USD', { premium: true }), '126.00');
    assert.equal(salePrice(rules, 'com', '120.00', 'USD'), '144.99', 'not premium: the default +20 %, .99');
    assert.equal(salePrice(RULES, 'com', '120.00', 'USD', { premium: true }), '144.99', 'no premium markup');
    assert.equal(markupRulesSchema.safeParse({ default: {}, premium: { percent: -5 } }).success, false);
  });
});
