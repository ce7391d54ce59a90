/**
 * The HTTP gateway as `npm start` runs it: `domainflow serve` in a child process (its own process,
 * so its tracing set-up patches Node's http module before the server loads). Without configured
 * keys, a key with every scope is made for this session and printed once in the banner.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Config } from '../../src/config/config';
import { newApiKey } from '../../src/gateway/auth';
import { killWhenParentDies } from './dev-server';
import { REPO_ROOT } from './temporal-binaries';

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

export interface GatewayProcess {
  /** resolves with the banner lines once GET /health answers (or a line saying it did not yet) */
  ready(): Promise<string[]>;
  /** curl examples for the banner's "Try:" */
  tryLines(): string[];
  stop(): Promise<void>;
  kill(): void;
}

export function startGatewayProcess(config: Config, onUnexpectedExit: () => void): GatewayProcess {
  const address = config.gateway.address!;
  const sessionKey = config.gateway.keys.length === 0 ? newApiKey('dev', ['read', 'operate', 'money']) : undefined;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DOMAINFLOW_GATEWAY_ADDRESS: address,
      ...(sessionKey ? { DOMAINFLOW_GATEWAY_KEYS: sessionKey.entry } : {}),
    },
    stdio: 'inherit',
    detached: true,
  });
  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => {
    if (!stopping) onUnexpectedExit();
  });
  if (child.pid) killWhenParentDies(child.pid);
  const scheme = config.gateway.tls ? 'https' : 'http';
  const base = `${scheme}://${address}`;
  return {
    async ready() {
      const deadline = Date.now() + READY_TIMEOUT_MS;
      while (Date.now() < deadline && child.exitCode === null) {
        try {
          await fetch(`${base}/health`);
          return [
            `  HTTP gateway:      ${base}  (OpenAPI ${base}/openapi.json, docs ${base}/docs)`,
            ...(sessionKey
              ? [`  Gateway API key:   ${sessionKey.key}  (this session only, all scopes; see docs/gateway.md)`]
              : [`  Gateway API keys:  ${config.gateway.keys.map((k) => k.id).join(', ')}`]),
          ];
        } catch {
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      return [`  HTTP gateway:      ${base}  (not answering yet)`];
    },
    tryLines() {
      const key = sessionKey ? sessionKey.key : '<your key>';
      return [
        `  curl -H 'Authorization: Bearer ${key}' ${base}/v1/workflows/transfer%3Aexample.com`,
        `  curl -H 'Authorization: Bearer ${key}' '${base}/v1/events?after=0'`,
      ];
    },
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
    kill() {
      stopping = true;
      child.kill('SIGKILL');
    },
  };
}
