import assert from 'node:assert/strict';
import type { CaseContext, RouteCase } from '../openprovider-harness';

/**
 * Per-TLD rules (issue 17, src/sandbox/openprovider/registry/tld-rules.ts): a registration needs the
 * .us nexus, the .eu citizenship (a person outside the EU/EEA) and the .it registrant data on the
 * owner handle's extension_additional_data, the .dk VAT of an organisation in additional_data; one
 * lacking any is refused with 399 naming the field, nothing registered or charged. A .ca transfer
 * needs additional_data.legal_type; an owner swap by PUT /domains/{id} needs the .us/.eu data on the
 * new handle.
 */

const contact = (country: string, company?: string) => ({
  name: { first_name: 'Kim', last_name: 'Lund' },
  ...(company ? { company_name: company } : {}),
  address: { street: 'Main Street', number: '1', zipcode: '12345', city: 'Town', country },
  phone: { country_code: '+1', area_code: '202', subscriber_number: '5550100' },
  email: 'kim@lund.example',
});

async function handleOf(ctx: CaseContext, body: Record<string, unknown>): Promise<string> {
  const created = await ctx.call('POST', '/v1beta/customers', { body });
  assert.equal(created.json.code, 0, JSON.stringify(created.json));
  return (created.json.data as { handle: string }).handle;
}

const create = (name: string, extension: string, handle: string, additionalData?: Record<string, string>) => ({
  body: {
    domain: { name, extension },
    period: 1,
    owner_handle: handle,
    ...(additionalData ? { additional_data: additionalData } : {}),
  },
});

const US_NEXUS = [{ name: 'us', data: { nexus_category: 'C21', applicant_purpose: 'P1' } }];

/** Nothing registered, nothing charged. */
const nothingTaken = (domain: string) => (_answer: unknown, ctx: CaseContext) => {
  assert.equal(ctx.sandbox.domain(domain), undefined, `${domain} not registered`);
  assert.deepEqual(ctx.sandbox.charges({ domain }), []);
};

export const cases: RouteCase[] = [
  {
    route: 'POST /v1beta/domains',
    name: '.us with nexus_category and applicant_purpose on the owner handle',
    expect: 'ok',
    request: async (ctx) =>
      create('new-nexus', 'us', await handleOf(ctx, { ...contact('US'), extension_additional_data: US_NEXUS })),
    then: (_answer, ctx) => assert.equal(ctx.sandbox.domain('new-nexus.us')?.status, 'ACT'),
  },
  {
    route: 'POST /v1beta/domains',
    name: '.us whose owner handle has no nexus: 399 naming nexus_category',
    expect: 399,
    request: async (ctx) => create('new-no-nexus', 'us', await handleOf(ctx, contact('US'))),
    then: (answer, ctx) => {
      assert.match(String(answer.json.data), /extension_additional_data\[us\]\.nexus_category is required/);
      nothingTaken('new-no-nexus.us')(answer, ctx);
    },
  },
  {
    route: 'POST /v1beta/domains',
    name: '.us with a nexus category but no applicant purpose: 399 naming applicant_purpose',
    expect: 399,
    request: async (ctx) =>
      create(
        'new-no-purpose',
        'us',
        await handleOf(ctx, {
          ...contact('US'),
          extension_additional_data: [{ name: 'us', data: { nexus_category: 'C11' } }],
        }),
      ),
    then: (answer) => assert.match(String(answer.json.data), /applicant_purpose is required for \.us/),
  },
  {
    route: 'POST /v1beta/domains',
    name: '.dk of an organisation without additional_data.vat: 399 naming vat',
    expect: 399,
    request: async (ctx) => create('new-no-vat', 'dk', await handleOf(ctx, contact('DK', 'Lund ApS'))),
    then: (answer, ctx) => {
      assert.match(String(answer.json.data), /additional_data\.vat is required for \.dk/);
      nothingTaken('new-no-vat.dk')(answer, ctx);
    },
  },
  {
    route: 'POST /v1beta/domains',
    name: '.dk of an organisation with its VAT number; a person needs none',
    expect: 'ok',
    request: async (ctx) => {
      const person = await ctx.call('POST', '/v1beta/domains', create('new-dk-person', 'dk', await handleOf(ctx, contact('DK'))));
      assert.equal(person.json.code, 0, JSON.stringify(person.json));
      return create('new-vat', 'dk', await handleOf(ctx, contact('DK', 'Lund ApS')), { vat: 'DK12345678' });
    }, // prettier-ignore
    then: (_answer, ctx) => assert.equal(ctx.sandbox.domain('new-vat.dk')?.status, 'ACT'),
  },
  {
    route: 'POST /v1beta/domains',
    name: '.it whose owner handle has no entity_type: 399 naming entity_type',
    expect: 399,
    request: async (ctx) => create('new-no-entity', 'it', await handleOf(ctx, contact('DE'))),
    then: (answer, ctx) => {
      assert.match(String(answer.json.data), /extension_additional_data\[it\]\.entity_type is required for \.it/);
      nothingTaken('new-no-entity.it')(answer, ctx);
    },
  },
  {
    route: 'POST /v1beta/domains',
    name: '.it of an Italian with entity_type but no reg_code on the handle: 399 naming reg_code',
    expect: 399,
    request: async (ctx) =>
      create(
        'new-no-code',
        'it',
        await handleOf(ctx, {
          ...contact('IT'),
          extension_additional_data: [{ name: 'it', data: { entity_type: '1' } }],
        }),
      ),
    then: (answer) => assert.match(String(answer.json.data), /extension_additional_data\[it\]\.reg_code is required/),
  },
  {
    route: 'POST /v1beta/domains',
    name: '.it with entity_type and reg_code on the owner handle',
    expect: 'ok',
    request: async (ctx) => {
      const data = { entity_type: '1', reg_code: 'RSSMRA80A01H501U' };
      return create(
        'new-italian',
        'it',
        await handleOf(ctx, { ...contact('IT'), extension_additional_data: [{ name: 'it', data }] }),
      );
    },
  },
  {
    route: 'POST /v1beta/domains',
    name: '.eu of a person living outside the EU/EEA without citizenship: 399 naming country_of_citizenship',
    expect: 399,
    request: async (ctx) => create('new-no-citizen', 'eu', await handleOf(ctx, contact('US'))),
    then: (answer, ctx) => {
      assert.match(String(answer.json.data), /extension_additional_data\[eu\]\.country_of_citizenship is required/);
      nothingTaken('new-no-citizen.eu')(answer, ctx);
    },
  },
  {
    route: 'POST /v1beta/domains',
    name: '.eu of a person outside the EU/EEA with an EU citizenship; a resident needs none',
    expect: 'ok',
    request: async (ctx) => {
      const resident = await ctx.call('POST', '/v1beta/domains', create('new-eu-resident', 'eu', await handleOf(ctx, contact('NL'))));
      assert.equal(resident.json.code, 0, JSON.stringify(resident.json));
      const citizen = { ...contact('US'), extension_additional_data: [{ name: 'eu', data: { country_of_citizenship: 'DE' } }] };
      return create('new-eu-citizen', 'eu', await handleOf(ctx, citizen));
    }, // prettier-ignore
  },
  {
    route: 'POST /v1beta/domains/transfer',
    name: '.ca transfer without additional_data.legal_type: 399 naming it, nothing requested',
    expect: 399,
    request: (ctx) => {
      ctx.sandbox.seedExternalDomain({ domain: 'maple.ca', authCode: 'Maple-1', nameservers: ['ns1.other.net'] });
      return { body: { domain: { name: 'maple', extension: 'ca' }, auth_code: 'Maple-1', owner_handle: ctx.handle } };
    },
    then: (answer, ctx) => {
      assert.match(String(answer.json.data), /additional_data\.legal_type is required for \.ca/);
      assert.equal(ctx.sandbox.domain('maple.ca'), undefined);
    },
  },
  {
    route: 'POST /v1beta/domains/transfer',
    name: '.ca transfer with its legal type: requested, the legal type kept on the domain',
    expect: 'ok',
    request: (ctx) => {
      ctx.sandbox.seedExternalDomain({ domain: 'maple.ca', authCode: 'Maple-1', nameservers: ['ns1.other.net'] });
      return {
        body: {
          domain: { name: 'maple', extension: 'ca' },
          auth_code: 'Maple-1',
          owner_handle: ctx.handle,
          additional_data: { legal_type: 'CCO' },
        },
      };
    },
    then: async (answer, ctx) => {
      const id = (answer.json.data as { id: number }).id;
      const got = await ctx.call('GET', `/v1beta/domains/${id}`, { query: { with_additional_data: true } });
      assert.deepEqual((got.json.data as { additional_data?: unknown }).additional_data, { legal_type: 'CCO' });
    },
  },
  {
    route: 'PUT /v1beta/domains/{id}',
    name: '.us owner swap to a handle without nexus: 399 naming nexus_category, the owner unchanged',
    expect: 399,
    request: async (ctx) => ({
      params: { id: await ctx.seedDomain('swap-nexus.us') },
      body: { owner_handle: await handleOf(ctx, contact('US')) },
    }),
    then: (answer, ctx) => {
      assert.match(String(answer.json.data), /extension_additional_data\[us\]\.nexus_category is required/);
      assert.equal(ctx.sandbox.domain('swap-nexus.us')?.handles.owner, ctx.handle.toUpperCase());
    },
  },
  {
    route: 'PUT /v1beta/domains/{id}',
    name: '.us owner swap to a handle with its nexus',
    expect: 'ok',
    request: async (ctx) => ({
      params: { id: await ctx.seedDomain('swap-nexus.us') },
      body: { owner_handle: await handleOf(ctx, { ...contact('US'), extension_additional_data: US_NEXUS }) },
    }),
  },
  {
    route: 'PUT /v1beta/customers/{handle}',
    name: 'a .us nexus category outside the list: 399 naming it',
    expect: 399,
    request: async (ctx) => ({
      params: { handle: await handleOf(ctx, contact('US')) },
      body: { extension_additional_data: [{ name: 'us', data: { nexus_category: 'C99', applicant_purpose: 'P1' } }] },
    }),
    then: (answer) => assert.match(String(answer.json.data), /nexus_category: must be one of C11/),
  },
  {
    route: 'GET /v1beta/domains/additional-data/customers',
    name: '.us lists nexus_category and applicant_purpose as required, with their values',
    expect: 'ok',
    request: () => ({ query: { 'domain.extension': 'us' } }),
    then: (answer) => {
      const specs = answer.json.data as Array<{ name: string; required: boolean; options?: unknown[] }>;
      assert.deepEqual(
        specs.map((s) => [s.name, s.required, s.options?.length]),
        [
          ['nexus_category', true, 5],
          ['applicant_purpose', true, 5],
        ],
      );
    },
  },
];
