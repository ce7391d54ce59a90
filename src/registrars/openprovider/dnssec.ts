import { z } from 'zod';
import {
  DnssecFormatError,
  formatRecord,
  parseDnskey,
  publishes,
  toDnskey,
  type DnskeyRecord,
  type DnssecRecord,
  type DnssecState,
} from '../../domain/dnssec';
import { RegistrarRejectedError, RegistrarUnsupportedError } from '../errors';
import { updateDataSchema } from './wire';
import { REGISTRAR, type OpenproviderContext } from './adapter-context';
import { findDomain, getById, requireId, splitName } from './domain-lookup';

/**
 * Openprovider DNSSEC: the domain's dnssec_keys (swagger domainDnssecKey: flags, alg, protocol,
 * pub_key) with is_dnssec_enabled, on PUT /domains/{id}; the registry derives the DS itself, so
 * DS records are not offered (a DS asked for is refused as unsupported). dnssec_keys on an update
 * is the whole list: add and remove send the list read just before, changed.
 */

const wireKeySchema = z.looseObject({
  flags: z.number().int(),
  protocol: z.number().int(),
  alg: z.number().int(),
  pub_key: z.string(),
});
const dnssecPartSchema = z.looseObject({
  id: z.number().int(),
  dnssec_keys: z.array(wireKeySchema).nullish(),
  is_dnssec_enabled: z.boolean().nullish(),
});

const toWire = (k: DnskeyRecord) => ({ flags: k.flags, protocol: k.protocol, alg: k.algorithm, pub_key: k.publicKey });

function keysOnly(records: DnssecRecord[], operation: string): DnskeyRecord[] {
  return records.map((r) => {
    const key = toDnskey(r);
    if (!key) throw new RegistrarUnsupportedError(REGISTRAR, `${operation} with DS records (give the DNSKEY)`);
    return key;
  });
}

async function read(ctx: OpenproviderContext, domain: string, operation: string) {
  const found = await findDomain(ctx, splitName(domain, operation), operation);
  if (!found) return null;
  const full = await getById(ctx, found.id, operation, {});
  if (!full || full.is_deleted === true) return null;
  const part = dnssecPartSchema.parse(full);
  const keys = (part.dnssec_keys ?? []).map((k) => {
    try {
      return parseDnskey(`${k.flags} ${k.protocol} ${k.alg} ${k.pub_key}`);
    } catch (error) {
      if (error instanceof DnssecFormatError) {
        throw new RegistrarRejectedError(
          `${operation}: the registrar answered a key we cannot read: ${error.message}`,
          {
            registrar: REGISTRAR,
            operation,
          },
        );
      }
      throw error;
    }
  });
  return { id: part.id, state: { ds: [], keys } satisfies DnssecState };
}

export async function readDnssec(ctx: OpenproviderContext, domain: string): Promise<DnssecState | null> {
  return (await read(ctx, domain, 'readDnssec'))?.state ?? null;
}

async function putKeys(ctx: OpenproviderContext, id: number, keys: DnskeyRecord[]): Promise<void> {
  await ctx.client.call('PUT', `/domains/${id}`, updateDataSchema, {
    operation: 'PUT /domains/{id}',
    body: { is_dnssec_enabled: keys.length > 0, dnssec_keys: keys.map(toWire) },
  });
}

export async function setDnssec(ctx: OpenproviderContext, domain: string, state: DnssecState): Promise<void> {
  const operation = 'setDnssec';
  if (state.ds.length > 0)
    throw new RegistrarUnsupportedError(REGISTRAR, `${operation} with DS records (give the DNSKEY)`);
  if (state.maxSigLife !== undefined) throw new RegistrarUnsupportedError(REGISTRAR, 'a maximum signature life');
  const id = await requireId(ctx, splitName(domain, operation), operation);
  await putKeys(ctx, id, state.keys);
}

export async function addDnssec(ctx: OpenproviderContext, domain: string, records: DnssecRecord[]): Promise<void> {
  const operation = 'addDnssec';
  const keys = keysOnly(records, operation);
  const now = await read(ctx, domain, operation);
  if (!now) await requireId(ctx, splitName(domain, operation), operation); // throws "not in this account"
  const current = now!.state;
  const missing = keys.filter((k) => !publishes(current, { type: 'DNSKEY', ...k }));
  await putKeys(ctx, now!.id, [...current.keys, ...missing]);
}

export async function removeDnssec(ctx: OpenproviderContext, domain: string, records: DnssecRecord[]): Promise<void> {
  const operation = 'removeDnssec';
  keysOnly(records, operation);
  const now = await read(ctx, domain, operation);
  if (!now) await requireId(ctx, splitName(domain, operation), operation);
  const gone = new Set(records.map(formatRecord));
  const kept = now!.state.keys.filter((k) => !gone.has(formatRecord({ type: 'DNSKEY', ...k })));
  await putKeys(ctx, now!.id, kept);
}
