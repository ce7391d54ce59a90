/**
 * The registrar sandboxes as the tests use them: the sandbox server on a free port, the project's
 * own wire client pointed at it (sandbox credentials, OT&E entity) and the adapter over that client.
 * Every option the tests vary (sandbox clock and policies, client timeouts, the adapter's clock) is an
 * override; the defaults are the settings most tests used when each built its own.
 */
import assert from 'node:assert/strict';
import { SANDBOX_ISPAPI_CREDENTIALS } from '../../src/config/config';
import type { RegistrarError } from '../../src/registrars/errors';
import { IspapiRegistrar } from '../../src/registrars/ispapi/adapter';
import { IspapiClient, type IspapiClientOptions } from '../../src/registrars/ispapi/client';
import { OpenproviderRegistrar, type OpenproviderHandles } from '../../src/registrars/openprovider/adapter';
import { OpenproviderClient, type OpenproviderClientOptions } from '../../src/registrars/openprovider/client';
import { IspapiSandbox, type IspapiSandboxOptions } from '../../src/sandbox/ispapi/server';
import {
  OpenproviderSandbox,
  SANDBOX_OPENPROVIDER_CREDENTIALS,
  type OpenproviderSandboxOptions,
} from '../../src/sandbox/openprovider/server';

/** Timeouts of the test clients: generous for a loaded CI machine, far below any test's own timeout. */
const CONNECT_TIMEOUT_MS = 2000;
const REQUEST_TIMEOUT_MS = 5000;

export interface RegistrarSetup<S, C, A> {
  sandbox: S;
  client: C;
  adapter: A;
  /** closes the client, then the sandbox */
  close(): Promise<void>;
}

type IspapiAdapterOptions = ConstructorParameters<typeof IspapiRegistrar>[1];

export interface StartIspapiOptions {
  sandbox?: IspapiSandboxOptions;
  /** over entity 1234, the sandbox credentials and 2 s / 5 s timeouts */
  client?: Partial<IspapiClientOptions>;
  /** `sandboxClock: true` judges "expired" by the sandbox's clock (as production judges by the registry's) */
  adapter?: NonNullable<IspapiAdapterOptions> & { sandboxClock?: boolean };
}

export type IspapiSetup = RegistrarSetup<IspapiSandbox, IspapiClient, IspapiRegistrar>;

/** An ISPAPI client for any server (a stub, or a sandbox started elsewhere) with the test defaults. */
export function ispapiClient(url: string, overrides: Partial<IspapiClientOptions> = {}): IspapiClient {
  return new IspapiClient({
    url,
    entity: '1234',
    ...SANDBOX_ISPAPI_CREDENTIALS,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    ...overrides,
  });
}

export async function startIspapi(options: StartIspapiOptions = {}): Promise<IspapiSetup> {
  const sandbox = await IspapiSandbox.start(options.sandbox);
  const client = ispapiClient(sandbox.url, options.client);
  const { sandboxClock, ...adapterOptions } = options.adapter ?? {};
  const adapter = new IspapiRegistrar(client, {
    ...(sandboxClock ? { now: () => new Date(sandbox.clock().now) } : {}),
    ...adapterOptions,
  });
  return {
    sandbox,
    client,
    adapter,
    close: async () => {
      await client.close();
      await sandbox.close();
    },
  };
}

export interface StartOpenproviderOptions {
  sandbox?: OpenproviderSandboxOptions;
  /** over the sandbox credentials and 2 s / 5 s timeouts */
  client?: Partial<OpenproviderClientOptions>;
  adapter?: { handles?: OpenproviderHandles; now?: () => number };
}

export type OpenproviderSetup = RegistrarSetup<OpenproviderSandbox, OpenproviderClient, OpenproviderRegistrar>;

/** The client options for a sandbox at `baseUrl` with the test defaults (for adapters that own their client). */
export function openproviderClientOptions(
  baseUrl: string,
  overrides: Partial<OpenproviderClientOptions> = {},
): OpenproviderClientOptions {
  return {
    baseUrl,
    ...SANDBOX_OPENPROVIDER_CREDENTIALS,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    ...overrides,
  };
}

export async function startOpenprovider(options: StartOpenproviderOptions = {}): Promise<OpenproviderSetup> {
  const sandbox = await OpenproviderSandbox.start(options.sandbox);
  const client = new OpenproviderClient(openproviderClientOptions(sandbox.baseUrl, options.client));
  const adapter = new OpenproviderRegistrar({ client, ...options.adapter });
  return {
    sandbox,
    client,
    adapter,
    close: async () => {
      await client.close();
      await sandbox.close();
    },
  };
}

/**
 * Asserts that `promise` rejects with a RegistrarError of class `errorClass` from `registrar`
 * (and, when given, the registrar's answer `code`); answers the error for further checks.
 */
export async function rejectsWithRegistrarError<T extends RegistrarError>(
  promise: Promise<unknown>,
  errorClass: abstract new (...args: never[]) => T,
  registrar: string,
  code?: string,
): Promise<T> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof errorClass, `expected ${errorClass.name}, got ${String(caught)}`);
  if (code !== undefined) assert.equal(caught.details.code, code);
  assert.equal(caught.details.registrar, registrar);
  return caught;
}
