/**
 * The ISPAPI sandbox's per-TLD registration rules (src/sandbox/ispapi/commands/tld-rules.ts):
 * AddDomain without what the registry requires is 504 "Missing required attribute; <X-...>" (the
 * AddDomain page's code), nothing registered; with it, 200. The rules look at the owner contact
 * (an organisation, its country) as the registries do.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startIspapi, type IspapiSetup } from '../helpers/registrars';
import { checkCode } from './property-check';

/** The same inline contact in each of the four roles (AddDomain wants one per role). */
const owner = (country: string, organisation?: string): Record<string, string> => {
  const fields: Record<string, string> = {
    FIRSTNAME: 'Kim',
    LASTNAME: 'Lund',
    ...(organisation ? { ORGANIZATION: organisation } : {}),
    STREET: 'Main Street 1',
    CITY: 'Town',
    ZIP: '12345',
    COUNTRY: country,
    PHONE: '+45.12345678',
    EMAIL: 'kim@lund.example',
  };
  const out: Record<string, string> = {};
  for (const role of ['OWNERCONTACT', 'ADMINCONTACT', 'TECHCONTACT', 'BILLINGCONTACT']) {
    for (const [k, v] of Object.entries(fields)) out[`${role}0${k}`] = v;
  }
  return out;
};

const CASES: Array<{ domain: string; owner: Record<string, string>; missing: string; extras: Record<string, string> }> = [
  { domain: 'new-rules.us', owner: owner('US', 'Lund Inc'), missing: 'X-US-NEXUS-CATEGORY', extras: { 'X-US-NEXUS-CATEGORY': 'C21', 'X-US-NEXUS-APPPURPOSE': 'P1' } },
  { domain: 'new-rules.dk', owner: owner('DK', 'Lund ApS'), missing: 'X-DK-VATID', extras: { 'X-DK-VATID': 'DK12345678' } },
  { domain: 'new-rules.it', owner: owner('IT'), missing: 'X-IT-REGISTRANT-ENTITY-TYPE', extras: { 'X-IT-REGISTRANT-ENTITY-TYPE': '1', 'X-IT-PIN': 'RSSMRA80A01H501U' } },
  { domain: 'new-rules.eu', owner: owner('US'), missing: 'X-EU-REGISTRANT-CITIZENSHIP', extras: { 'X-EU-REGISTRANT-CITIZENSHIP': 'de' } },
  { domain: 'new-rules.ca', owner: owner('CA'), missing: 'X-CA-LEGALTYPE', extras: { 'X-CA-LEGALTYPE': 'CCT' } },
]; // prettier-ignore

describe('ISPAPI sandbox: per-TLD registration rules', () => {
  let h: IspapiSetup;
  before(async () => {
    h = await startIspapi();
  });
  after(async () => h?.close());

  for (const c of CASES) {
    it(`AddDomain ${c.domain}: 504 naming ${c.missing} without it, 200 with the fields`, async () => {
      const bare = await h.client.send({ COMMAND: 'AddDomain', DOMAIN: c.domain, ...c.owner });
      assert.equal(bare.code, 504, bare.description);
      assert.deepEqual(checkCode('AddDomain', bare.code), []);
      assert.match(bare.description, new RegExp(`Missing required attribute; ${c.missing}`));
      const status = await h.client.send({ COMMAND: 'StatusDomain', DOMAIN: c.domain });
      assert.equal(status.code, 545, 'nothing registered by the refusal');
      const ok = await h.client.send({ COMMAND: 'AddDomain', DOMAIN: c.domain, ...c.owner, ...c.extras });
      assert.equal(ok.code, 200, ok.description);
    });
  }

  it('a person inside the EU needs no .eu citizenship; an Italian person needs X-IT-PIN', async () => {
    const eu = await h.client.send({ COMMAND: 'AddDomain', DOMAIN: 'new-rules-nl.eu', ...owner('NL') });
    assert.equal(eu.code, 200, eu.description);
    const it = await h.client.send({
      COMMAND: 'AddDomain',
      DOMAIN: 'new-rules-pin.it',
      ...owner('IT'),
      'X-IT-REGISTRANT-ENTITY-TYPE': '1',
    });
    assert.equal(it.code, 504);
    assert.match(it.description, /X-IT-PIN/);
  });
});
