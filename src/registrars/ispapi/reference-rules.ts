import { RegistrarError, RegistrarTemporaryError } from '../errors';
import { IspapiClient } from './client';
import type { Command, CommandRecord, IspapiResponse } from './wire';

/**
 * Rules of the ISPAPI command reference (/work/shared/specs/ispapi-api/) that the adapter applies
 * around single commands, kept here so adapter.ts stays about the Registrar interface.
 */

/**
 * CheckDomains' premium channel, per domain row. The reference's property table names the column
 * PREMIUMCHANNELS[0..N], its example answer (and the modules, spec 2.2) PREMIUMCHANNEL: read both.
 */
export function premiumChannelColumn(response: IspapiResponse): string[] | undefined {
  return response.properties.PREMIUMCHANNEL ?? response.properties.PREMIUMCHANNELS;
}

/**
 * RenewDomain, PayDomainRenewal and RestoreDomain take CLASS "in case it is a premium domain"
 * (reference; RestoreDomain: "the domain CLASS needs to be provided"). The API refuses a premium
 * name without it as `504 Missing required attribute; CLASS=PREMIUM_<X> required` (spec 2.9,
 * FAQ #24). The command is sent without CLASS first (nothing happened on a 504), and once more
 * with the class the answer names, else the one `fallback` reads (StatusDomain's SUBCLASS, which
 * the modules send as CLASS for premium renewals, spec 2.11). A 504 for anything else stands.
 */
export async function sendWithPremiumClass(
  client: IspapiClient,
  command: Command,
  fallback?: () => Promise<string | undefined>,
): Promise<IspapiResponse> {
  const first = await client.send(command);
  if (first.code !== 504 || !/\bCLASS\b/.test(first.description)) return first;
  const named = /\bCLASS=(\S+)/.exec(first.description)?.[1];
  const cls = named ?? (await fallback?.());
  if (!cls) return first;
  return client.send({ ...command, CLASS: cls });
}

/** StatusDomain's SUBCLASS when it is a premium class (else the TLD, spec 2.12): the CLASS to renew with. */
export async function premiumSubclass(client: IspapiClient, domain: string): Promise<string | undefined> {
  const status = await client.send({ COMMAND: 'StatusDomain', DOMAIN: domain });
  IspapiClient.assertNotTemporary('StatusDomain', status);
  const subclass = (status.properties.SUBCLASS?.[0] ?? '').trim();
  return /^(PREMIUM_|AFTERMARKET_)/i.test(subclass) ? subclass : undefined;
}

/**
 * ModifyDomain whose change is done only once StatusDomain shows it. The reference (ModifyDomain,
 * NOTE) says the answer "might include the parameter 'PENDING = 1'. This indicates that the update
 * request has not been completed yet and that it might still get rejected." Then the domain is
 * read back; not applied yet, a temporary error makes the activity try again later (its retry
 * reads the domain first and does not send the change again once it shows).
 */
export async function modifyDomainConfirmed(
  client: IspapiClient,
  command: CommandRecord & { DOMAIN: string },
  applied: () => Promise<boolean>,
): Promise<void> {
  const response = await client.call({ COMMAND: 'ModifyDomain', ...command });
  if (!response.pending) return;
  if (await applied()) return;
  throw new RegistrarTemporaryError(
    `ModifyDomain for ${command.DOMAIN} is pending at the registry (PENDING=1) and not applied yet`,
    { registrar: 'ispapi', operation: 'ModifyDomain', code: String(response.code), description: response.description },
  );
}

/** Waits between the reads of holdAutoExpire; tests pass shorter ones. */
export const AUTOEXPIRE_WAITS_MS: readonly number[] = [250, 500, 1_000, 2_000, 4_000];

/**
 * After a premium purchase (AddDomainApplication takes no RENEWALMODE, unlike AddDomain): reads
 * the domain and sets RENEWALMODE=AUTOEXPIRE until StatusDomain shows it, retrying while the
 * domain is not visible yet or an answer is temporary. 'held': AUTOEXPIRE is read back;
 * 'not-visible': the domain never showed (the order stands; the registry creates it later);
 * otherwise the last error is thrown, a temporary one when the domain was seen (a retried register
 * then finds it and sets the mode on its alreadyRegistered path, never ordering twice).
 */
export async function holdAutoExpire(
  read: () => Promise<{ renewalMode?: string } | null>,
  set: () => Promise<void>,
  waitsMs: readonly number[] = AUTOEXPIRE_WAITS_MS,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<'held' | 'not-visible'> {
  let seen = false;
  let lastError: unknown;
  for (let round = 0; round <= waitsMs.length; round++) {
    if (round > 0) await sleep(waitsMs[round - 1]!);
    try {
      const domain = await read();
      if (!domain) continue;
      seen = true;
      if (domain.renewalMode === 'AUTOEXPIRE') return 'held';
      await set();
    } catch (err) {
      if (err instanceof RegistrarError && !err.retryable) throw err;
      lastError = err;
    }
  }
  if (!seen) return 'not-visible';
  throw new RegistrarTemporaryError('the renewal mode AUTOEXPIRE did not hold after the premium purchase', {
    registrar: 'ispapi',
    operation: 'SetDomainRenewalMode',
    description: lastError instanceof Error ? lastError.message : undefined,
  });
}
