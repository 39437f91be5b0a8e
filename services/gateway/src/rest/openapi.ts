import { z } from 'zod';
import { Accepted, CreateTenantInput, IDEMPOTENCY_KEY_MAX_LENGTH, UpdateTenantInput } from '@tenantry/tenant-domain';
import { ERROR_CODES, type ErrorCode, PROBLEM_CONTENT_TYPE, ProblemDetails, problemTypeOf } from '../errors';
import { TenantResource } from './tenant-resource';
import { ALWAYS_POSSIBLE, Route, TENANT_ROUTES } from './tenant-routes';

export const OPENAPI_PATH = '/api/openapi.json';

/** Schemas shown by name under components.schemas (a route naming one gets a $ref). */
const NAMED_SCHEMAS: Record<string, z.ZodType> = {
  Tenant: TenantResource,
  Accepted,
  CreateTenantInput,
  UpdateTenantInput,
  Problem: ProblemDetails,
};

type JsonSchema = Record<string, unknown>;

/** The JSON Schema (2020-12, OpenAPI 3.1's dialect) of a zod schema; request bodies as accepted (`input`). */
function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const name = Object.keys(NAMED_SCHEMAS).find((key) => NAMED_SCHEMAS[key] === schema);
  if (name) return { $ref: `#/components/schemas/${name}` };
  // An array of a named schema (the tenant list): refer to the items.
  if (schema instanceof z.ZodArray) return { type: 'array', items: schemaOf(schema.element as z.ZodType, io) };
  return jsonSchemaOf(schema, io);
}

/** One response per status; each code answering it is an example, named by the code. */
function problemResponses(codes: readonly ErrorCode[]): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const { status } = ERROR_CODES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, unknown> = {};
  for (const [status, sharing] of [...byStatus].sort(([a], [b]) => a - b)) {
    const examples = Object.fromEntries(
      sharing.map((code) => [
        code,
        {
          summary: ERROR_CODES[code].title,
          value: {
            type: problemTypeOf(code),
            title: ERROR_CODES[code].title,
            status,
            detail: ERROR_CODES[code].title,
            code,
          },
        },
      ]),
    );
    responses[String(status)] = {
      description: sharing.map((code) => `${code}: ${ERROR_CODES[code].title}`).join('; '),
      ...(status === 401
        ? { headers: { 'WWW-Authenticate': { description: 'Bearer', schema: { type: 'string' } } } }
        : {}),
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' }, examples } },
    };
  }
  return responses;
}

const IDEMPOTENCY_KEY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH },
  description:
    'Makes the command safe to send again: once a request with the key is accepted, the same request with the key ' +
    'from the same user answers that first 202 instead of acting twice; the same key with another request is 400 ' +
    '`BAD_USER_INPUT`. A refused request did nothing, so sending it again is decided again.',
};

function operationOf(route: Route): Record<string, unknown> {
  const { contract } = route;
  const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
    description: 'The tenant id.',
  }));
  const queryParameters = Object.entries(contract.query ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: !schema.safeParse(undefined).success,
    schema: jsonSchemaOf(schema, 'input'),
    ...(schema.description ? { description: schema.description } : {}),
  }));
  const success = contract.success;
  // Every command (202) may carry a key; the same key again answers the first answer.
  const headerParameters = success.status === 202 ? [IDEMPOTENCY_KEY_PARAMETER] : [];
  const parameters = [...pathParameters, ...queryParameters, ...headerParameters];
  return {
    operationId: contract.operationId,
    summary: contract.summary,
    tags: ['tenants'],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(contract.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(contract.body, 'input') } },
          },
        }
      : {}),
    responses: {
      [String(success.status)]: {
        description:
          success.status === 202 ? 'Accepted: the operation runs in the background; Location names the tenant.' : 'OK',
        ...(success.status === 202
          ? { headers: { Location: { description: 'The tenant resource.', schema: { type: 'string' } } } }
          : success.headers
            ? {
                headers: Object.fromEntries(
                  Object.entries(success.headers).map(([name, description]) => [
                    name,
                    { description, schema: { type: 'string' } },
                  ]),
                ),
              }
            : {}),
        content: { 'application/json': { schema: schemaOf(success.body, 'output') } },
      },
      ...problemResponses([...contract.problems, ...ALWAYS_POSSIBLE]),
    },
  };
}

const DESCRIPTION = [
  'The REST facade of the Tenantry gateway: the same services as GraphQL (`/graphql`), the same field names.',
  'Commands answer **202 Accepted**: provisioning runs in the background; follow it by reading the tenant',
  '(its `status` and `version`) or by the GraphQL subscription.',
  '',
  'Every failure is an RFC 9457 problem (`application/problem+json`) whose `type` is `urn:tenantry:problem:<code>`,',
  'from one code table shared with GraphQL. A path with no resource answers 404 `NOT_FOUND`; a method a resource',
  'does not have answers 405 `METHOD_NOT_ALLOWED` with `Allow`. `RATE_LIMITED` (429) is answered by the GraphQL login only.',
  '',
  'Authenticate with the token of the GraphQL `login` mutation: `Authorization: Bearer <token>`.',
].join('\n');

/** The OpenAPI 3.1 document of the routes, made from their zod schemas and the error code table. */
export function openApiDocument(routes: readonly Route[] = TENANT_ROUTES): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operationOf(route);
  return {
    openapi: '3.1.1',
    info: {
      title: 'Tenantry REST API',
      version: '0.1.0',
      description: DESCRIPTION,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: [{ name: 'tenants', description: 'Tenants and their provisioning' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: Object.fromEntries(
        Object.entries(NAMED_SCHEMAS).map(([name, schema]) => [
          name,
          jsonSchemaOf(schema, name.endsWith('Input') ? 'input' : 'output'),
        ]),
      ),
    },
  };
}
