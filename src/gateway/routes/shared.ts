import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { GatewayContext } from '../operations';

/** One routes module: registers its routes (one small file per area; listed in routes/index.ts). */
export type GatewayRoutes = (app: FastifyInstance, ctx: GatewayContext) => void;

/** The answer of a signal: it was delivered (the workflow acts on it in its own time). */
export const okSchema = z.object({ ok: z.literal(true) }).meta({ id: 'Ok' });
