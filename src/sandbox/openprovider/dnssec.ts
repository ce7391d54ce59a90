import { z } from 'zod';
import { dnskeyRecordSchema } from '../../domain/dnssec';
import { describeZodError } from '../../domain/validation';
import { ERR } from './registry/errors';
import type { SandboxDomain } from './registry/model';

/**
 * DNSSEC on the domain routes (domain.swagger.json): POST and PUT /domains take dnssec_keys
 * (domainDnssecKey: flags, alg, protocol, pub_key) and is_dnssec_enabled; GET answers them with
 * `dnssec` (signedDelegation / unsigned). The registry derives the DS from each key. A key the
 * registry would refuse (flags other than 256/257, protocol not 3, an algorithm outside IANA's
 * signing list, a public key that is not base64) is refused like any other bad field (399, naming
 * it), before anything changes. On an update the list replaces the domain's keys.
 */

export type SandboxDnssecKey = { flags: number; protocol: number; alg: number; pub_key: string };

const dnssecFields = z.object({
  dnssec_keys: z
    .array(
      z.object({
        flags: z.number().int(),
        protocol: z.number().int(),
        alg: z.number().int(),
        pub_key: z.string(),
        readonly: z.number().int().optional(),
      }),
    )
    .optional(),
  is_dnssec_enabled: z.boolean().optional(),
});

export interface DnssecChange {
  keys?: SandboxDnssecKey[];
  enabled?: boolean;
}

/** The DNSSEC part of a POST/PUT body, validated; refuses before the route changes anything. */
export function parseDnssecFields(body: unknown): DnssecChange {
  const parsed = dnssecFields.safeParse(body ?? {});
  if (!parsed.success) throw ERR.badRequest(describeZodError(parsed.error, 'body'));
  const { dnssec_keys: wire, is_dnssec_enabled: enabled } = parsed.data;
  const keys = wire?.map((k, i) => {
    const key = dnskeyRecordSchema.safeParse({
      flags: k.flags,
      protocol: k.protocol,
      algorithm: k.alg,
      publicKey: k.pub_key,
    });
    if (!key.success) {
      const wireName = (field: PropertyKey | undefined) =>
        field === 'algorithm' ? 'alg' : field === 'publicKey' ? 'pub_key' : String(field);
      const first = key.error.issues[0]!;
      throw ERR.badRequest(`body.dnssec_keys[${i}].${wireName(first.path[0])}: ${first.message}`);
    }
    const v = key.data;
    return { flags: v.flags, protocol: v.protocol, alg: v.algorithm, pub_key: v.publicKey };
  });
  if (enabled === true && keys !== undefined && keys.length === 0) {
    throw ERR.badRequest('body.dnssec_keys: is_dnssec_enabled needs at least one key');
  }
  return { keys, enabled };
}

/** Applies a parsed change: keys replace the list; is_dnssec_enabled=false withdraws every key. */
export function applyDnssec(d: SandboxDomain, change: DnssecChange): void {
  if (change.keys !== undefined) d.dnssecKeys = change.keys;
  if (change.enabled === false) d.dnssecKeys = [];
}

/** GET's DNSSEC fields (domainGetDomainResponseData). */
export function dnssecWire(d: SandboxDomain): Record<string, unknown> {
  const keys = d.dnssecKeys ?? [];
  return {
    is_dnssec_enabled: keys.length > 0,
    dnssec: keys.length > 0 ? 'signedDelegation' : 'unsigned',
    dnssec_keys: keys.map((k) => ({ ...k, readonly: 0 })),
  };
}
