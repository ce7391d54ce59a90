/** `domainflow sandbox approve|reject`: script the sandbox ISPAPI registrar (docs/sandbox.md). */
import type { Command } from 'commander';
import { loadConfig } from '../config/config';
import { domainArgument } from './options';
import { CliError, EXIT, print } from './output';

export function registerSandboxCommands(program: Command): void {
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
      .action(async (name: string, opts: { reason?: string }) => {
        const domain = domainArgument(name);
        const config = loadConfig();
        const url = `http://${config.sandbox.host}:${config.sandbox.ispapiPort}/_sandbox/transfers/${domain}/${action}`;
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(opts.reason ? { reason: opts.reason } : {}),
        }).catch((err: Error) => {
          throw new CliError(`cannot reach the sandbox at ${url}: ${err.message}`, EXIT.unavailable);
        });
        const body = await res.text();
        if (!res.ok) throw new CliError(`sandbox answered ${res.status}: ${body}`, EXIT.invalid);
        print(`${action}d the transfer of ${domain} in the sandbox`, { domain, action });
      });
  }
}
