import { edgeFixture, rootAdmin, tokenOf } from '../__tests__/edge-fixture';

describe("a tenant's migrations (yoga.fetch)", () => {
  it("come from the tenant's own database, read once per tenant and request whatever asks", async () => {
    const edge = edgeFixture();
    const result = await edge.graphql('{ tenant(id: "acme") { migrations pendingMigrations again: migrations } }', {
      token: await tokenOf(rootAdmin),
    });
    expect(result.data?.tenant).toEqual({
      migrations: ['Migration20261125000000UsersRoles'],
      pendingMigrations: ['001-acme'],
      again: ['Migration20261125000000UsersRoles'],
    });
    expect(edge.schemaReads).toEqual(['acme']);
  });

  it('are a SERVICE_UNAVAILABLE error when that database cannot be read, and the rest of the answer stands', async () => {
    const edge = edgeFixture();
    const result = await edge.graphql(
      '{ acme: tenant(id: "acme") { id pendingMigrations } globex: tenant(id: "globex") { id pendingMigrations } }',
      { token: await tokenOf(rootAdmin) },
    );
    expect(result.data).toEqual({ acme: { id: 'acme', pendingMigrations: ['001-acme'] }, globex: null });
    expect(result.errors?.map((e) => [(e as { path?: unknown }).path, e.extensions?.code, e.message])).toEqual([
      [['globex', 'pendingMigrations'], 'SERVICE_UNAVAILABLE', "The database of tenant 'globex' could not be read"],
    ]);
  });
});
