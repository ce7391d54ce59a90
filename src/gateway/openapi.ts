/**
 * The OpenAPI 3 document, generated from the routes' zod schemas: the same contracts
 * (src/contracts) the client library, the CLI and the workflows validate with, so the document
 * cannot drift from what is enforced. Served at /openapi.json, with a docs page at /docs.
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const API_VERSION = '1.0.0';

/**
 * zod objects strip unknown keys, so their JSON Schema allows any; the gateway refuses them
 * (checkStrict), and the document says so: every object with properties in a body is closed.
 */
function closeObjects(schema: unknown): void {
  if (Array.isArray(schema)) return schema.forEach(closeObjects);
  if (schema === null || typeof schema !== 'object') return;
  const node = schema as Record<string, unknown>;
  if (node.type === 'object' && node.properties && node.additionalProperties === undefined) {
    node.additionalProperties = false;
  }
  for (const value of Object.values(node)) closeObjects(value);
}

const transform: typeof jsonSchemaTransform = (input) => {
  const out = jsonSchemaTransform(input);
  const body = (out.schema as { body?: unknown } | undefined)?.body;
  if (body) closeObjects(body);
  return out;
};

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'domainflow gateway',
        version: API_VERSION,
        description:
          'Start registrar operations, read their state, answer them, and read the change events ' +
          '(docs/gateway.md). Errors are RFC 9457 problem details. POST routes honour Idempotency-Key.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'an API key (X-API-Key is also accepted)' },
        },
      },
    },
    transform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
