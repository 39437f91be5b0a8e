import { edgeFixture, rootAdmin, tokenOf } from '../../__tests__/edge-fixture';

describe('useOperationObservability', () => {
  it('reports each operation with its name (anonymous without one), root field, type, outcome and duration', async () => {
    const edge = edgeFixture();
    const token = await tokenOf(rootAdmin);
    await edge.graphql('query ListTenants { tenants { id } }', { token });
    await edge.graphql('{ tenants { id } }', { token });
    await edge.graphql('query Nobody { tenants { id } }');
    expect(edge.observed.operations.map(({ seconds, ...rest }) => rest)).toEqual([
      { field: 'tenants', name: 'ListTenants', type: 'query', outcome: 'ok' },
      { field: 'tenants', name: 'anonymous', type: 'query', outcome: 'ok' },
      { field: 'tenants', name: 'Nobody', type: 'query', outcome: 'error' },
    ]);
    for (const { seconds } of edge.observed.operations) expect(seconds).toBeGreaterThanOrEqual(0);
  });
});
