import { sortRecords } from './digest';
import { recordLine, rrsetKey, type ZoneRecord } from './types';

/**
 * The difference between a declared zone and the zone as the registrar holds it, per record and
 * RRset-aware: an RRset the file names is the file's entirely (records it lacks are removed, a new
 * TTL changes every record of the set); an RRset the file does not name is left alone unless
 * `prune` (the plan counts them as `unmanaged`). The apex NS set is never pruned: the registrar's
 * own name servers leave only when the file names other ones.
 */

export type ZoneChangeKind = 'add' | 'change' | 'remove';

export interface ZoneChange {
  kind: ZoneChangeKind;
  name: string;
  type: ZoneRecord['type'];
  /** the record as the registrar holds it (change, remove) */
  before?: ZoneRecord;
  /** the record as declared (add, change) */
  after?: ZoneRecord;
}

export interface ZonePlan {
  changes: ZoneChange[];
  adds: number;
  updates: number;
  removes: number;
  /** records declared and already there as declared */
  unchanged: number;
  /** records in RRsets the file does not name: removed with prune (then also counted in removes), else kept */
  unmanaged: number;
  prune: boolean;
}

const groupBy = (records: readonly ZoneRecord[]): Map<string, ZoneRecord[]> => {
  const out = new Map<string, ZoneRecord[]>();
  for (const r of records) out.set(rrsetKey(r), [...(out.get(rrsetKey(r)) ?? []), r]);
  return out;
};

const prunable = (set: string): boolean => set !== '@ NS';

export function diffZone(
  desired: readonly ZoneRecord[],
  actual: readonly ZoneRecord[],
  options: { prune?: boolean } = {},
): ZonePlan {
  const prune = options.prune ?? false;
  const want = groupBy(desired);
  const have = groupBy(actual);
  const changes: ZoneChange[] = [];
  let unchanged = 0;
  let unmanaged = 0;
  for (const [set, records] of have) {
    if (!want.has(set) && prunable(set)) unmanaged += records.length;
  }
  const sets = [...new Set([...want.keys(), ...(prune ? [...have.keys()].filter(prunable) : [])])].sort();
  for (const set of sets) {
    const d = sortRecords(want.get(set) ?? []);
    const a = sortRecords(have.get(set) ?? []);
    const added: ZoneRecord[] = [];
    const removed = a.filter((x) => !d.some((y) => y.data === x.data));
    for (const r of d) {
      const there = a.find((x) => x.data === r.data);
      if (!there) added.push(r);
      else if (there.ttl !== r.ttl)
        changes.push({ kind: 'change', name: r.name, type: r.type, before: there, after: r });
      else unchanged++;
    }
    // One old value replaced by one new one reads as a change ("www A 1.2.3.4 -> 1.2.3.5").
    const pairs = Math.min(added.length, removed.length);
    for (let i = 0; i < pairs; i++) {
      changes.push({ kind: 'change', name: added[i]!.name, type: added[i]!.type, before: removed[i], after: added[i] });
    }
    for (const r of added.slice(pairs)) changes.push({ kind: 'add', name: r.name, type: r.type, after: r });
    for (const r of removed.slice(pairs)) changes.push({ kind: 'remove', name: r.name, type: r.type, before: r });
  }
  const count = (k: ZoneChangeKind): number => changes.filter((c) => c.kind === k).length;
  return {
    changes,
    adds: count('add'),
    updates: count('change'),
    removes: count('remove'),
    unchanged,
    unmanaged,
    prune,
  };
}

/** The records to delete and to add that carry out a plan (a change is its old record out, its new one in). */
export function planEdits(plan: Pick<ZonePlan, 'changes'>): { remove: ZoneRecord[]; add: ZoneRecord[] } {
  const remove: ZoneRecord[] = [];
  const add: ZoneRecord[] = [];
  for (const c of plan.changes) {
    if (c.before) remove.push(c.before);
    if (c.after) add.push(c.after);
  }
  return { remove, add };
}

/** The plan for people: one line per change, `+`, `~` or `-`, then a summary line. */
export function describePlan(plan: ZonePlan): string[] {
  const lines = plan.changes.map((c) => {
    if (c.kind === 'add') return `+ ${recordLine(c.after!)}`;
    if (c.kind === 'remove') return `- ${recordLine(c.before!)}`;
    const b = c.before!;
    const a = c.after!;
    const data = b.data === a.data ? a.data : `${b.data} -> ${a.data}`;
    const ttl = b.ttl === a.ttl ? `${a.ttl}` : `${b.ttl} -> ${a.ttl}`;
    return `~ ${a.name} ${ttl} ${a.type} ${data}`;
  });
  const kept =
    plan.prune || plan.unmanaged === 0 ? '' : `; ${plan.unmanaged} not in the file kept (--prune removes them)`;
  lines.push(
    `${plan.adds} to add, ${plan.updates} to change, ${plan.removes} to remove, ${plan.unchanged} unchanged${kept}`,
  );
  return lines;
}

export const isEmptyPlan = (plan: Pick<ZonePlan, 'changes'>): boolean => plan.changes.length === 0;
