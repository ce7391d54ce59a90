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
 * Evaluated once per workflow thread instead of once per cached workflow (issue 18): the SDK gives
 * every workflow its own copy of each module it loads (CPU at each start or replay, and memory for as
 * long as it is cached) except the preloaded ones, which it shares and deep-freezes. One module of
 * our own (src/workflows/preload.ts) names them: zod, the UTS-46 tables, address parsing, and
 * src/contracts and src/domain (the zod schemas), settled so that nothing writes to them after the
 * freeze. Package names listed here directly were dropped by webpack (an unused require of a
 * side-effect-free package) and so never shared.
 */
export const preloadModules = [require.resolve('../workflows/preload')];

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
    // zod's CommonJS build, as Node loads it in the tests: its exported patterns (email, ipv4 ...)
    // are then plain writable properties that src/workflows/preload-settle.ts can swap for copies
    // the SDK's freeze leaves writable. In the ES build they are read-only bindings, frozen with
    // their lastIndex, and a format schema built while a workflow runs failed its first parse.
    config.resolve = {
      ...config.resolve,
      alias: {
        ...(config.resolve?.alias as Record<string, string> | undefined),
        zod$: require.resolve('zod'),
        'zod/v4/core$': require.resolve('zod/v4/core'),
      },
    };
    config.plugins = [
      ...(config.plugins ?? []),
      new NormalModuleReplacementPlugin(/^punycode\/$/, require.resolve('punycode/')),
    ];
    return config;
  },
};
