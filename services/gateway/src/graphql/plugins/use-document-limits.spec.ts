import { getIntrospectionQuery } from 'graphql';
import { edgeFixture, rootAdmin, tokenOf } from '../../__tests__/edge-fixture';

/** POSTs a document through yoga; the status and the parsed body. */
async function post(edge: ReturnType<typeof edgeFixture>, query: string, token?: string) {
  const response = await edge.yoga.fetch('http://gateway/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: unknown; errors?: { message: string }[] },
  };
}

const nested = (depth: number) =>
  `{ __schema { types { ${'fields { type { '.repeat(depth)}name${' } }'.repeat(depth)} } } }`;

describe('document limits (yoga.fetch)', () => {
  it('answers the standard introspection query (GraphiQL, codegen) within the limits', async () => {
    const { status, body } = await post(edgeFixture(), getIntrospectionQuery());
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it('refuses an operation deeper than the limit (12; 3 here: the schema has no cycle to nest 13 deep), naming it, with 400', async () => {
    const { status, body } = await post(
      edgeFixture({ maxDepth: 3 }),
      '{ tenants { currentOperation { steps { step } } } }',
      await tokenOf(rootAdmin),
    );
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toBe('Syntax Error: Query depth limit of 3 exceeded, found 4.');
  });

  it('refuses an introspection document nested deeper than the standard query, with 400', async () => {
    const { status, body } = await post(edgeFixture(), nested(8));
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toMatch(/depth limit of 15/);
  });

  it('refuses more than 30 aliases', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: me { id }`).join(' ');
    const { status, body } = await post(edgeFixture(), `{ ${aliases} }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/Aliases limit of 30/);
  });

  it('refuses more than 2,000 tokens before parsing the rest', async () => {
    const { status, body } = await post(edgeFixture(), `{ ${'__typename '.repeat(2_001)}}`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/Token limit of 2000/);
  });

  it('refuses more than 10 directives', async () => {
    const { status, body } = await post(edgeFixture(), `{ me ${'@include(if: true) '.repeat(11)}{ id } }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/Directives limit of 10/);
  });

  it('refuses a document with two logins before any password is checked', async () => {
    const edge = edgeFixture();
    const login = (alias: string) =>
      `${alias}: login(tenant: "root", email: "root@tenantry.test", password: "guess-${alias}") { token }`;
    const { status, body } = await post(edge, `mutation { ${login('a')} ${login('b')} }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toBe('A document may log in once: send one login per request.');
    expect(edge.lookups.count).toBe(0);
  });

  it('refuses introspection when it is off (production default)', async () => {
    const edge = edgeFixture({ introspection: false });
    const { status, body } = await post(edge, '{ __schema { queryType { name } } }', await tokenOf(rootAdmin));
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/introspection/i);
    expect((await post(edge, '{ __typename }')).status).toBe(200);
  });
});
