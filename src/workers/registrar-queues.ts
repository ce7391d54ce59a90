import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import type { RegistrarName } from '../registrars/registrar';
import { registrarListTaskQueue } from '../workflows/contracts';

export interface RegistrarQueueOptions {
  connection: NativeConnection;
  namespace: string;
  /** the main task queue; each registrar's list queue is `<taskQueue>-<registrar>` */
  taskQueue: string;
  activities: WorkerOptions['activities'];
  dataConverter?: DataConverter;
  /** registrar calls per second the portfolio's list activities may make, per registrar */
  ratePerSecond: Partial<Record<RegistrarName, number>>;
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
}

/**
 * One activity-only worker per registrar on its list queue. maxTaskQueueActivitiesPerSecond is
 * enforced by the Temporal server for the whole task queue, so the limit holds however many
 * workers poll it (every worker should set the same value: the server keeps the last one set).
 * A list activity makes one registrar call, so activities per second are registrar calls per second.
 */
export async function createRegistrarQueueWorkers(options: RegistrarQueueOptions): Promise<Worker[]> {
  const workers: Worker[] = [];
  for (const [registrar, rate] of Object.entries(options.ratePerSecond)) {
    if (!rate) continue;
    workers.push(
      await Worker.create({
        connection: options.connection,
        namespace: options.namespace,
        taskQueue: registrarListTaskQueue(options.taskQueue, registrar),
        activities: options.activities,
        ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
        maxTaskQueueActivitiesPerSecond: rate,
        // A page hands up to 1000 domains to their workflows; a few pages at once is plenty.
        maxConcurrentActivityTaskExecutions: 4,
        shutdownGraceTime: options.shutdownGraceTime ?? '20s',
      }),
    );
  }
  return workers;
}
