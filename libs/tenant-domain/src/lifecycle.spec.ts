import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALLOWED_ACTIONS, allowedActions, lifecycleAfter, operationStatusAfter, ROOT_TENANT_ID } from './lifecycle';
import { deletionFailed, provisioningStarted, updateFailed } from './__tests__/decider-spec';
import { ProvisioningStatus } from './vocabulary';

describe('the actions each status allows', () => {
  it.each([
    ['PENDING', ['cancel']],
    ['PROVISIONING', ['cancel']],
    ['ACTIVE', ['update', 'delete']],
    ['FAILED', ['retry', 'delete']],
    ['UPDATING', []],
    ['CANCELLING', []],
    ['CANCELLED', ['delete']],
    ['DELETING', []],
    ['DELETED', []],
  ] as const)('%s: %j', (status, actions) =>
    expect(allowedActions({ tenantId: 'acme', status, operationKind: 'CREATE' })).toEqual(actions),
  );

  it('cover every status', () =>
    expect(Object.keys(ALLOWED_ACTIONS).sort()).toEqual([...ProvisioningStatus.options].sort()));

  it('include a retry only after a failed creation, not after a failed deletion', () =>
    expect(allowedActions({ tenantId: 'acme', status: 'FAILED', operationKind: 'DELETE' })).toEqual(['delete']));

  it('are none for the root tenant', () =>
    ProvisioningStatus.options.forEach((status) =>
      expect(allowedActions({ tenantId: ROOT_TENANT_ID, status, operationKind: 'CREATE' })).toEqual([]),
    ));
});

describe('the status after an event', () => {
  it('a creation starting makes the tenant PROVISIONING; an update starting leaves it UPDATING, remembering ACTIVE', () => {
    expect(lifecycleAfter({ status: 'PENDING', statusBeforeOperation: null }, provisioningStarted('acme'))).toEqual({
      status: 'PROVISIONING',
      statusBeforeOperation: null,
    });
    expect(
      lifecycleAfter(
        { status: 'UPDATING', statusBeforeOperation: 'ACTIVE' },
        provisioningStarted('acme', { kind: 'UPDATE' }),
      ),
    ).toEqual({ status: 'UPDATING', statusBeforeOperation: 'ACTIVE' });
  });

  it('a failed deletion returns where it started, or FAILED when the stream never recorded it', () => {
    expect(lifecycleAfter({ status: 'DELETING', statusBeforeOperation: 'CANCELLED' }, deletionFailed('acme'))).toEqual({
      status: 'CANCELLED',
      statusBeforeOperation: null,
    });
    expect(lifecycleAfter({ status: 'DELETING', statusBeforeOperation: null }, deletionFailed('acme'))).toEqual({
      status: 'FAILED',
      statusBeforeOperation: null,
    });
  });

  it('a failed update returns to ACTIVE when the stream never recorded where it started', () =>
    expect(lifecycleAfter({ status: 'UPDATING', statusBeforeOperation: null }, updateFailed('acme'))).toEqual({
      status: 'ACTIVE',
      statusBeforeOperation: null,
    }));

  it('a cancellation request leaves the job as it is until its worker confirms', () => {
    expect(operationStatusAfter('RUNNING', 'TenantCancellationRequested')).toBe('RUNNING');
    expect(operationStatusAfter('RUNNING', 'TenantCancelled')).toBe('CANCELLED');
  });
});

// The console bundles these files for the browser (services/console/vite.config.ts): values only,
// so the bundle needs neither zod nor Node.
describe.each(['lifecycle.ts', 'external-database.ts'])('%s', (file) => {
  it('imports types only', () => {
    const source = readFileSync(join(__dirname, file), 'utf8');
    const imports = source.match(/^import .*$/gm) ?? [];
    expect(imports.filter((line) => !line.startsWith('import type '))).toEqual([]);
  });
});
