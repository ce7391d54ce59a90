/**
 * Change events since a cursor, for billing systems that cannot receive webhooks: read from the
 * `change-feed` workflow's `since` query (docs/gateway.md#change-events). Events are not filtered
 * by customer, so a customer-restricted key is refused.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { CHANGE_FEED_WORKFLOW_ID, changeFeedSinceQuery } from '../../contracts';
import type { ChangeFeedPage } from '../../contracts';
import { requireScope } from '../auth';
import { apiKeyOf } from '../operations';
import { HttpProblem, problemSchema } from '../problem';
import type { GatewayRoutes } from './shared';

const eventsPageSchema = z
  .object({
    events: z.array(
      z.object({
        cursor: z.number().int(),
        recordedAt: z.string(),
        event: z.looseObject({ id: z.string(), type: z.string(), occurredAt: z.string(), domain: z.string() }),
      }),
    ),
    nextCursor: z.number().int(),
    gap: z.boolean().describe('true: events after `after` have left the window (resynchronise from GET /v1/domains)'),
  })
  .meta({ id: 'ChangeEvents' });

export const eventRoutes: GatewayRoutes = (app, ctx) => {
  app.route({
    method: 'GET',
    url: '/v1/events',
    schema: {
      tags: ['events'],
      summary: 'Change events after a cursor, oldest first (the same events the webhooks carry)',
      security: [{ apiKey: [] }],
      querystring: z.object({
        after: z.coerce
          .number()
          .int()
          .min(0)
          .default(0)
          .describe('the nextCursor of the previous page; 0 = from the oldest kept'),
        limit: z.coerce.number().int().min(1).max(100).default(100),
      }),
      response: { 200: eventsPageSchema, 401: problemSchema, 403: problemSchema },
    },
    handler: async (request) => {
      const key = apiKeyOf(request);
      requireScope(key, 'read');
      if (key.customerId) {
        throw new HttpProblem(
          403,
          'Forbidden',
          'the change events span every customer: a customer-restricted key cannot read them',
        );
      }
      const { after, limit } = request.query as { after: number; limit: number };
      try {
        return await ctx.client.workflow.getHandle(CHANGE_FEED_WORKFLOW_ID).query(changeFeedSinceQuery, after, limit);
      } catch (err) {
        // No event was ever recorded: the feed starts with the first one.
        if (err instanceof WorkflowNotFoundError)
          return { events: [], nextCursor: after, gap: false } satisfies ChangeFeedPage;
        throw err;
      }
    },
  });
};
