import { Context } from '@temporalio/activity';
import { withHeartbeat } from './heartbeat';
import { ApplicationFailure } from '@temporalio/common';
import { type Client, WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  type BulkChange,
  type BulkFilter,
  type BulkOutcome,
  type BulkReport,
  type DomainEntityView,
  type DomainEntityWorkflow,
  domainStateQuery,
  MAX_BULK_DOMAINS,
  setAutorenewUpdate,
  setNameserversUpdate,
  setPrivacyUpdate,
  setTransferLockUpdate,
  updateContactUpdate,
} from '../contracts';
import { accountField, DEFAULT_ACCOUNT, parseDomainEntityId } from '../contracts/registrar-account';
import { domainEntityId, domainEntityStartOperation } from '../client/domain';
import { pool } from '../util/pool';
import type { RegistrarName } from '../registrars/names';
import type { MailActivities } from './mail';
import { textTable } from '../text/table';

/**
 * The bulk job's activities (src/workflows/bulk-change.ts): select the domains of a filter from
 * the domain entities, apply the change to one domain through its entity's Update, mail the report.
 */

const quote = (value: string): string => `'${value.replace(/'/g, "\\'")}'`;

export interface ApplyBulkChangeInput {
  registrar: RegistrarName;
  /** the registrar account (docs/accounts.md): the change goes to that account's entity; absent: `default` */
  account?: string;
  domain: string;
  change: BulkChange;
  /** `<bulk workflow id>:<domain>`: the Update's id and, where the Update takes one, its requestId */
  requestId: string;
}

export function createBulkActivities(deps: {
  client: Client;
  taskQueue: string;
  sendMail: MailActivities['sendMail'];
}) {
  const { client } = deps;
  return {
    /**
     * A token of the registrar's rate: run on its list queue, whose dispatch rate the Temporal
     * server limits (src/workers/registrar-queues.ts). It calls nothing; the job takes one before
     * each domain, so the domains sent per second never exceed the list queue's limit.
     */
    async bulkPermit(_input: { registrar: RegistrarName }): Promise<void> {
      // The dispatch itself is the permit.
    },

    /** The domains a filter names, sorted (visibility, then each entity's facts for a nameserver filter). */
    async selectBulkDomains(input: {
      registrar: RegistrarName;
      account?: string;
      filter: BulkFilter;
    }): Promise<string[]> {
      const { filter } = input;
      const clauses = [
        `WorkflowType = 'domain'`,
        `ExecutionStatus = 'Running'`,
        `Registrar = ${quote(input.registrar)}`,
      ];
      if (filter.customerId) clauses.push(`CustomerId = ${quote(filter.customerId)}`);
      const found: string[] = [];
      for await (const wf of client.workflow.list({ query: clauses.join(' AND ') })) {
        // Only the job's account's entities (domain:<name> is default, domain:<account>:<name> another).
        const id = parseDomainEntityId(wf.workflowId);
        if (!id || id.account !== (input.account ?? DEFAULT_ACCOUNT)) continue;
        const { domain } = id;
        if (filter.tld && !domain.endsWith(`.${filter.tld}`)) continue;
        found.push(domain);
        Context.current().heartbeat();
      }
      let selected = [...new Set(found)].sort();
      if (filter.nameservers) {
        const wanted = filter.nameservers;
        const views = await pool(selected, 8, async (domain) => {
          Context.current().heartbeat();
          return client.workflow
            .getHandle(domainEntityId(domain, input.account))
            .query<DomainEntityView>(domainStateQuery);
        });
        selected = selected.filter((_, i) => {
          const current = views[i]?.facts.nameservers ?? [];
          return wanted.every((ns) => current.includes(ns));
        });
      }
      if (selected.length > MAX_BULK_DOMAINS) {
        throw ApplicationFailure.nonRetryable(
          `filter: selects ${selected.length} domains, a job takes at most ${MAX_BULK_DOMAINS}: narrow the filter`,
          'BulkTooLarge',
        );
      }
      return selected;
    },

    /**
     * One domain's change through its entity (started when the engine does not manage it yet). The
     * Update id is the request id: a retry after a crash gets the first answer, never a second change.
     * The registrar's or the entity's "no" is an outcome (failed, with the reason), not an error.
     */
    async applyBulkChange(input: ApplyBulkChangeInput): Promise<{ outcome: BulkOutcome; reason?: string }> {
      const start = () =>
        new WithStartWorkflowOperation<DomainEntityWorkflow>(
          'domain',
          domainEntityStartOperation(
            { domain: input.domain, registrar: input.registrar, ...accountField(input.account) },
            { taskQueue: deps.taskQueue },
          ),
        );
      const { change, requestId } = input;
      const send = async (): Promise<BulkOutcome> => {
        const options = { updateId: requestId, startWorkflowOperation: start() };
        switch (change.kind) {
          case 'nameservers': {
            const r = await client.workflow.executeUpdateWithStart(setNameserversUpdate, {
              ...options,
              args: [{ requestId, nameservers: change.nameservers }],
            });
            return r.changed ? 'changed' : 'unchanged';
          }
          case 'lock': {
            const r = await client.workflow.executeUpdateWithStart(setTransferLockUpdate, {
              ...options,
              args: [{ requestId, locked: change.locked }],
            });
            return r.changed ? 'changed' : 'unchanged';
          }
          case 'contacts': {
            const r = await client.workflow.executeUpdateWithStart(updateContactUpdate, {
              ...options,
              args: [{ requestId, role: change.role, contact: change.contact }],
            });
            return r.changed ? 'changed' : 'unchanged';
          }
          case 'privacy': {
            // Changed means the registrar was told; a wish the registrar already showed is unchanged.
            const r = await client.workflow.executeUpdateWithStart(setPrivacyUpdate, {
              ...options,
              args: [{ enabled: change.enabled }],
            });
            return r.pushedToRegistrar ? 'changed' : 'unchanged';
          }
          case 'autorenew': {
            // The wish is this engine's: changed means the wish moved.
            const r = await client.workflow.executeUpdateWithStart(setAutorenewUpdate, {
              ...options,
              args: [{ enabled: change.enabled }],
            });
            return r.changed ? 'changed' : 'unchanged';
          }
        }
      };
      try {
        return { outcome: await withHeartbeat(send) };
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) {
          return { outcome: 'failed', reason: err.cause?.message ?? err.message };
        }
        // Anything else (Temporal unreachable, the Update's RPC timed out) is retried: the Update id
        // makes the retry join the first attempt's Update instead of sending a second one.
        throw err;
      }
    },

    /** The report by mail to the admin; the Message-ID comes from the job, so a retried send is the same mail. */
    async sendBulkReport(report: BulkReport): Promise<{ sent: boolean }> {
      const section = (title: string, header: string[], rows: string[][]) =>
        rows.length === 0 ? undefined : `${title} (${rows.length})\n${textTable([header, ...rows])}`;
      const sections = [
        section(
          'Failed',
          ['domain', 'reason'],
          report.failed.map((f) => [f.domain, f.reason]),
        ),
        section(
          'Changed',
          ['domain'],
          report.changed.map((d) => [d]),
        ),
        section(
          'Already as wished (nothing sent)',
          ['domain'],
          report.unchanged.map((d) => [d]),
        ),
      ].filter((s): s is string => s !== undefined);
      await deps.sendMail({
        to: 'admin',
        template: 'bulk-report',
        values: {
          jobId: report.jobId,
          registrar: report.registrar,
          change: describeChange(report.change),
          summary: summaryOf(report),
          startedAt: report.startedAt,
          finishedAt: report.finishedAt,
          sections: sections.length > 0 ? sections.join('\n\n') : 'No domain was selected.',
        },
        idempotencyKey: `bulk-report:${report.jobId}:${report.startedAt}`,
      });
      return { sent: true };
    },
  };
}

/** "nameservers ns1.a.net ns2.a.net", "privacy on" ...; contact data is not repeated in the mail. */
export function describeChange(change: BulkChange): string {
  switch (change.kind) {
    case 'nameservers':
      return `nameservers ${change.nameservers.join(' ')}`;
    case 'lock':
      return `transfer lock ${change.locked ? 'on' : 'off'}`;
    case 'contacts':
      return `${change.role} contact`;
    case 'privacy':
    case 'autorenew':
      return `${change.kind} ${change.enabled ? 'on' : 'off'}`;
  }
}

export function summaryOf(report: BulkReport): string {
  const parts = [
    `${report.changed.length} changed`,
    `${report.unchanged.length} already as wished`,
    `${report.failed.length} failed`,
  ];
  if (report.skipped > 0) parts.push(`${report.skipped} skipped (cancelled)`);
  return parts.join(', ');
}

export type BulkActivities = ReturnType<typeof createBulkActivities>;
