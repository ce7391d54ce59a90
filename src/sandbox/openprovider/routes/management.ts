import { z } from 'zod';
import { joinDomainName } from '../../../registrars/openprovider/domain-name';
import { ERR, randomAuthCode, type OpenproviderRegistry, type SandboxDomain } from '../registry';
import { parseBody, wireDomain } from '../schemas';
import type { RouteHandler } from './context';
import { type RouteInputs, fieldsOf } from './inputs';
import { checkBodyTarget, parseId } from './params';

/**
 * Everyday domain routes as domain.swagger.json declares them: the auth code (GET
 * /domains/{id}/authcode, POST .../authcode/reset), the answer to a transfer-out and the .uk
 * release (POST /domains/{id}/transfer/approve: `approve` 1/0, `registrar_tag`), and name
 * suggestions (POST /domains/suggest-name). A transfer-out waits in registry.transfersOut (the
 * control surface plays the gaining registrar).
 */

const resetBody = z.object({
  id: z.number().int().optional(),
  domain: wireDomain.optional(),
  auth_code_type: z.enum(['external', 'internal']).optional(),
});
const approveBody = z.object({
  id: z.number().int().optional(),
  domain: wireDomain.optional(),
  approve: z.union([z.literal(0), z.literal(1)]).optional(),
  registrar_tag: z.string().optional(),
});
const suggestBody = z.object({
  name: z.string().min(1, 'must not be empty'),
  limit: z.number().int().min(1).max(100).optional(),
  tlds: z.array(z.string().min(1)).optional(),
});

/** Nominet's IPS tags, for the .uk release. */
const UK_TAG = /^[A-Z0-9-]{2,32}$/i;
const isUk = (d: SandboxDomain) => d.extension === 'uk' || d.extension.endsWith('.uk');

function activeDomain(r: OpenproviderRegistry, param: string | undefined, journal: { domain?: string }): SandboxDomain {
  const d = r.byId(parseId(param));
  if (!d) throw ERR.notInAccount();
  journal.domain = joinDomainName(d);
  return d;
}

export const MANAGEMENT_INPUTS: Record<string, RouteInputs> = {
  // auth_code_type internal / sending_type (.ru) are not simulated: refused, not ignored.
  'GET /v1beta/domains/{id}/authcode': { query: ['domain.name', 'domain.extension'] },
  'POST /v1beta/domains/{id}/authcode/reset': { body: fieldsOf(resetBody) },
  'POST /v1beta/domains/{id}/transfer/approve': { body: fieldsOf(approveBody) },
  'POST /v1beta/domains/suggest-name': { body: fieldsOf(suggestBody) },
};

const SUGGESTION_TLDS = ['com', 'net', 'org', 'eu', 'nl', 'shop'];

export const MANAGEMENT_ROUTES: Record<string, RouteHandler> = {
  'GET /v1beta/domains/{id}/authcode': ({ registry: r, param, journal }) => {
    const d = activeDomain(r, param, journal);
    if (d.status !== 'ACT') throw ERR.prohibited();
    return { auth_code: d.authCode, success: true, type: 'external' };
  },
  'POST /v1beta/domains/{id}/authcode/reset': ({ registry: r, param, body, journal }) => {
    const d = activeDomain(r, param, journal);
    const b = parseBody(resetBody, body ?? {});
    checkBodyTarget(d, b);
    if (b.auth_code_type === 'internal') throw ERR.badRequest('body.auth_code_type: internal codes are not simulated');
    if (d.status !== 'ACT') throw ERR.prohibited();
    d.authCode = randomAuthCode();
    d.lastChanged = r.now();
    return { auth_code: d.authCode, success: true, type: 'external' };
  },
  'POST /v1beta/domains/{id}/transfer/approve': ({ registry: r, param, body, journal }) => {
    const d = activeDomain(r, param, journal);
    const b = parseBody(approveBody, body ?? {});
    checkBodyTarget(d, b);
    const name = joinDomainName(d);
    if (b.registrar_tag !== undefined) {
      // The .uk release: the domain goes to the registrar with this tag, no request needed.
      if (!isUk(d)) throw ERR.badRequest('body.registrar_tag: only for .uk domains');
      if (!UK_TAG.test(b.registrar_tag))
        throw ERR.badRequest(`body.registrar_tag: "${b.registrar_tag}" is not an IPS tag`);
      if (b.approve === 0) throw ERR.badRequest('body.approve: a .uk release with registrar_tag is an approval (1)');
      r.transfersOut.take(name);
      r.transferOut(name);
      return { success: true };
    }
    if (!r.transfersOut.get(name))
      throw ERR.badRequest(`no transfer of ${name} to another registrar is waiting for an answer`);
    r.transfersOut.take(name);
    if ((b.approve ?? 1) === 1) r.transferOut(name);
    return { success: true };
  },
  'POST /v1beta/domains/suggest-name': ({ registry: r, body }) => {
    const b = parseBody(suggestBody, body);
    const word = b.name.toLowerCase().replace(/[^a-z0-9-]+/g, '');
    if (word === '') throw ERR.badRequest('body.name: no letters or digits');
    const tlds = b.tlds?.map((t) => t.replace(/^\./, '').toLowerCase()) ?? SUGGESTION_TLDS;
    // The sandbox world: names starting with new- are free (docs/sandbox.md).
    const labels = [`new-${word}`, `new-my${word}`, `new-get${word}`, `new-${word}hq`];
    const results = labels
      .flatMap((label) => tlds.map((tld) => ({ domain: label, name: `${label}.${tld}`, tld })))
      .filter((x) => !r.byName(x.name) && !r.externalDomain(x.name))
      .slice(0, b.limit ?? 20);
    return { results };
  },
};
