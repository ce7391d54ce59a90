import { patched } from '@temporalio/workflow';

/**
 * One section at a time, for workflow code whose handlers await activities while they change
 * shared state (the `domain` entity: its Update handlers and the main loop's corrections).
 * Deterministic: waiters run in the order they asked, resumed by the holder's release.
 *
 * Uncontended, a section starts at once, in the same turn, so runs where nothing overlapped issue
 * their commands as before. A section that has to wait does so only behind `patchId`: runs
 * recorded before the mutex ran both side by side, and replay keeps doing that.
 */
export class Mutex {
  private held = false;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly patchId: string) {}

  async runExclusive<T>(section: () => Promise<T>): Promise<T> {
    if (!this.held) {
      this.held = true;
    } else if (!patched(this.patchId)) {
      // Recorded before the mutex: run alongside the holder, as that run did.
      return section();
    } else {
      // The releasing holder hands the mutex straight over (held stays true).
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await section();
    } finally {
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}
