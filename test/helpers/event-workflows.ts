/**
 * The project's workflows plus one that emits the same change event twice, for the de-duplication
 * test (test/workflow/change-events.test.ts bundles this file instead of src/workflows).
 */
import { emitChangeEvent } from '../../src/workflows/events';
import type { ChangeEvent } from '../../src/contracts';

export * from '../../src/workflows';

export async function emitTwice(event: ChangeEvent): Promise<void> {
  await emitChangeEvent(event);
  await emitChangeEvent(event);
}
