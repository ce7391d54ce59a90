import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { recordLine, sortRecords, type ZoneRecord } from '../domain/dns';
import {
  declaredDigest,
  managedRecords,
  syncDnsWorkflowId,
  zoneDeclaredSignal,
  type ZoneDeclaration,
} from '../contracts/dns-drift';
import { applyZoneWorkflowId } from '../contracts/dns';
import { accountField } from '../contracts/registrar-account';
import { isDnsZoneRegistrar } from '../registrars/dns';
import type { RegistrarName } from '../registrars/registrar';
import { registrarOf, type RegistrarSet } from './registrar-set';
import { withRegistrarErrors } from './registrar-errors';

const MAX_LINES = 50;

export interface ZoneDriftCheck {
  missing: boolean;
  readDigest: string;
  declaredDigest: string;
  lines: string[];
}

/** Drift reports for managed zones (src/workflows/sync-dns.ts, docs/dns-drift.md). */
export function createDnsDriftActivities(deps: { registrars: RegistrarSet; client: Client; taskQueue: string }) {
  return {
    /** Reads the zone (one registrar call) and compares it with the declared records. */
    async checkZoneDrift(input: {
      registrar: RegistrarName;
      account?: string;
      domain: string;
      records: ZoneRecord[];
      prune: boolean;
    }): Promise<ZoneDriftCheck> {
      // Another account's adapter; one this worker lacks fails non-retryably, naming it.
      const registrar =
        input.account === undefined
          ? deps.registrars[input.registrar]
          : registrarOf(deps.registrars, input.registrar, input.account);
      if (!isDnsZoneRegistrar(registrar)) {
        throw ApplicationFailure.nonRetryable(
          `registrar ${input.registrar} offers no DNS zones here`,
          'DnsUnsupported',
        );
      }
      const snapshot = await withRegistrarErrors(() => registrar.readZone(input.domain));
      const read = managedRecords(input, snapshot.records);
      const have = new Set(read.map(recordLine));
      const want = new Set(input.records.map(recordLine));
      const lines = [
        ...sortRecords(read)
          .map(recordLine)
          .filter((l) => !want.has(l))
          .map((l) => `+ ${l}`),
        ...sortRecords(input.records)
          .map(recordLine)
          .filter((l) => !have.has(l))
          .map((l) => `- ${l}`),
      ];
      return {
        missing: !snapshot.exists,
        readDigest: snapshot.exists ? declaredDigest(read) : 'missing',
        declaredDigest: declaredDigest(input.records),
        lines: lines.slice(0, MAX_LINES),
      };
    },

    /**
     * Starts applyZone with the declared records (by type name), or joins
     * the one running under its ID; answers that ID.
     */
    async enforceZone(input: {
      registrar: RegistrarName;
      account?: string;
      domain: string;
      records: ZoneRecord[];
      prune: boolean;
    }): Promise<{ workflowId: string; started: boolean }> {
      const workflowId = applyZoneWorkflowId(input.domain, input.account);
      try {
        await deps.client.workflow.start('applyZone', {
          taskQueue: deps.taskQueue,
          workflowId,
          workflowIdConflictPolicy: 'FAIL',
          args: [
            {
              domain: input.domain,
              registrar: input.registrar,
              ...accountField(input.account),
              records: input.records,
              prune: input.prune,
            },
          ],
          staticSummary: `Put ${input.domain} back to its declared zone (drift, --enforce)`,
        });
        return { workflowId, started: true };
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
        throw err;
      }
    },

    /**
     * Records a zone's declared state with its registrar's DNS sync (starting the sync when it is not
     * running): applyZone calls this when its zone reads back equal to the file.
     */
    async declareZone(input: { registrar: RegistrarName; account?: string } & ZoneDeclaration): Promise<void> {
      const { registrar, account, ...declaration } = input;
      // Each account has its own DNS sync (sync-dns:<account>:<registrar>), reading through that account.
      await deps.client.workflow.signalWithStart('syncDns', {
        taskQueue: deps.taskQueue,
        workflowId: syncDnsWorkflowId(registrar, account),
        args: [{ registrar, ...accountField(account) }],
        signal: zoneDeclaredSignal,
        signalArgs: [declaration],
      });
    },
  };
}

export type DnsDriftActivities = ReturnType<typeof createDnsDriftActivities>;
