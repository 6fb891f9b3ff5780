/**
 * Serializer compiler for hot routes: the 200 body goes through fast-json-stringify, compiled once from the
 * contract's zod schema (as JSON Schema), far cheaper than zod's encode + JSON.stringify. Other statuses (problem
 * details) keep the zod serializer. The shape still comes from the contract: unknown keys are dropped and a missing
 * required field throws (a 500), as with zod.
 */
import fastJson, { type Schema } from 'fast-json-stringify';
import type { FastifyRouteSchemaDef } from 'fastify/types/schema';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { type ZodType, z } from 'zod';

export function fastSuccessSerializer<T>(route: FastifyRouteSchemaDef<T>): (data: unknown) => string {
  const zodRoute = route as unknown as FastifyRouteSchemaDef<ZodType>;
  if (route.httpStatus !== '200') return serializerCompiler(zodRoute);
  return fastJson(z.toJSONSchema(zodRoute.schema, { target: 'draft-7', io: 'output' }) as Schema);
}
