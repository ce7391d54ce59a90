import { ApplicationFailure } from '@temporalio/common';
import type { HostResult, HostView } from '../contracts/hosts';
import { isHostRegistrar, parentCandidates, type HostObject, type HostRegistrar } from '../registrars/hosts';
import type { Registrar, RegistrarName } from '../registrars/registrar';
import { registrarOf, type RegistrarSet } from './registrar-set';
import { withRegistrarErrors } from './registrar-errors';

/**
 * Host objects through the HostRegistrar capability (src/registrars/hosts.ts). Every change reads
 * the host first and writes only when the registrar does not already show the wished state, so a
 * retried activity (a worker killed after the write, a lost answer) never writes twice.
 */
type Change =
  | { action: 'create' | 'set'; registrar: RegistrarName; account?: string; host: string; ips: string[] }
  | { action: 'delete'; registrar: RegistrarName; account?: string; host: string };

const sameIps = (a: string[], b: string[]): boolean =>
  a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');

const toView = (h: HostObject): HostView => ({
  host: h.host,
  ips: h.ips,
  ...(h.domain ? { domain: h.domain } : {}),
  ...(h.statuses ? { statuses: h.statuses } : {}),
});

const refuse = (message: string, type: string) => ApplicationFailure.nonRetryable(message, type);

export function createHostActivities(registrars: RegistrarSet) {
  const pick = (name: RegistrarName, account?: string): HostRegistrar & Registrar => {
    // The account's own adapter; one this worker lacks fails non-retryably, naming it.
    const registrar = registrarOf(registrars, name, account);
    if (!isHostRegistrar(registrar)) throw refuse(`registrar ${name} offers no host objects`, 'HostsUnsupported');
    return registrar;
  };

  /** The account's domain the host is under (nearest first), or a refusal naming the rule. */
  async function requireParent(r: Registrar, host: string): Promise<string> {
    for (const candidate of parentCandidates(host)) {
      const info = await withRegistrarErrors(() => r.getDomain(candidate));
      if (info) return candidate;
    }
    throw refuse(`host: ${host} is not under a domain of this account`, 'HostNotInAccount');
  }

  return {
    async changeHost(input: Change): Promise<HostResult> {
      const r = pick(input.registrar, input.account);
      const base = { action: input.action, registrar: input.registrar, host: input.host };
      const current = await withRegistrarErrors(() => r.getHost(input.host));
      if (input.action === 'delete') {
        if (!current) return { ...base, changed: false };
        await withRegistrarErrors(() => r.deleteHost(input.host));
        return { ...base, changed: true };
      }
      if (current && sameIps(current.ips, input.ips)) return { ...base, changed: false, view: toView(current) };
      if (input.action === 'create') {
        if (current) {
          throw refuse(
            `host: ${input.host} exists with ${current.ips.join(', ')}; use set to change its addresses`,
            'HostExists',
          );
        }
        await requireParent(r, input.host);
        await withRegistrarErrors(() => r.createHost(input.host, input.ips));
      } else {
        if (!current) throw refuse(`host: ${input.host} does not exist; create it first`, 'HostNotFound');
        await withRegistrarErrors(() => r.setHostIps(input.host, input.ips));
      }
      // Read back: done only when the registrar shows the addresses asked for.
      const after = await withRegistrarErrors(() => r.getHost(input.host));
      if (!after || !sameIps(after.ips, input.ips)) {
        throw ApplicationFailure.retryable(
          `host: ${input.host} does not show ${input.ips.join(', ')} yet`,
          'HostNotVerified',
        );
      }
      return { ...base, changed: true, view: toView(after) };
    },

    async readHost(
      input:
        | { action: 'show' | 'check'; registrar: RegistrarName; account?: string; host: string }
        | { action: 'list'; registrar: RegistrarName; account?: string; domain: string },
    ): Promise<HostResult> {
      const r = pick(input.registrar, input.account);
      if (input.action === 'list') {
        const hosts = await withRegistrarErrors(() => r.listHosts(input.domain));
        return { action: 'list', registrar: input.registrar, domain: input.domain, hosts: hosts.map(toView) };
      }
      const base = { action: input.action, registrar: input.registrar, host: input.host };
      if (input.action === 'check') {
        const answer = await withRegistrarErrors(() => r.checkHost(input.host));
        return { ...base, available: answer.available, ...(answer.reason ? { reason: answer.reason } : {}) };
      }
      const found = await withRegistrarErrors(() => r.getHost(input.host));
      return found ? { ...base, view: toView(found) } : base;
    },
  };
}

export type HostActivities = ReturnType<typeof createHostActivities>;
