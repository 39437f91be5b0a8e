import { compileErrors, validate } from '@readme/openapi-parser';
import { z } from 'zod';
import { CreateTenantInput } from '@tenantry/tenant-domain';
import { ERROR_CODES, type ErrorCode, problemTypeOf } from '../errors';
import { openApiDocument } from './openapi';
import { ALWAYS_POSSIBLE, TENANT_ROUTES } from './tenant-routes';

type Operation = {
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { examples?: Record<string, { value: { type: string } }> }> }>;
};
const document = openApiDocument();
const paths = document['paths'] as Record<string, Record<string, Operation>>;
const operationOf = (method: string, path: string) => paths[path]?.[method.toLowerCase()];

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 for a kept parser', async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? 'valid' : compileErrors(result)).toBe('valid');
    expect(document['openapi']).toMatch(/^3\.1\./);
  });

  it('would be refused by that parser if it were broken (the check checks)', async () => {
    const broken = structuredClone(document) as { paths: Record<string, Record<string, { responses: unknown }>> };
    broken.paths['/api/tenants']!['get']!.responses = { 200: { content: {} } };
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it.each(TENANT_ROUTES.map((route) => [route.method, route.path, route] as const))(
    'has %s %s',
    (method, path, route) => {
      expect(operationOf(method, path)).toMatchObject({ operationId: route.contract.operationId });
    },
  );

  it('has no operation the route table does not serve', () => {
    const documented = Object.entries(paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(TENANT_ROUTES.map((route) => `${route.method} ${route.path}`).sort());
  });

  it.each(TENANT_ROUTES.map((route) => [route.method, route.path, route] as const))(
    'lists every status and problem type %s %s can answer',
    (method, path, route) => {
      const { responses } = operationOf(method, path)!;
      const problems: ErrorCode[] = [...route.contract.problems, ...ALWAYS_POSSIBLE];
      expect(Object.keys(responses).sort()).toEqual(
        [...new Set([route.contract.success.status, ...problems.map((code) => ERROR_CODES[code].status)])]
          .map(String)
          .sort(),
      );
      for (const code of problems) {
        const examples = responses[String(ERROR_CODES[code].status)]!.content!['application/problem+json']!.examples!;
        expect(examples[code]?.value.type).toBe(problemTypeOf(code));
      }
    },
  );

  it('documents the tenant list a page at a time: its parameters and the Link to the next page', () => {
    const list = operationOf('GET', '/api/tenants') as unknown as {
      parameters: Array<{ name: string; schema: Record<string, unknown> }>;
      responses: Record<string, { headers?: Record<string, unknown> }>;
    };
    expect(list.parameters.map((parameter) => parameter.name)).toEqual(['limit', 'cursor', 'status', 'search']);
    expect(list.parameters[0]!.schema).toMatchObject({ type: 'integer', minimum: 0, maximum: 100, default: 50 });
    expect(Object.keys(list.responses['200']!.headers ?? {})).toEqual(['Link']);
  });

  it('names every problem type of the code table', () => {
    const problem = (
      document['components'] as { schemas: Record<string, { properties: Record<string, { enum: string[] }> }> }
    ).schemas['Problem']!;
    expect(problem.properties['type']!.enum.sort()).toEqual(
      (Object.keys(ERROR_CODES) as ErrorCode[]).map(problemTypeOf).sort(),
    );
    expect(problem.properties['code']!.enum.sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('lets every command (202) carry an Idempotency-Key header, and nothing else', () => {
    for (const [path, methods] of Object.entries(paths))
      for (const [method, operation] of Object.entries(methods)) {
        const headers = (operation.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
        expect([`${method} ${path}`, headers]).toEqual([
          `${method} ${path}`,
          operation.responses['202'] ? ['Idempotency-Key'] : [],
        ]);
      }
  });

  it('takes its request bodies from the zod schemas tenant-command validates with', () => {
    const schemas = (document['components'] as { schemas: Record<string, unknown> }).schemas;
    const { $schema: _dialect, ...expected } = z.toJSONSchema(CreateTenantInput, {
      io: 'input',
      unrepresentable: 'any',
    });
    expect(schemas['CreateTenantInput']).toEqual(expected);
    expect(operationOf('POST', '/api/tenants')).toMatchObject({
      requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateTenantInput' } } } },
    });
  });
});
