import { patched, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { type DomainChange, type DomainEntityState, ZoneInSync, zoneDriftSignal } from '../contracts';

interface EntityParts {
  state: DomainEntityState;
  record: (change: DomainChange) => Promise<DomainChange>;
}

/**
 * The domain entity's part of DNS drift (docs/dns-drift.md): syncDns signals `zoneDrift` when the
 * zone drifted from its declared state and when it is back in line. The entity records a change of
 * kind `dns` (from/to `in-sync`/`drifted`, no event of its own: syncDns emits `domain.dns-drifted`)
 * and sets ZoneInSync, so `WorkflowType='domain' AND ZoneInSync=false` lists the drifted zones in
 * the Web UI. Behind a patch: a history in which such a signal reached a worker without this handler
 * replays without the commands it adds.
 */
export function registerZoneDrift({ state, record }: EntityParts): void {
  setHandler(zoneDriftSignal, async (notice) => {
    if (!patched('entity-dns-drift')) return;
    const to = notice.inSync ? 'in-sync' : 'drifted';
    const last = state.recentChanges.filter((c) => c.kind === 'dns').at(-1);
    const from = last ? last.to : notice.inSync ? 'drifted' : 'in-sync';
    upsertSearchAttributes([{ key: ZoneInSync, value: notice.inSync }]);
    // Two drifts in a row (the zone changed again) are two changes; a notice repeated with the
    // same time (a retried signal) is one.
    if (last?.to === to && last.at === notice.at) return;
    await record({ kind: 'dns', from, to, at: notice.at, source: 'sync' });
  });
}
