import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import { withHeartbeat } from './heartbeat';
import { diffZone, type ZoneChange, type ZoneRecord, type ZoneRecordType } from '../domain/dns';
import { isDnsZoneRegistrar, type DnsZoneRegistrar } from '../registrars/dns';
import { RegistrarRejectedError } from '../registrars/errors';
import type { RegistrarName } from '../registrars/registrar';
import { registrarOf, type RegistrarSet } from './registrar-set';
import { withRegistrarErrors } from './registrar-errors';

/**
 * Activities of applyZone (docs/dns.md): read a zone (creating it when asked), and carry out a
 * plan exactly once. A repeated attempt never trusts the plan it was given: an earlier attempt
 * may have written before its worker died, so it reads the zone and sends only what is still
 * missing (read-back-before-retry), and nothing when the zone is already as declared.
 */

interface Target {
  registrar: RegistrarName;
  /** the registrar account (docs/accounts.md); absent: `default` */
  account?: string;
  domain: string;
}

export interface ZoneRead {
  exists: boolean;
  records: ZoneRecord[];
  serial?: string;
  /** the record types the registrar's DNS holds */
  supportedTypes: ZoneRecordType[];
  /** the zone was created by this call */
  created: boolean;
}

export interface ZonePlanApplied {
  /** registrar write calls made by the attempt that succeeded */
  writeCalls: number;
  /** record changes those calls carried */
  changesSent: number;
  /** the attempt re-read the zone first and planned again (a retry, or a write refused as stale) */
  replanned: boolean;
}

export function createDnsZoneActivities(registrars: RegistrarSet) {
  const pick = (name: RegistrarName, account?: string): DnsZoneRegistrar => {
    // The account's own adapter; one this worker lacks fails non-retryably, naming it.
    const registrar = registrarOf(registrars, name, account);
    if (!isDnsZoneRegistrar(registrar)) {
      throw ApplicationFailure.nonRetryable(`registrar ${name} offers no DNS zones`, 'DnsZonesUnsupported');
    }
    return registrar;
  };
  const changesOf = (plan: ZoneChange[]): number => plan.length;

  return {
    /**
     * The zone as the registrar holds it; with `create`, a missing zone is created first (then
     * read), unless `types` names one the registrar cannot hold: then nothing is written and the
     * workflow refuses the file.
     */
    async readZone(
      input: Target & { create?: boolean; registrarTemplate?: string; types?: ZoneRecordType[] },
    ): Promise<ZoneRead> {
      const registrar = pick(input.registrar, input.account);
      const supportedTypes = [...registrar.dnsRecordTypes];
      const fits = (input.types ?? []).every((t) => supportedTypes.includes(t));
      return withRegistrarErrors(async () => {
        const first = await registrar.readZone(input.domain);
        if (first.exists || !input.create || !fits) return { ...first, supportedTypes, created: false };
        await registrar.createZone(input.domain, input.registrarTemplate ? { template: input.registrarTemplate } : {});
        const after = await registrar.readZone(input.domain);
        return { ...after, supportedTypes, created: true };
      });
    },

    /**
     * Sends `plan` (computed by the workflow from its read) in one registrar call. A retry, or a
     * write the registrar refuses (the zone changed since the read: a record already gone or
     * already there), reads the zone and plans again against `desired`: what an earlier attempt
     * wrote is not sent twice.
     */
    async applyZonePlan(
      input: Target & { desired: ZoneRecord[]; prune: boolean; plan: ZoneChange[] },
    ): Promise<ZonePlanApplied> {
      const registrar = pick(input.registrar, input.account);
      const replan = async (): Promise<ZoneChange[]> => {
        const now = await registrar.readZone(input.domain);
        return diffZone(input.desired, now.records, { prune: input.prune }).changes;
      };
      return withHeartbeat(() =>
        withRegistrarErrors(async () => {
          if (Context.current().info.attempt > 1) {
            const plan = await replan();
            const { calls } = await registrar.applyZoneChanges(input.domain, plan);
            return { writeCalls: calls, changesSent: changesOf(plan), replanned: true };
          }
          try {
            const { calls } = await registrar.applyZoneChanges(input.domain, input.plan);
            return { writeCalls: calls, changesSent: changesOf(input.plan), replanned: false };
          } catch (err) {
            if (!(err instanceof RegistrarRejectedError)) throw err;
            // Refused as a whole (one call, all or nothing): plan again against the zone as it is now.
            const plan = await replan();
            if (JSON.stringify(plan) === JSON.stringify(input.plan)) throw err;
            const { calls } = await registrar.applyZoneChanges(input.domain, plan);
            return { writeCalls: calls + 1, changesSent: changesOf(plan), replanned: true };
          }
        }),
      );
    },
  };
}

export type DnsZoneActivities = ReturnType<typeof createDnsZoneActivities>;
