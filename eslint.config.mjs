import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

// Workflow code runs in Temporal's deterministic sandbox: no Node built-ins (beyond what the SDK
// allows), no network or file I/O libraries. The bundler would fail later; lint says why, earlier.
const forbiddenInWorkflows = [
  ...builtinModules.filter((m) => !['assert', 'url', 'util'].includes(m)),
  ...builtinModules.map((m) => `node:${m}`),
  'undici',
  'nodemailer',
  'pino',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
];

const deterministicPaths = forbiddenInWorkflows.map((name) => ({
  name,
  message: 'Workflow, contract and domain code must stay deterministic: no Node built-ins or I/O here.',
}));
const deterministicPatterns = [
  { group: ['**/activities/*', '!**/activities/index'], message: 'Import activities type-only.' },
  {
    // Any registrar's folder (src/registrars/<name>/), whatever registrars the table holds.
    group: ['**/registrars/*/**'],
    message: 'Workflows never speak a registrar API directly.',
  },
  {
    regex: '(^|/)registrars(/index)?$',
    message: 'The registrar table loads adapters and sandboxes: import the names from registrars/names.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', '.temporal/', '.data/', 'lib/', 'dist/', 'eslint.config.mjs', 'scripts/*.mjs', 'bin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/workflows/**/*.ts', 'src/contracts/**/*.ts', 'src/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: deterministicPaths, patterns: deterministicPatterns }] },
  },
  {
    // The contracts layer sits below everything that uses it: it never loads a workflow, activity or client.
    files: ['src/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: deterministicPaths,
          patterns: [
            ...deterministicPatterns,
            {
              group: ['**/workflows/**', '**/activities/**', '**/client/**', '**/workers/**'],
              message:
                'Contracts are the bottom layer: workflows, activities and the client import them, not the reverse.',
            },
          ],
        },
      ],
    },
  },
  {
    // Only the worker loads workflow code: the client, activities and CLI start workflows by type
    // name with the signatures in src/contracts (type imports are allowed; they vanish at run time).
    files: ['src/**/*.ts'],
    ignores: ['src/workflows/**', 'src/workers/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/workflows', '**/workflows/*'],
              allowTypeImports: true,
              message: 'Import from src/contracts; start workflows by type name, never by loading their module.',
            },
          ],
        },
      ],
    },
  },
);
