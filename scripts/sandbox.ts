import { loadConfig, loadDotEnv } from '../src/config/config';
import { IspapiSandbox } from '../src/sandbox/ispapi/server';

/** Runs the ISPAPI sandbox on its own, on the configured host and port, until Ctrl-C. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const sandbox = await IspapiSandbox.start({ host: config.sandbox.host, port: config.sandbox.ispapiPort });
  console.log(`ISPAPI sandbox listening: ${sandbox.url}`);
  console.log(
    `control surface: ${sandbox.baseUrl}/_sandbox/ (journal, domains, external-domains, transfers, transfer-policy, reset)`,
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the ISPAPI sandbox`);
    sandbox.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('ISPAPI sandbox did not close cleanly:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
