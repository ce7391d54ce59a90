import { parseDomainName } from '../../../domain/domain-name';
import { joinDomainName } from '../../../registrars/openprovider/domain-name';
import { ApiError, ERR, type SandboxDomain } from '../registry';

/** Path and body fields shared by the route modules: ids, domain names, autorenew, contact handles. */

export function parseId(param: string | undefined): number {
  const id = Number(param);
  if (!Number.isInteger(id) || id <= 0) throw ERR.badRequest(`path.id: "${param}" is not a domain id`);
  return id;
}

export function normaliseWireDomain(d: { name: string; extension: string }): { name: string; extension: string } {
  const name = d.name.toLowerCase();
  const extension = d.extension.replace(/^\./, '').toLowerCase();
  const parsed = parseDomainName(`${name}.${extension}`);
  if (!parsed.ok || name.includes('.') || parsed.value.ascii !== `${name}.${extension}`) {
    // 300-306: bad domain label (spec 2.3); IDNs must arrive in ASCII form.
    throw new ApiError(301, 'Invalid domain name', parsed.ok ? `${name}.${extension}` : parsed.rule);
  }
  return { name, extension };
}

export function checkAutorenew(value: string | undefined): 'on' | 'off' | 'default' | undefined {
  if (value === undefined) return undefined;
  if (value === 'on' || value === 'off' || value === 'default') return value;
  throw ERR.wrongAutorenew();
}

export function handlesOf(b: {
  owner_handle?: string;
  admin_handle?: string;
  tech_handle?: string;
  billing_handle?: string;
}): {
  owner?: string;
  admin?: string;
  tech?: string;
  billing?: string;
} {
  const out: { owner?: string; admin?: string; tech?: string; billing?: string } = {};
  if (b.owner_handle) out.owner = b.owner_handle;
  if (b.admin_handle) out.admin = b.admin_handle;
  if (b.tech_handle) out.tech = b.tech_handle;
  if (b.billing_handle) out.billing = b.billing_handle;
  return out;
}

/**
 * A body's own `id` / `domain` (declared next to the path id by renew, restore and update): they
 * must name the domain of the path, or the call is refused rather than the fields ignored.
 */
export function checkBodyTarget(
  d: SandboxDomain,
  b: { id?: number; domain?: { name: string; extension: string } },
): void {
  if (b.id !== undefined && b.id !== d.id)
    throw ERR.badRequest(`body.id: ${b.id} is not the domain of the path (${d.id})`);
  if (b.domain !== undefined && joinDomainName(normaliseWireDomain(b.domain)) !== joinDomainName(d))
    throw ERR.badRequest(`body.domain: ${b.domain.name}.${b.domain.extension} is not the domain of the path`);
}
