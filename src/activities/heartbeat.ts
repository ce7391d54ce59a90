import { Context } from '@temporalio/activity';

/**
 * Heartbeats every 2 s while fn runs, so the server notices a dead worker by the activity's
 * heartbeat timeout instead of waiting out its start-to-close timeout.
 */
export async function withHeartbeat<T>(fn: () => Promise<T>): Promise<T> {
  const context = Context.current();
  const timer = setInterval(() => context.heartbeat(), 2_000);
  try {
    context.heartbeat();
    return await fn();
  } finally {
    clearInterval(timer);
  }
}
