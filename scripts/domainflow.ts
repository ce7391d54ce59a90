/**
 * domainflow: the command line for people and scripts. Every command takes --json for scripts.
 * Exit codes: 0 ok; 1 unexpected error; 2 invalid input or configuration; 3 the workflow ended
 * without success (with --wait); 4 Temporal not reachable; 5 no such workflow.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command, Option } from 'commander';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ConfigError, loadConfig, loadDotEnv, type Config } from '../src/config/config';
import { connectClient, TemporalUnavailableError } from '../src/client/connect';
import { codecFromConfig } from '../src/codec';
import { requestTransferCheck, startTransfer } from '../src/client/transfer';
import { startRegistration } from '../src/client/register';
import { startRenewal } from '../src/client/renew';
import { startSwissApplication } from '../src/client/swiss';
import {
  cancelRegistrantChange,
  registrantChangeIdFor,
  resendRegistrantConfirmation,
  startRegistrantChange,
} from '../src/client/change-registrant';
import { cancelBackorder, getBackorderState, startBackorder } from '../src/client/backorder';
import { capture, deposit, getAccount, release, reserve } from '../src/client/account';
import { formatMinorUnits, toMinorUnits } from '../src/domain/money';
import { defineQuery } from '@temporalio/workflow';
import { parseOrThrow, ValidationError } from '../src/domain/validation';
import { parseDomainName } from '../src/domain/domain-name';
import { textTable } from '../src/text/table';
import { expiringWithinClause, registerPortfolioCommands } from './lib/portfolio-cli';
import {
  transferDomainInputSchema,
  transferWorkflowId,
  registerDomainInputSchema,
  swissApplicationInputSchema,
  type SwissApplicationInput,
  changeRegistrantInputSchema,
  type ChangeRegistrantInput,
  backorderInputSchema,
  customerIdSchema,
  type BackorderInput,
  renewDomainInputSchema,
  type RenewDomainInput,
  type RegisterDomainInput,
  type StatusLogEntry,
  type TransferDomainInput,
} from '../src/workflows/contracts';

interface WorkflowState {
  phase: string;
  log: StatusLogEntry[];
  result?: Record<string, unknown>;
  [key: string]: unknown;
}
const stateQuery = defineQuery<WorkflowState>('state');

export const EXIT = { ok: 0, error: 1, invalid: 2, unsuccessful: 3, unavailable: 4, notFound: 5 } as const;

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

let jsonOutput = false;
const print = (human: string, json: unknown): void => {
  console.log(jsonOutput ? JSON.stringify(json, null, 2) : human);
};

const table = textTable;

async function withClient<T>(fn: (client: Client, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const { client, close } = await connectClient(config.temporal, codecFromConfig(config));
  try {
    return await fn(client, config);
  } finally {
    await close();
  }
}

/** `status example.com` and `status transfer:example.com` both work. */
function toWorkflowId(idOrDomain: string): string {
  if (idOrDomain.includes(':')) return idOrDomain;
  const parsed = parseDomainName(idOrDomain);
  if (!parsed.ok) throw new CliError(`domain: ${parsed.rule}`, EXIT.invalid);
  return transferWorkflowId(parsed.value.ascii);
}

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

/** Every workflow's `state` query has a phase, counters, a status log and maybe a result. */
function describeState(id: string, s: WorkflowState): string {
  const rows: string[][] = [['workflow', id]];
  for (const [key, value] of Object.entries(s)) {
    if (key === 'log' || key === 'result' || value === undefined) continue;
    rows.push([key, String(value)]);
  }
  for (const [key, value] of Object.entries(s.result ?? {})) {
    if (value !== undefined)
      rows.push([`result.${key}`, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
  }
  const log = s.log.map((e) => [e.at, `${e.from || '-'} -> ${e.to}`, e.why]);
  return `${table(rows)}\n\nstatus log\n${table([['at', 'change', 'why'], ...log])}`;
}

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

/** The number of registrar checks a workflow's state reports, whatever its workflow calls it. */
function checksOf(s: WorkflowState): number | undefined {
  for (const key of ['attempts', 'checks', 'activationChecks', 'statusChecks']) {
    if (typeof s[key] === 'number') return s[key];
  }
  return undefined;
}

/**
 * Awaits `outcome`; meanwhile, on a terminal and without --json, one line (phase and checks,
 * refreshed every 2 s through the state query) rewritten in place with \r and cleared at the end.
 */
async function withProgress<T>(client: Client, id: string, outcome: Promise<T>): Promise<T> {
  if (jsonOutput || !process.stdout.isTTY) return outcome;
  let shown = '';
  let done = false;
  const refresh = async (): Promise<void> => {
    try {
      const s = await client.workflow.getHandle(id).query(stateQuery);
      if (done) return;
      const checks = checksOf(s);
      const line = `waiting for ${id}: ${s.phase}${checks !== undefined ? `, ${checks} check${checks === 1 ? '' : 's'}` : ''}`;
      process.stdout.write(`\r${line.padEnd(shown.length)}`);
      shown = line;
    } catch {
      // A query can fail while a worker restarts; the next refresh or the result settles it.
    }
  };
  void refresh();
  const timer = setInterval(() => void refresh(), 2000);
  try {
    return await outcome;
  } finally {
    done = true;
    clearInterval(timer);
    if (shown) process.stdout.write(`\r${' '.repeat(shown.length)}\r`);
  }
}

function readAuthCode(opts: { authCode?: string; authCodeStdin?: boolean }): string | undefined {
  if (opts.authCodeStdin) return readFileSync(0, 'utf8').trim();
  return opts.authCode ?? process.env.DOMAINFLOW_AUTH_CODE;
}

/**
 * Reports a start for people and scripts; with --wait, waits (showing progress on a terminal) and
 * returns the result, else undefined.
 */
async function reportStart<R>(
  client: Client,
  started: { workflowId: string; started: boolean; handle: { result(): Promise<R> } },
  wait: boolean,
): Promise<R | undefined> {
  if (!wait) {
    print(
      started.started
        ? `started ${started.workflowId}\nfollow it with: domainflow watch ${started.workflowId}`
        : `already running: ${started.workflowId} (nothing new was sent to the registrar)`,
      { workflowId: started.workflowId, started: started.started },
    );
    return undefined;
  }
  // With --wait too: the outcome that follows is the running workflow's, not a new one's.
  if (!started.started && !jsonOutput) {
    console.log(
      `already running: ${started.workflowId} (nothing new was sent to the registrar); waiting for its outcome`,
    );
  }
  return withProgress(client, started.workflowId, started.handle.result());
}

/** A JSON file named by an option; a bad file is invalid input naming that option. */
function readJsonOption(file: string, option: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new CliError(`${option}: cannot read JSON from ${file}: ${(err as Error).message}`, EXIT.invalid);
  }
}

/** Repeated --extra key=value options as a record (TLD extras). */
function extraOptions(pairs: string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new CliError(`--extra: must be key=value (got ${pair})`, EXIT.invalid);
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    }),
  );
}

/** "120.00:USD" as money; the schema then checks both parts. */
function moneyOption(value: string | undefined): { amount: string; currency: string } | undefined {
  if (!value) return undefined;
  const [amount, currency] = value.split(':');
  return { amount: amount ?? '', currency: currency ?? '' };
}

const program = new Command('domainflow')
  .description("domainflow: a domain reseller's registrar work as durable Temporal workflows")
  // Before any subcommand exists: they copy it, so usage errors anywhere end with exit code 2.
  .exitOverride()
  .option('--json', 'machine-readable output')
  .hook('preAction', (cmd) => {
    jsonOutput = Boolean(cmd.opts().json);
  })
  .addHelpText(
    'after',
    `
Exit codes: 0 ok, 1 unexpected error, 2 invalid input or configuration, 3 workflow ended without
success (--wait), 4 Temporal not reachable, 5 no such workflow.
Connection: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, DOMAINFLOW_TASK_QUEUE (see README).`,
  );

program
  .command('transfer')
  .description('start an inbound transfer (once per domain: a second start reports the running one)')
  .argument('<domain>', 'domain name, Unicode or ASCII')
  .option('--auth-code <code>', 'EPP auth code (or DOMAINFLOW_AUTH_CODE, or --auth-code-stdin)')
  .option('--auth-code-stdin', 'read the auth code from standard input (keeps it out of shell history)')
  .addOption(new Option('--registrar <name>', 'registrar').choices(['ispapi', 'openprovider']).default('ispapi'))
  .option(
    '--ns <host>',
    'nameserver to set after the transfer (repeat 2-13 times)',
    (v, acc: string[]) => [...acc, v],
    [],
  )
  .option('--no-update-ns', 'do not apply --ns after the transfer')
  .option('--lock', 'set the transfer lock after the transfer')
  .option('--period <years>', 'transfer period in years', (v) => Number(v))
  .option('--customer <id>', 'customer id (search attribute CustomerId)')
  .option('--initial-interval <duration>', "first wait between status checks, e.g. '5 minutes'")
  .option('--max-interval <duration>', "longest wait between status checks, e.g. '6 hours'")
  .option('--deadline <duration>', "give up after, e.g. '10 days'")
  .option('--wait', 'wait for the outcome; exit 3 unless the transfer completed')
  .addHelpText(
    'after',
    `
Examples:
  $ domainflow transfer example.com --auth-code 'Secret-Auth-1' --ns ns1.example.net --ns ns2.example.net
  $ echo "$CODE" | domainflow transfer müller.de --auth-code-stdin --lock --json`,
  )
  .action(async (domain: string, opts) => {
    const input: TransferDomainInput = {
      domain,
      authCode: readAuthCode(opts) ?? '',
      registrar: opts.registrar,
      ...(opts.ns.length > 0 ? { nameservers: opts.ns } : {}),
      ...(opts.updateNs === false ? { updateNameservers: false } : {}),
      transferLock: Boolean(opts.lock),
      ...(opts.period !== undefined ? { periodYears: opts.period } : {}),
      ...(opts.customer ? { customerId: opts.customer } : {}),
    };
    if (opts.initialInterval || opts.maxInterval || opts.deadline) {
      input.polling = {
        ...(opts.initialInterval ? { initialInterval: opts.initialInterval } : {}),
        ...(opts.maxInterval ? { maxInterval: opts.maxInterval } : {}),
        ...(opts.deadline ? { deadline: opts.deadline } : {}),
      };
    }
    // Bad input is refused before any connection is made.
    parseOrThrow(transferDomainInputSchema, input);
    await withClient(async (client, config) => {
      const started = await startTransfer(client, input, { taskQueue: config.temporal.taskQueue });
      const result = await reportStart(client, started, Boolean(opts.wait));
      if (!result) return;
      print(`${started.workflowId}: ${result.outcome}${result.reason ? ` (${result.reason})` : ''}`, {
        workflowId: started.workflowId,
        started: started.started,
        result,
      });
      if (result.outcome !== 'completed') process.exitCode = EXIT.unsuccessful;
    });
  });

program
  .command('register')
  .description('register a domain (once per domain: a second start reports the running one)')
  .argument('<domain>', 'domain name, Unicode or ASCII')
  .option('--contacts-file <path>', 'JSON file: {"owner": {...}, "admin"?, "tech"?, "billing"?} (see README)')
  .option('--input-file <path>', 'JSON file with the whole registerDomain input (other options override it)')
  .addOption(new Option('--registrar <name>', 'registrar').choices(['ispapi', 'openprovider']))
  .option('--period <years>', 'registration period in years', (v) => Number(v))
  .option('--ns <host>', 'nameserver (repeat 2-13 times)', (v, acc: string[]) => [...acc, v], [])
  .option(
    '--extra <key=value>',
    'TLD extra, e.g. legalType=CCO for .ca (repeatable)',
    (v, acc: string[]) => [...acc, v],
    [],
  )
  .option('--lock', 'set the transfer lock once registered')
  .option('--privacy', 'enable WHOIS privacy once registered')
  .option('--accept-premium-price <amount:currency>', 'register a premium name at this quoted price, e.g. 120.00:USD')
  .option('--customer <id>', 'customer id (search attribute CustomerId)')
  .option('--wait', 'wait for the outcome; exit 3 unless registered')
  .addHelpText(
    'after',
    `
Examples:
  $ domainflow register example.com --contacts-file owner.json --ns ns1.example.net --ns ns2.example.net
  $ domainflow register maple.ca --contacts-file owner.json --extra legalType=CCO --registrar openprovider --wait`,
  )
  .action(async (domain: string, opts) => {
    const base = opts.inputFile ? readJsonOption(opts.inputFile, '--input-file') : {};
    const extras = extraOptions(opts.extra as string[]);
    const acceptPremiumPrice = moneyOption(opts.acceptPremiumPrice);
    const input = {
      ...base,
      domain,
      ...(opts.contactsFile ? { contacts: readJsonOption(opts.contactsFile, '--contacts-file') } : {}),
      ...(opts.registrar ? { registrar: opts.registrar } : {}),
      ...(opts.period !== undefined ? { periodYears: opts.period } : {}),
      ...(opts.ns.length > 0 ? { nameservers: opts.ns } : {}),
      ...(Object.keys(extras).length > 0 ? { extras } : {}),
      ...(opts.lock ? { transferLock: true } : {}),
      ...(opts.privacy ? { privacy: true } : {}),
      ...(acceptPremiumPrice ? { acceptPremiumPrice } : {}),
      ...(opts.customer ? { customerId: opts.customer } : {}),
    } as RegisterDomainInput;
    parseOrThrow(registerDomainInputSchema, input);
    await withClient(async (client, config) => {
      const started = await startRegistration(client, input, { taskQueue: config.temporal.taskQueue });
      const result = await reportStart(client, started, Boolean(opts.wait));
      if (!result) return;
      print(`${started.workflowId}: ${result.outcome}${result.reason ? ` (${result.reason})` : ''}`, {
        workflowId: started.workflowId,
        started: started.started,
        result,
      });
      if (result.outcome !== 'registered') process.exitCode = EXIT.unsuccessful;
    });
  });

program
  .command('renew')
  .description(
    'renew one term of a domain, at most once (restores soft quarantine; hard quarantine only with --accept-restore-fee)',
  )
  .argument('<domain>', 'domain name')
  .requiredOption(
    '--expires-on <YYYY-MM-DD>',
    'the registry expiry date of the term to renew (part of the workflow ID)',
  )
  .addOption(new Option('--registrar <name>', 'registrar').choices(['ispapi', 'openprovider']).default('ispapi'))
  .option('--period <years>', 'years to add', (v) => Number(v))
  .option('--accept-restore-fee <amount:currency>', 'restore from hard quarantine for at most this fee, e.g. 80.00:USD')
  .option('--customer <id>', 'customer id (search attribute CustomerId)')
  .option('--wait', 'wait for the outcome; exit 3 unless renewed, restored or already renewed')
  .addHelpText(
    'after',
    `
Examples:
  $ domainflow renew example.com --expires-on 2026-12-01 --wait
  $ domainflow status renew:example.com:2026-12-01     # why it ended where it did`,
  )
  .action(async (domain: string, opts) => {
    const acceptRestoreFee = moneyOption(opts.acceptRestoreFee);
    const input: RenewDomainInput = {
      domain,
      registrar: opts.registrar,
      expiresOn: opts.expiresOn,
      ...(opts.period !== undefined ? { periodYears: opts.period } : {}),
      ...(acceptRestoreFee ? { acceptRestoreFee } : {}),
      ...(opts.customer ? { customerId: opts.customer } : {}),
    };
    parseOrThrow(renewDomainInputSchema, input);
    await withClient(async (client, config) => {
      const started = await startRenewal(client, input, { taskQueue: config.temporal.taskQueue });
      const result = await reportStart(client, started, Boolean(opts.wait));
      if (!result) return;
      print(
        `${started.workflowId}: ${result.outcome} (${result.action}${result.charged ? ', charged' : ''})${result.reason ? ` - ${result.reason}` : ''}`,
        { workflowId: started.workflowId, started: started.started, result },
      );
      if (!['renewed', 'restored', 'already-renewed'].includes(result.outcome)) process.exitCode = EXIT.unsuccessful;
    });
  });

const account = program
  .command('account')
  .description("a customer's prepaid balance (amounts as decimals, e.g. 12.50)");
for (const op of ['deposit', 'reserve', 'release', 'capture'] as const) {
  const command = account
    .command(op)
    .argument('<customer>', 'customer id')
    .requiredOption('--reference <ref>', 'unique reference: the same reference twice changes nothing');
  if (op === 'deposit' || op === 'reserve') {
    command.requiredOption('--amount <decimal>', 'e.g. 25.00').requiredOption('--currency <ISO>', 'e.g. USD');
  }
  command.description(
    { deposit: 'add money', reserve: 'hold money', release: 'free a hold', capture: 'take held money' }[op],
  );
  command.addHelpText(
    'after',
    `\nExample:\n  $ domainflow account ${op} cust-42 --reference ${
      {
        deposit: 'pay-2026-0042 --amount 50.00 --currency USD',
        reserve: 'bo-7 --amount 12.50 --currency USD',
        release: 'bo-7',
        capture: 'bo-7',
      }[op]
    }`,
  );
  command.action(async (customer: string, opts: { reference: string; amount?: string; currency?: string }) => {
    let amount = 0;
    if (opts.amount !== undefined) {
      const minor = toMinorUnits(opts.amount);
      if (minor === undefined || minor <= 0)
        throw new CliError('--amount: must be a positive decimal with at most 2 decimals', EXIT.invalid);
      amount = minor;
    }
    await withClient(async (client, config) => {
      const options = { taskQueue: config.temporal.taskQueue };
      const result =
        op === 'deposit'
          ? await deposit(
              client,
              customer,
              { reference: opts.reference, amount, currency: opts.currency ?? '' },
              options,
            )
          : op === 'reserve'
            ? await reserve(
                client,
                customer,
                { reference: opts.reference, amount, currency: opts.currency ?? '' },
                options,
              )
            : op === 'release'
              ? await release(client, customer, { reference: opts.reference }, options)
              : await capture(client, customer, { reference: opts.reference }, options);
      print(
        `${op} ${opts.reference}: ${result.status}${result.duplicate ? ' (already done before)' : ''}${result.status === 'refused' ? ` (${result.reason})` : ''}`,
        result,
      );
      if (result.status === 'refused') process.exitCode = EXIT.unsuccessful;
    });
  });
}
account
  .command('show')
  .description('balances, reservations and recent entries')
  .argument('<customer>', 'customer id')
  .addHelpText('after', '\nExample:\n  $ domainflow account show cust-42 --json')
  .action(async (customer: string) => {
    await withClient(async (client) => {
      const view = await getAccount(client, customer);
      const rows = view.currencies.map((c) => [
        c.currency,
        formatMinorUnits(c.balance),
        formatMinorUnits(c.reserved),
        formatMinorUnits(c.available),
      ]);
      const entries = view.recentEntries.map((e) => [
        e.at,
        e.kind,
        e.reference,
        `${formatMinorUnits(e.amount)} ${e.currency}`,
      ]);
      print(
        `${table([['CURRENCY', 'BALANCE', 'RESERVED', 'AVAILABLE'], ...rows])}\n\nrecent entries\n${table([['AT', 'KIND', 'REFERENCE', 'AMOUNT'], ...entries])}`,
        view,
      );
    });
  });

const backorderCmd = program.command('backorder').description("a customer's backorders (drop-catching, ISPAPI)");
backorderCmd
  .command('create')
  .description('backorder a dropping domain for a customer (funds are reserved 3 days before the drop)')
  .argument('<customer>', 'customer id')
  .argument('<domain>', 'domain name')
  .requiredOption('--contacts-file <path>', 'JSON file: {"owner": {...}} (see docs/register.md)')
  .option('--currency <ISO>', 'currency of the price and the reservation', 'USD')
  .option('--notify <email>', "where the customer's mail goes (default: the owner's address)")
  .addHelpText(
    'after',
    '\nExample:\n  $ domainflow backorder create cust-42 dropping-name.com --contacts-file owner.json',
  )
  .action(
    async (customer: string, domain: string, opts: { contactsFile: string; currency: string; notify?: string }) => {
      const contacts = readJsonOption(opts.contactsFile, '--contacts-file');
      const input = {
        customerId: customer,
        domain,
        currency: opts.currency,
        contacts,
        ...(opts.notify ? { notifyEmail: opts.notify } : {}),
      } as BackorderInput;
      parseOrThrow(backorderInputSchema, input);
      await withClient(async (client, config) => {
        const started = await startBackorder(client, input, { taskQueue: config.temporal.taskQueue });
        print(started.started ? `started ${started.workflowId}` : `already running: ${started.workflowId}`, {
          workflowId: started.workflowId,
          started: started.started,
        });
      });
    },
  );
backorderCmd
  .command('cancel')
  .description('cancel before the application is placed; the reserved funds are released')
  .argument('<customer>', 'customer id')
  .argument('<domain>', 'domain name')
  .addHelpText('after', '\nExample:\n  $ domainflow backorder cancel cust-42 dropping-name.com')
  .action(async (customer: string, domain: string) => {
    await withClient(async (client) => {
      try {
        await cancelBackorder(client, customer, domain);
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) {
          throw new CliError(`cannot cancel: ${err.cause?.message ?? err.message}`, EXIT.unsuccessful);
        }
        throw err;
      }
      print(`cancelled the backorder of ${domain} for ${customer}`, { customerId: customer, domain, cancelled: true });
    });
  });
backorderCmd
  .command('show')
  .description('status, drop date, reference, price and status log')
  .argument('<customer>', 'customer id')
  .argument('<domain>', 'domain name')
  .addHelpText('after', '\nExample:\n  $ domainflow backorder show cust-42 dropping-name.com')
  .action(async (customer: string, domain: string) => {
    await withClient(async (client) => {
      const state = await getBackorderState(client, customer, domain);
      print(describeState(`backorder:${customer}:${domain}`, state as unknown as WorkflowState), state);
    });
  });
backorderCmd
  .command('list')
  .description("a customer's backorders with their states")
  .argument('<customer>', 'customer id')
  .addHelpText('after', '\nExample:\n  $ domainflow backorder list cust-42 --json')
  .action(async (customer: string) => {
    const id = parseOrThrow(customerIdSchema, customer, 'customer');
    await withClient(async (client) => {
      const rows: Array<Record<string, string>> = [];
      for await (const wf of client.workflow.list({ query: `WorkflowType = 'backorder' AND CustomerId = '${id}'` })) {
        const attrs = Object.fromEntries(wf.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]));
        rows.push({
          workflowId: wf.workflowId,
          domain: String(attrs.DomainName ?? ''),
          state: String(attrs.LifecycleState ?? '').replace(/^backorder-/, ''),
          dropAt: attrs.DropAt instanceof Date ? attrs.DropAt.toISOString() : '',
          status: wf.status.name,
        });
      }
      print(
        rows.length === 0
          ? `no backorders for ${id}`
          : table([
              ['DOMAIN', 'STATE', 'DROP', 'WORKFLOW STATUS'],
              ...rows.map((r) => [r.domain!, r.state!, r.dropAt!, r.status!]),
            ]),
        { customerId: id, backorders: rows },
      );
    });
  });

program
  .command('swiss')
  .description('apply for a .swiss name (checked daily until the registry decides)')
  .argument('<domain>', 'a .swiss name')
  .requiredOption('--contacts-file <path>', 'JSON file: {"owner": {...}}')
  .requiredOption('--uid <enterprise-id>', 'the Swiss UID, e.g. CHE-109.322.551')
  .requiredOption('--intended-use <text>', 'what the name will be used for')
  .option('--ns <host>', 'nameserver (repeat 2-13 times)', (v, acc: string[]) => [...acc, v], [])
  .addHelpText(
    'after',
    "\nExample:\n  $ domainflow swiss shop.swiss --contacts-file owner.json --uid CHE-109.322.551 --intended-use 'Online shop of our company'",
  )
  .action(async (domain: string, opts: { contactsFile: string; uid: string; intendedUse: string; ns: string[] }) => {
    const contacts = readJsonOption(opts.contactsFile, '--contacts-file');
    const input = {
      domain,
      contacts,
      enterpriseId: opts.uid,
      intendedUse: opts.intendedUse,
      ...(opts.ns.length > 0 ? { nameservers: opts.ns } : {}),
    } as SwissApplicationInput;
    parseOrThrow(swissApplicationInputSchema, input);
    await withClient(async (client, config) => {
      const started = await startSwissApplication(client, input, { taskQueue: config.temporal.taskQueue });
      print(started.started ? `started ${started.workflowId}` : `already running: ${started.workflowId}`, {
        workflowId: started.workflowId,
        started: started.started,
      });
    });
  });

program
  .command('change-registrant')
  .description(
    "change the registrant: IRTP trade as designated agent (default) or with the old registrant's confirmation, ccTLD trade, or a plain update, as the TLD needs",
  )
  .argument('<domain>', 'the domain')
  .option('--registrant <path>', 'JSON file with the new registrant (a contact)')
  .option(
    '--current-registrant <path>',
    'JSON file with the registrant as your records show it (checked before any registrar call)',
  )
  .addOption(
    new Option('--mode <mode>', 'how an ICANN change is confirmed').choices([
      'designated-agent',
      'registrant-confirmation',
    ]),
  )
  .option('--opt-out-transfer-lock', 'ask for no 60-day transfer lock after the change (never sent to AFNIC)')
  .option(
    '--extra <key=value>',
    'TLD extra, e.g. legalType=CCO for .ca, pin=… for .it (repeatable)',
    (v, acc: string[]) => [...acc, v],
    [],
  )
  .addOption(new Option('--registrar <name>', 'registrar').choices(['ispapi', 'openprovider']))
  .option('--customer <id>', 'customer id (search attribute CustomerId)')
  .option('--resend-confirmation', "a running change: send the old registrant's confirmation mail again")
  .option('--cancel', 'a running change: withdraw it at the registrar and end the workflow')
  .option('--wait', 'wait for the outcome; exit 3 unless completed')
  .addHelpText(
    'after',
    `
Examples:
  $ domainflow change-registrant example.com --registrant new-owner.json --wait
  $ domainflow change-registrant example.org --registrant new-owner.json --mode registrant-confirmation
  $ domainflow change-registrant example.org --resend-confirmation
  $ domainflow change-registrant example.it --registrant new-owner.json --extra pin=RSSMRA80A01H501U --extra entityType=1 \\
      --extra acceptSection3=1 --extra acceptSection5=1 --extra acceptSection6=1 --extra acceptSection7=1`,
  )
  .action(async (domain: string, opts) => {
    if (opts.resendConfirmation || opts.cancel) {
      await withClient(async (client) => {
        if (opts.cancel) await cancelRegistrantChange(client, domain);
        else await resendRegistrantConfirmation(client, domain);
        const what = opts.cancel ? 'cancel' : 'resendConfirmation';
        const workflowId = registrantChangeIdFor(domain);
        print(`sent ${what} to ${workflowId}`, { workflowId, signal: what });
      });
      return;
    }
    if (!opts.registrant) throw new CliError('--registrant: is required to start a change', EXIT.invalid);
    const extras = extraOptions(opts.extra as string[]);
    const input = {
      domain,
      registrant: readJsonOption(opts.registrant, '--registrant'),
      ...(opts.currentRegistrant
        ? { currentRegistrant: readJsonOption(opts.currentRegistrant, '--current-registrant') }
        : {}),
      ...(opts.mode ? { mode: opts.mode } : {}),
      ...(opts.optOutTransferLock ? { optOutTransferLock: true } : {}),
      ...(Object.keys(extras).length > 0 ? { extras } : {}),
      ...(opts.registrar ? { registrar: opts.registrar } : {}),
      ...(opts.customer ? { customerId: opts.customer } : {}),
    } as ChangeRegistrantInput;
    parseOrThrow(changeRegistrantInputSchema, input);
    await withClient(async (client, config) => {
      const started = await startRegistrantChange(client, input, { taskQueue: config.temporal.taskQueue });
      const result = await reportStart(client, started, Boolean(opts.wait));
      if (!result) return;
      const lock = result.transferLockUntil ? `, transfer-locked until ${result.transferLockUntil}` : '';
      print(
        `${started.workflowId}: ${result.outcome} by ${result.procedure}${lock}${result.reason ? ` (${result.reason})` : ''}`,
        { workflowId: started.workflowId, started: started.started, result },
      );
      if (result.outcome !== 'completed') process.exitCode = EXIT.unsuccessful;
    });
  });

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
            jsonOutput
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
            jsonOutput
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
  .description('ask a transfer workflow to check the registrar now instead of at its next scheduled time')
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
    const workflowType = LIST_TYPES[opts.type as string];
    const clauses = [`WorkflowType = '${workflowType}'`];
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
    const query = clauses.join(' AND ');
    await withClient(async (client) => {
      const rows: Array<Record<string, string>> = [];
      for await (const wf of client.workflow.list({ query })) {
        const attrs = wf.typedSearchAttributes;
        rows.push({
          workflowId: wf.workflowId,
          status: wf.status.name,
          domain: String(attrs.getAll().find((p) => p.key.name === 'DomainName')?.value ?? ''),
          registrar: String(attrs.getAll().find((p) => p.key.name === 'Registrar')?.value ?? ''),
          state: String(attrs.getAll().find((p) => p.key.name === 'LifecycleState')?.value ?? ''),
          expires: (() => {
            const at = attrs.getAll().find((p) => p.key.name === 'ExpiresAt')?.value;
            return at instanceof Date ? at.toISOString().slice(0, 10) : '';
          })(),
          started: wf.startTime.toISOString(),
        });
        if (rows.length >= opts.limit) break;
      }
      print(
        rows.length === 0
          ? `no workflows match: ${query}`
          : table([
              ['WORKFLOW', 'STATUS', 'DOMAIN', 'REGISTRAR', 'STATE', 'EXPIRES', 'STARTED'],
              ...rows.map((r) => [r.workflowId!, r.status!, r.domain!, r.registrar!, r.state!, r.expires!, r.started!]),
            ]),
        { query, workflows: rows },
      );
    });
  });

registerPortfolioCommands(program, {
  print,
  table,
  withClient,
  fail: (message, exitCode) => {
    throw new CliError(message, exitCode);
  },
  exit: EXIT,
  moneyOption,
  json: () => jsonOutput,
});

const sandbox = program.command('sandbox').description('script the sandbox registrars (npm start runs them)');
for (const action of ['approve', 'reject'] as const) {
  sandbox
    .command(action)
    .description(`${action} a pending transfer in the sandbox ISPAPI registrar`)
    .argument('<domain>')
    .option('--reason <text>', 'why (reject only)')
    .addHelpText(
      'after',
      `\nExample:\n  $ domainflow sandbox ${action} example.com${action === 'reject' ? " --reason 'auth code wrong'" : ''}`,
    )
    .action(async (domain: string, opts: { reason?: string }) => {
      const parsed = parseDomainName(domain);
      if (!parsed.ok) throw new CliError(`domain: ${parsed.rule}`, EXIT.invalid);
      const config = loadConfig();
      const url = `http://${config.sandbox.host}:${config.sandbox.ispapiPort}/_sandbox/transfers/${parsed.value.ascii}/${action}`;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(opts.reason ? { reason: opts.reason } : {}),
      }).catch((err: Error) => {
        throw new CliError(`cannot reach the sandbox at ${url}: ${err.message}`, EXIT.unavailable);
      });
      const body = await res.text();
      if (!res.ok) throw new CliError(`sandbox answered ${res.status}: ${body}`, EXIT.invalid);
      print(`${action}d the transfer of ${parsed.value.ascii} in the sandbox`, { domain: parsed.value.ascii, action });
    });
}

function exitCodeFor(err: unknown): number {
  if (err instanceof CliError) return err.exitCode;
  if (err instanceof ValidationError || err instanceof ConfigError) return EXIT.invalid;
  if (err instanceof TemporalUnavailableError) return EXIT.unavailable;
  if (err instanceof WorkflowNotFoundError) return EXIT.notFound;
  return EXIT.error;
}

/** Runs the command line (bin/domainflow.cjs and `tsx scripts/domainflow.ts`); tests import `program` without running it. */
export function main(argv: string[] = process.argv): void {
  loadDotEnv();
  // Commander throws usage errors synchronously from parseAsync: route them through onError too.
  Promise.resolve()
    .then(() => program.parseAsync(argv))
    .catch(onError);
}

function onError(err: unknown): never {
  const code = (err as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exit(EXIT.ok);
  if (typeof code === 'string' && code.startsWith('commander.')) process.exit(EXIT.invalid);
  const exitCode = exitCodeFor(err);
  const message = err instanceof Error ? err.message : String(err);
  if (jsonOutput) console.log(JSON.stringify({ error: message, exitCode }));
  else console.error(`error: ${message}`);
  process.exit(exitCode);
}

export { program };
if (require.main === module) main();
