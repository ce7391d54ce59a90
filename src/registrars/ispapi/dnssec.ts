import {
  DnssecFormatError,
  formatDnskey,
  formatDs,
  parseDnskey,
  parseDs,
  publishes,
  toDnskey,
  toDs,
  type DnssecRecord,
  type DnssecState,
} from '../../domain/dnssec';
import { RegistrarRejectedError } from '../errors';
import { IspapiClient } from './client';
import { modifyDomainConfirmed } from './reference-rules';
import type { IspapiContext } from './adapter-context';

/**
 * ISPAPI DNSSEC: ModifyDomain SECDNS-DS / SECDNS-KEY (set), ADDSECDNS-… / DELSECDNS-… (one record
 * each), SECDNS-MAXSIGLIFE; StatusDomain answers SECDNS-DS, SECDNS-KEY and SECDNS-MAXSIGLIFE (the
 * properties HEXONET's WHMCS module reads; the reference page lists none, docs/dnssec.md). A
 * PENDING=1 answer counts once StatusDomain shows the change (modifyDomainConfirmed).
 */

function parseAll<T>(values: string[] | undefined, parse: (text: string) => T, what: string): T[] {
  return (values ?? [])
    .filter((v) => v.trim() !== '')
    .map((v) => {
      try {
        return parse(v);
      } catch (error) {
        if (error instanceof DnssecFormatError) {
          throw new RegistrarRejectedError(`StatusDomain answered a ${what} we cannot read: ${error.message}`, {
            registrar: 'ispapi',
            operation: 'StatusDomain',
          });
        }
        throw error;
      }
    });
}

export async function readDnssec(ctx: IspapiContext, domain: string): Promise<DnssecState | null> {
  const response = await ctx.client.send({ COMMAND: 'StatusDomain', DOMAIN: domain });
  if (response.code === 545 || (response.code === 531 && !/ACL/i.test(response.description))) return null;
  IspapiClient.assertOk('StatusDomain', response);
  const life = response.properties['SECDNS-MAXSIGLIFE']?.[0];
  return {
    ds: parseAll(response.properties['SECDNS-DS'], parseDs, 'DS'),
    keys: parseAll(response.properties['SECDNS-KEY'], parseDnskey, 'DNSKEY'),
    ...(life !== undefined && /^\d+$/.test(life) ? { maxSigLife: Number(life) } : {}),
  };
}

const lines = (records: DnssecRecord[]) => ({
  ds: records.flatMap((r) => toDs(r) ?? []).map(formatDs),
  keys: records.flatMap((r) => toDnskey(r) ?? []).map(formatDnskey),
});

export async function setDnssec(ctx: IspapiContext, domain: string, state: DnssecState): Promise<void> {
  // An empty list is sent as one empty value (NULL): "no record" rather than "not named".
  const command = {
    DOMAIN: domain,
    'SECDNS-DS': state.ds.length > 0 ? state.ds.map(formatDs) : [''],
    'SECDNS-KEY': state.keys.length > 0 ? state.keys.map(formatDnskey) : [''],
    ...(state.maxSigLife !== undefined ? { 'SECDNS-MAXSIGLIFE': state.maxSigLife } : {}),
  };
  await modifyDomainConfirmed(ctx.client, command, async () => {
    const now = await readDnssec(ctx, domain);
    return (
      now !== null &&
      now.ds.length === state.ds.length &&
      now.keys.length === state.keys.length &&
      [
        ...state.ds.map((d) => ({ type: 'DS' as const, ...d })),
        ...state.keys.map((k) => ({ type: 'DNSKEY' as const, ...k })),
      ].every((r) => publishes(now, r))
    );
  });
}

export async function addDnssec(ctx: IspapiContext, domain: string, records: DnssecRecord[]): Promise<void> {
  const { ds, keys } = lines(records);
  await modifyDomainConfirmed(ctx.client, { DOMAIN: domain, 'ADDSECDNS-DS': ds, 'ADDSECDNS-KEY': keys }, async () => {
    const now = await readDnssec(ctx, domain);
    return now !== null && records.every((r) => publishes(now, r));
  });
}

export async function removeDnssec(ctx: IspapiContext, domain: string, records: DnssecRecord[]): Promise<void> {
  const { ds, keys } = lines(records);
  await modifyDomainConfirmed(ctx.client, { DOMAIN: domain, 'DELSECDNS-DS': ds, 'DELSECDNS-KEY': keys }, async () => {
    const now = await readDnssec(ctx, domain);
    return now !== null && records.every((r) => !publishes(now, r));
  });
}
