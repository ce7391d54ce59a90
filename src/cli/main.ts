/**
 * domainflow: the command line for people and scripts. Every command takes --json for scripts.
 * Exit codes: 0 ok; 1 unexpected error; 2 invalid input or configuration; 3 the workflow ended
 * without success (with --wait); 4 Temporal not reachable; 5 no such workflow.
 * One module per command group; this file builds the program in the order --help lists them.
 */
import { Command } from 'commander';
import { loadDotEnv } from '../config/config';
import { registerAccountCommands } from './account';
import { registerBackorderCommands } from './backorder';
import { registerChangeRegistrantCommand } from './change-registrant';
import { registerDomainCommands } from './domain';
import { registerDnssecCommands } from './dnssec';
import { registerDnsDriftCommands } from './dns-drift';
import { registerDnsCommands } from './dns';
import { registerDomainChangeCommands } from './domain-changes';
import { registerHostCommands } from './host';
import { registerBulkCommands } from './bulk';
import { registerWorkflowCommands } from './list-status';
import { onError, setJsonOutput } from './output';
import { registerPortfolioCommands } from './portfolio';
import { registerRegisterCommand } from './register';
import { registerRenewCommand } from './renew';
import { registerSandboxCommands } from './sandbox';
import { registerServeCommand } from './serve';
import { registerSwissCommand } from './swiss';
import { registerTransferCommand } from './transfer';
import { registerDomainOperationCommands } from './domain-operations';
import { registerLookupCommands } from './lookup';
import { registerTldCommands } from './tlds';
import { registerPriceCommands } from './prices';
import { registerAccountsCommand } from './accounts';

export { EXIT } from './output';

const program = new Command('domainflow')
  .description("domainflow: a domain reseller's registrar work as durable Temporal workflows")
  // Before any subcommand exists: they copy it, so usage errors anywhere end with exit code 2.
  .exitOverride()
  .option('--json', 'machine-readable output')
  .hook('preAction', (cmd) => {
    setJsonOutput(Boolean(cmd.opts().json));
  })
  .addHelpText(
    'after',
    `
Exit codes: 0 ok, 1 unexpected error, 2 invalid input or configuration, 3 workflow ended without
success (--wait), 4 Temporal not reachable, 5 no such workflow.
Connection: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, DOMAINFLOW_TASK_QUEUE (see docs/configuration.md).`,
  );

registerTransferCommand(program);
registerRegisterCommand(program);
registerRenewCommand(program);
registerAccountCommands(program);
registerBackorderCommands(program);
registerSwissCommand(program);
registerChangeRegistrantCommand(program);
registerWorkflowCommands(program); // status, watch, cancel, check-now, list
registerDomainCommands(program);
registerDnssecCommands(program); // dnssec show, set, add, remove, rollover
registerDnsDriftCommands(program); // dns-drift start, status, declare
registerDnsCommands(program); // dns plan, apply, export
registerDomainChangeCommands(program); // ns set, lock, contact set
registerHostCommands(program);
registerBulkCommands(program);
registerPortfolioCommands(program); // sync, import
registerDomainOperationCommands(program); // authcode, transfer-out, push, delete
registerLookupCommands(program); // check, suggest
registerTldCommands(program); // tlds
registerPriceCommands(program); // prices, catalogue sync
registerAccountsCommand(program); // accounts (registrar accounts, no secrets)
registerSandboxCommands(program);
registerServeCommand(program);

/** Runs the command line (bin/domainflow.cjs and `tsx src/cli/main.ts`); tests import `program` without running it. */
export function main(argv: string[] = process.argv): void {
  loadDotEnv();
  // Commander throws usage errors synchronously from parseAsync: route them through onError too.
  Promise.resolve()
    .then(() => program.parseAsync(argv))
    .catch(onError);
}

export { program };
if (require.main === module) main();
