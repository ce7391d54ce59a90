/**
 * ModifyDomain updates the registry holds pending. The reference (ModifyDomain, NOTE under
 * RESPONSE) says the answer "might include the parameter 'PENDING = 1'. This indicates that the
 * update request has not been completed yet and that it might still get rejected." The sandbox
 * scripts that with an update policy: 'immediate' (the default) applies every ModifyDomain at
 * once; 'pending' answers PENDING=1 and applies the change afterMs later on the sandbox clock
 * (StatusDomain shows the old values until then).
 */

export type UpdatePolicy = { mode: 'immediate' } | { mode: 'pending'; afterMs: number };

interface HeldUpdate<C> {
  change: C;
  appliesAt: number;
}

/** `C`: the part of a ModifyDomain that changes the domain record, as the registry's modify() takes it. */
export class PendingUpdates<C extends object> {
  policy: UpdatePolicy = { mode: 'immediate' };
  private held = new Map<string, HeldUpdate<C>>();

  /** true when the change must wait: it is held (merged into an update already held, keeping its time). */
  hold(domain: string, change: C, now: number): boolean {
    const policy = this.policy;
    const earlier = this.held.get(domain);
    if (policy.mode === 'immediate' && !earlier) return false;
    const appliesAt = earlier?.appliesAt ?? now + (policy.mode === 'pending' ? policy.afterMs : 0);
    this.held.set(domain, { change: { ...earlier?.change, ...definedOnly(change) } as C, appliesAt });
    return true;
  }

  /** The updates whose time has come, removed from the book, oldest first. */
  takeDue(now: number): Array<{ domain: string; change: C }> {
    const due = [...this.held.entries()]
      .filter(([, u]) => u.appliesAt <= now)
      .sort((a, b) => a[1].appliesAt - b[1].appliesAt);
    for (const [domain] of due) this.held.delete(domain);
    return due.map(([domain, u]) => ({ domain, change: u.change }));
  }

  reset(): void {
    this.policy = { mode: 'immediate' };
    this.held.clear();
  }
}

function definedOnly<C extends object>(change: C): Partial<C> {
  return Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as Partial<C>;
}
