import { NormalModuleReplacementPlugin, type Configuration } from 'webpack';
import type { BundleOptions } from '@temporalio/worker';

type ExternalsFunction = (data: { request?: string }, callback: unknown) => Promise<undefined>;

/**
 * tr46 (UTS-46 IDN rules, used to validate domain names inside workflows) requires the pure-JS,
 * deterministic npm package as 'punycode/'. The bundler takes that for Node's deprecated built-in
 * and refuses it, so the request is exempted from that check and pointed at the package file.
 */
/**
 * The workflow interceptors every bundle carries: tracing, active only in workflows started with a
 * trace (src/telemetry/workflow-interceptors.ts). A worker that bundles at start passes the same list
 * as `interceptors.workflowModules` (the SDK ignores that option with a pre-built bundle).
 */
export const workflowInterceptorModules = [require.resolve('../telemetry/workflow-interceptors')];

/**
 * Libraries evaluated once per workflow thread instead of once per cached workflow (issue 18): the
 * SDK gives every workflow its own copy of each module it loads (CPU at each start or replay, and
 * memory for as long as it is cached), and freezes what is preloaded. Only modules that keep no
 * per-workflow state and never write to their own state after loading belong here: zod (its lazy
 * settings are filled in by zod-messages, loaded first), the UTS-46 tables, address parsing,
 * OpenTelemetry's constants.
 */
export const preloadModules = [
  require.resolve('../domain/zod-messages'),
  'zod',
  'tr46',
  'ipaddr.js',
  '@opentelemetry/semantic-conventions',
];

export const bundlerOptions: Pick<
  BundleOptions,
  'webpackConfigHook' | 'workflowInterceptorModules' | 'preloadModules'
> = {
  workflowInterceptorModules,
  preloadModules,
  webpackConfigHook: (config: Configuration) => {
    const capture = config.externals as ExternalsFunction;
    const externals: ExternalsFunction = async (data, callback) =>
      data.request === 'punycode/' ? undefined : capture(data, callback);
    config.externals = externals as Configuration['externals'];
    config.plugins = [
      ...(config.plugins ?? []),
      new NormalModuleReplacementPlugin(/^punycode\/$/, require.resolve('punycode/')),
    ];
    return config;
  },
};
