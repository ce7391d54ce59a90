/** `domainflow serve`: the HTTP gateway for billing systems (docs/gateway.md). */
import { readFileSync } from 'node:fs';
import { accountNames } from '../config/accounts';
import type { Command } from 'commander';
import { codecFromConfig } from '../codec';
import { connectClient } from '../client/connect';
import { ConfigError, loadConfig } from '../config/config';
import { GATEWAY_SCOPES, type GatewayScope } from '../config/gateway';
import { newApiKey } from '../gateway/auth';
import { startTracing } from '../telemetry/tracing';
import { print } from './output';

interface ServeOptions {
  address?: string;
  newKey?: string;
  scopes: string;
  customer?: string;
}

function printNewKey(opts: ServeOptions): void {
  const scopes = opts.scopes.split('+').filter((s) => s.length > 0);
  const bad = scopes.find((s) => !(GATEWAY_SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0 || bad !== undefined) {
    throw new ConfigError(`--scopes: must be ${GATEWAY_SCOPES.join(', ')} joined by + (got ${opts.scopes})`);
  }
  for (const [option, value] of [
    ['--new-key', opts.newKey],
    ['--customer', opts.customer],
  ] as const) {
    if (value !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(value)) {
      throw new ConfigError(`${option}: must be 1-64 letters, digits, dots, dashes or underscores`);
    }
  }
  const { key, entry } = newApiKey(opts.newKey!, scopes as GatewayScope[], opts.customer);
  print(
    `API key (give it to the billing system; it is shown once):\n  ${key}\n` +
      `Add to DOMAINFLOW_GATEWAY_KEYS (comma-separated):\n  ${entry}`,
    { key, entry },
  );
}

/** host:port, or a ConfigError naming the option. */
function splitAddress(address: string): { host: string; port: number } {
  const match = /^([^\s:/]+):(\d{1,5})$/.exec(address);
  if (!match) throw new ConfigError(`--address: must be host:port (got ${address})`);
  return { host: match[1]!, port: Number(match[2]) };
}

export async function runGateway(opts: { address?: string }): Promise<void> {
  const config = loadConfig();
  const address = opts.address ?? config.gateway.address ?? '127.0.0.1:8480';
  const { host, port } = splitAddress(address);
  // Before the server module loads: the HTTP instrumentation patches Node's http module then.
  const tracing = await startTracing({
    otlpEndpoint: config.tracing.otlpEndpoint,
    serviceName: 'domainflow-gateway',
    httpServer: true,
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded late on purpose (see above)
  const { buildGateway } = require('../gateway/server') as typeof import('../gateway/server');
  const { client, close } = await connectClient(
    config.temporal,
    codecFromConfig(config),
    process.env,
    tracing?.clientInterceptors ?? [],
  );
  const tls = config.gateway.tls;
  const gateway = await buildGateway({
    client,
    taskQueue: config.temporal.taskQueue,
    keys: config.gateway.keys,
    ratePerMinute: config.gateway.ratePerMinute,
    idempotencyFile: config.gateway.idempotencyFile,
    logLevel: config.logLevel,
    accounts: accountNames(config.accounts),
    ...(tls ? { https: { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) } } : {}),
  });
  const url = await gateway.app.listen({ host, port });
  gateway.app.log.info(
    {
      url,
      keys: config.gateway.keys.map((k) => k.id),
      tls: Boolean(tls),
      tracing: config.tracing.otlpEndpoint ?? 'off',
      taskQueue: config.temporal.taskQueue,
    },
    config.gateway.keys.length === 0
      ? 'gateway listening, but no API key is configured (DOMAINFLOW_GATEWAY_KEYS): every /v1 request is refused'
      : 'gateway listening',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await gateway.close();
  await close();
  await tracing?.shutdown();
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP gateway: the OpenAPI-described API for billing systems (docs/gateway.md)')
    .option('--address <host:port>', 'where to listen (default DOMAINFLOW_GATEWAY_ADDRESS, 127.0.0.1:8480)')
    .option('--new-key <id>', 'print a new API key and its DOMAINFLOW_GATEWAY_KEYS entry, then exit')
    .option('--scopes <scopes>', 'with --new-key: read, operate, money joined by +', 'read')
    .option('--customer <id>', "with --new-key: the key sees and touches only this customer's workflows")
    .addHelpText(
      'after',
      `
Examples:
  $ domainflow serve --new-key billing --scopes read+operate+money
  $ DOMAINFLOW_GATEWAY_KEYS='billing:<sha256>:read+operate+money' domainflow serve --address 0.0.0.0:8480`,
    )
    .action(async (opts: ServeOptions) => {
      if (opts.newKey !== undefined) return printNewKey(opts);
      await runGateway(opts);
    });
}
