import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  bundleWorkflowCode,
  type WorkerOptions,
  type WorkflowBundle,
} from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { randomBytes } from 'node:crypto';
import { SearchAttributeType, type DataConverter } from '@temporalio/common';
import { EncryptionCodec, encryptedDataConverter } from '../../src/codec/encryption-codec';
import { resolveTemporalTestServer } from '../../scripts/lib/temporal-binaries';
import { workflowsPath } from '../../src/workers/worker';
import { bundlerOptions } from '../../src/workers/bundle-options';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/contracts';

let runtimeInstalled = false;
/** Runtime.install may run once per process; node --test gives each file its own process. */
export function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
}

/**
 * `npm test` (scripts/test.ts) bundles the workflows once, before the suites, and names the file
 * here: every test file (a process of its own) then reads it instead of bundling again.
 */
export const TEST_WORKFLOW_BUNDLE_VARIABLE = 'DOMAINFLOW_TEST_WORKFLOW_BUNDLE';

let bundle: Promise<WorkflowBundle> | undefined;
/** Bundling takes seconds: once per `npm test` (see above), else once per test process. */
export function workflowBundle(): Promise<WorkflowBundle> {
  const prebuilt = process.env[TEST_WORKFLOW_BUNDLE_VARIABLE];
  bundle ??= prebuilt
    ? Promise.resolve({ code: readFileSync(prebuilt, 'utf8') })
    : bundleWorkflowCode({ workflowsPath, ...bundlerOptions, logger: new DefaultLogger('WARN') });
  return bundle;
}

const TEST_KEY = { id: `test-${process.pid}`, key: randomBytes(32) };
let codec: EncryptionCodec | undefined;
/** One random key per test process, as the production codec: clients and workers must share it. */
export function testCodec(): EncryptionCodec {
  codec ??= new EncryptionCodec([TEST_KEY]);
  return codec;
}
/** The same key as DOMAINFLOW_CODEC_KEYS, for worker and CLI child processes. */
export const testCodecKeysEnv = (): string => `${TEST_KEY.id}:${TEST_KEY.key.toString('base64')}`;
/** For Worker.create({ dataConverter }) and new Client({ dataConverter }) in tests. */
export const testDataConverter = (): DataConverter => encryptedDataConverter(testCodec());

const INDEXED: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.KEYWORD]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.DATETIME]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  [SearchAttributeType.BOOL]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

/** The time-skipping test server from the project's own binaries (never downloaded by the SDK). */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  installQuietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: resolveTemporalTestServer().path } },
    client: { dataConverter: testDataConverter() },
  });
  const searchAttributes: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
  for (const key of ALL_SEARCH_ATTRIBUTES) searchAttributes[key.name] = INDEXED[key.type]!;
  await env.connection.operatorService.addSearchAttributes({ namespace: env.namespace ?? 'default', searchAttributes });
  return env;
}

let counter = 0;
export const uniqueTaskQueue = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;

/** Polls until fn returns a value other than undefined (real time; for states reached by the worker). */
export async function eventually<T>(
  fn: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const started = Date.now();
  let lastError: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

/** A test environment's connection: TestWorkflowEnvironment, or DevEnv (dev-env.ts). */
export interface WorkerTarget {
  nativeConnection: NativeConnection;
  namespace?: string | undefined;
}

export type TestWorkerOptions = Omit<WorkerOptions, 'connection' | 'namespace'> & {
  namespace?: string;
  /** false: an activity worker only (no workflow bundle), like production's registrar list queues */
  workflows?: false;
};

/**
 * A worker as the workflow tests run them: on the environment's connection and namespace, with the
 * project's workflows (the shared bundle) and the test codec's data converter. Any WorkerOptions
 * (a different bundle or workflowsPath, rate limits) override these.
 */
export async function createTestWorker(target: WorkerTarget, options: TestWorkerOptions): Promise<Worker> {
  const { workflows, ...workerOptions } = options;
  const ownCode = workflows === false || options.workflowBundle || options.workflowsPath;
  return Worker.create({
    connection: target.nativeConnection,
    namespace: options.namespace ?? target.namespace ?? 'default',
    dataConverter: testDataConverter(),
    ...(ownCode ? {} : { workflowBundle: await workflowBundle() }),
    ...workerOptions,
  });
}

/**
 * A worker per test on one task queue for the whole file: `withWorker(fn)` runs a fresh worker
 * (activities built for the file's queue) until `fn` settles. Long-lived runs a test leaves behind
 * (a contactHandle run answers for 10 minutes after its handle) are joined by later tests asking for
 * the same thing, so their next tasks must reach the next test's worker: hence one queue, and no
 * workflow cache. With a cache the task goes to the gone worker's sticky queue first, and that
 * queue's timeout runs on the time-skipping server's clock, which stands still while an activity
 * (the one waiting for that very run) is open: the test hung until the runner's 10-minute timeout.
 */
export function workerPerTest(
  /** read when a test runs: the environment is made in the file's before() */
  target: () => WorkerTarget,
  name: string,
  activities: (taskQueue: string) => NonNullable<WorkerOptions['activities']>,
): <T>(fn: (taskQueue: string) => Promise<T>) => Promise<T> {
  const taskQueue = uniqueTaskQueue(name);
  return async (fn) => {
    const worker = await createTestWorker(target(), {
      taskQueue,
      maxCachedWorkflows: 0,
      activities: activities(taskQueue),
    });
    return worker.runUntil(fn(taskQueue));
  };
}

/**
 * Asserts that `promise` rejects with an instance of `errorClass` whose message matches `message`;
 * answers the error for further checks.
 */
export async function rejectsWith<E extends Error>(
  promise: Promise<unknown>,
  errorClass: abstract new (...args: never[]) => E,
  message?: RegExp,
): Promise<E> {
  let caught: unknown;
  await assert.rejects(promise, (err: unknown) => {
    caught = err;
    return true;
  });
  assert.ok(caught instanceof errorClass, `expected ${errorClass.name}, got ${String(caught)}`);
  if (message) assert.match(caught.message, message);
  return caught;
}
