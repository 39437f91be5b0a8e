import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSchema } from 'graphql-yoga';
import type { GatewayContext } from './context';
import { resolvers } from './resolvers';

/** services/gateway/schema, the same from src/graphql (tests) and dist/graphql (runtime). */
export const SCHEMA_DIRECTORY = resolve(__dirname, '..', '..', 'schema');

/** The SDL: the public contract (schema/tenantry.graphql) and any extensions beside it. */
export function readTypeDefs(directory = SCHEMA_DIRECTORY): string[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(join(directory, name), 'utf8'));
}

export const createGatewaySchema = () => createSchema<GatewayContext>({ typeDefs: readTypeDefs(), resolvers });
