/**
 * Commands on any workflow by ID (or a domain for its transfer): `status`, `watch`, `cancel`,
 * `check-now`, and `list` by search attribute.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Option, type Command } from 'commander';
import { requestTransferCheck } from '../client/transfer';
import { parseDomainName } from '../domain/domain-name';
import { toWorkflowId } from './options';
import { CliError, describeState, EXIT, isJsonOutput, print, table, type WorkflowState } from './output';
import { stateQuery, withClient } from './session';

/** `list --type` names: the workflow types people search for. */
const LIST_TYPES: Record<string, string> = {
  transfer: 'transferDomain',
  register: 'registerDomain',
  renew: 'renewDomain',
  backorder: 'backorder',
  swiss: 'swissApplication',
  account: 'customerAccount',
  domain: 'domain',
  sync: 'syncPortfolio',
  import: 'importPortfolio',
  event: 'deliverChangeEvent',
};

/** The phases and outcomes `watch` counts as success (exit 0); anything else that closed exits 3. */
const SUCCESS_WORDS = new Set([
  'completed',
  'registered',
  'renewed',
  'restored',
  'already-renewed',
  'ACTIVE',
  'SUCCESSFUL',
  'AUCTION-WON',
]);

/** `list --expiring-within 30d`: the ExpiresAt bound as the Web UI filter takes it. */
export function expiringWithinClause(value: string, now = Date.now()): string {
  const match = /^(\d+)\s*(d|days?|h|hours?)$/.exec(value.trim());
  if (!match) throw new Error(`--expiring-within: must be a number of days or hours such as 30d (got ${value})`);
  const ms = Number(match[1]) * (match[2]!.startsWith('d') ? 86_400_000 : 3_600_000);
  return `ExpiresAt < '${new Date(now + ms).toISOString()}'`;
}

export function registerWorkflowCommands(program: Command): void {
  program
    .command('status')
    .description('show the state and status log of a workflow')
    .argument('<workflow-id-or-domain>', 'e.g. transfer:example.com, or a domain for its transfer')
    .addHelpText(
      'after',
      '\nExamples:\n  $ domainflow status example.com                 # its transfer\n  $ domainflow status renew:example.com:2027-03-01 --json',
    )
    .action(async (idOrDomain: string) => {
      const id = toWorkflowId(idOrDomain);
      await withClient(async (client) => {
        const state = await client.workflow.getHandle(id).query(stateQuery);
        const description = await client.workflow.getHandle(id).describe();
        print(`${describeState(id, state)}\n\nworkflow status: ${description.status.name}`, {
          workflowId: id,
          status: description.status.name,
          state,
        });
      });
    });

  program
    .command('watch')
    .description("follow a workflow's status log live until it closes")
    .argument('<workflow-id-or-domain>', 'e.g. register:example.com, or a domain for its transfer')
    .option('--interval <seconds>', 'seconds between two looks at the workflow', (v) => Number(v), 1)
    .addHelpText(
      'after',
      `
Prints each new status-log entry (time, from -> to, why) as it appears; with --json one JSON object
per line. When the workflow has closed it prints the final phase or outcome and exits 0 if that is
a success (completed, registered, renewed, restored, already-renewed, ACTIVE, SUCCESSFUL,
AUCTION-WON), 3 otherwise, 5 if there is no such workflow.

Examples:
  $ domainflow watch example.com                       # the transfer of example.com
  $ domainflow watch register:new-shop.com --json --interval 5`,
    )
    .action(async (idOrDomain: string, opts: { interval: number }) => {
      if (!Number.isFinite(opts.interval) || opts.interval <= 0) {
        throw new CliError('--interval: must be a positive number of seconds', EXIT.invalid);
      }
      const id = toWorkflowId(idOrDomain);
      await withClient(async (client) => {
        const handle = client.workflow.getHandle(id);
        const printed = new Set<string>();
        for (;;) {
          // describe() first: a workflow that closes in between is queried once more before the end.
          const status = (await handle.describe()).status.name;
          const closed = status !== 'RUNNING';
          let state: WorkflowState | undefined;
          try {
            state = await handle.query(stateQuery);
          } catch (err) {
            // A failed or terminated workflow may not answer; a running one must.
            if (!closed) throw err;
          }
          for (const entry of state?.log ?? []) {
            const key = JSON.stringify(entry);
            if (printed.has(key)) continue;
            printed.add(key);
            console.log(
              isJsonOutput()
                ? JSON.stringify({ workflowId: id, ...entry })
                : `${entry.at}  ${entry.from || '-'} -> ${entry.to}  ${entry.why}`,
            );
          }
          if (closed) {
            const result = state?.result;
            const outcome = typeof result?.outcome === 'string' ? result.outcome : state?.phase;
            const reason = typeof result?.reason === 'string' ? result.reason : undefined;
            const success = status === 'COMPLETED' && outcome !== undefined && SUCCESS_WORDS.has(outcome);
            console.log(
              isJsonOutput()
                ? JSON.stringify({ workflowId: id, status, phase: state?.phase, outcome, result, success })
                : `${id}: ${outcome ?? status}${reason ? ` (${reason})` : ''} - workflow ${status}`,
            );
            if (!success) process.exitCode = EXIT.unsuccessful;
            return;
          }
          await sleep(opts.interval * 1000);
        }
      });
    });

  program
    .command('cancel')
    .description('ask a running workflow to stop (Temporal cancellation): it ends CANCELLED after its current step')
    .argument('<workflow-id-or-domain>', 'e.g. transfer:example.com, or a domain for its transfer')
    .option('--reason <text>', 'why (shown in the workflow history)')
    .addHelpText(
      'after',
      `
A backorder is cancelled with \`backorder cancel\` instead, which also releases the reserved funds.

Examples:
  $ domainflow cancel example.com                      # the transfer of example.com
  $ domainflow cancel register:new-shop.com --reason 'customer withdrew the order'`,
    )
    .action(async (idOrDomain: string, opts: { reason?: string }) => {
      const id = toWorkflowId(idOrDomain);
      await withClient(async (client) => {
        const handle = client.workflow.getHandle(id);
        const status = (await handle.describe()).status.name;
        if (status !== 'RUNNING') throw new CliError(`${id} is not running (${status})`, EXIT.unsuccessful);
        // handle.cancel() takes no reason; the service call records it in the workflow's history.
        await client.workflowService.requestCancelWorkflowExecution({
          namespace: client.options.namespace,
          workflowExecution: { workflowId: id },
          identity: client.options.identity,
          requestId: randomUUID(),
          reason: opts.reason ?? '',
        });
        print(`asked ${id} to stop`, { workflowId: id, cancelRequested: true });
      });
    });

  program
    .command('check-now')
    .description(
      'ask a transfer workflow to check the registrar now instead of at its next scheduled time (availability: check)',
    )
    .argument('<workflow-id-or-domain>')
    .addHelpText('after', '\nExample:\n  $ domainflow check-now example.com')
    .action(async (idOrDomain: string) => {
      const id = toWorkflowId(idOrDomain);
      await withClient((client) => requestTransferCheck(client, id));
      print(`asked ${id} to check now`, { workflowId: id, signalled: true });
    });

  program
    .command('list')
    .description('list workflows by search attribute')
    .addOption(new Option('--type <type>', 'workflow type').choices(Object.keys(LIST_TYPES)).default('transfer'))
    .option('--state <state>', 'LifecycleState, e.g. transfer-pending')
    .option('--registrar <name>', 'Registrar')
    .option('--domain <domain>', 'DomainName')
    .option('--expiring-within <days>', 'ExpiresAt before now + this, e.g. 30d (domains: --type domain)')
    .option('--limit <n>', 'at most this many', (v) => Number(v), 50)
    .addHelpText(
      'after',
      '\nExamples:\n  $ domainflow list --state transfer-pending\n  $ domainflow list --type renew --registrar openprovider --json\n  $ domainflow list --type domain --expiring-within 30d\n  $ domainflow list --type event --state event-failed',
    )
    .action(async (opts) => {
      const query = listQuery(opts);
      await withClient(async (client) => {
        const rows: Array<Record<string, string>> = [];
        for await (const wf of client.workflow.list({ query })) {
          const attr = (name: string) => wf.typedSearchAttributes.getAll().find((p) => p.key.name === name)?.value;
          const expiresAt = attr('ExpiresAt');
          rows.push({
            workflowId: wf.workflowId,
            status: wf.status.name,
            domain: String(attr('DomainName') ?? ''),
            registrar: String(attr('Registrar') ?? ''),
            state: String(attr('LifecycleState') ?? ''),
            expires: expiresAt instanceof Date ? expiresAt.toISOString().slice(0, 10) : '',
            started: wf.startTime.toISOString(),
          });
          if (rows.length >= opts.limit) break;
        }
        print(
          rows.length === 0
            ? `no workflows match: ${query}`
            : table([
                ['WORKFLOW', 'STATUS', 'DOMAIN', 'REGISTRAR', 'STATE', 'EXPIRES', 'STARTED'],
                ...rows.map((r) => [
                  r.workflowId!,
                  r.status!,
                  r.domain!,
                  r.registrar!,
                  r.state!,
                  r.expires!,
                  r.started!,
                ]),
              ]),
          { query, workflows: rows },
        );
      });
    });
}

/** The visibility query of `list`'s options; a bad --domain or --expiring-within is invalid input. */
function listQuery(opts: {
  type: string;
  state?: string;
  registrar?: string;
  domain?: string;
  expiringWithin?: string;
}): string {
  const clauses = [`WorkflowType = '${LIST_TYPES[opts.type]}'`];
  const quote = (v: string) => `'${v.replace(/'/g, '')}'`;
  if (opts.state) clauses.push(`LifecycleState = ${quote(opts.state)}`);
  if (opts.registrar) clauses.push(`Registrar = ${quote(opts.registrar)}`);
  if (opts.domain) {
    const parsed = parseDomainName(opts.domain);
    if (!parsed.ok) throw new CliError(`--domain: ${parsed.rule}`, EXIT.invalid);
    clauses.push(`DomainName = ${quote(parsed.value.ascii)}`);
  }
  if (opts.expiringWithin) {
    try {
      clauses.push(expiringWithinClause(opts.expiringWithin));
    } catch (err) {
      throw new CliError((err as Error).message, EXIT.invalid);
    }
  }
  return clauses.join(' AND ');
}
