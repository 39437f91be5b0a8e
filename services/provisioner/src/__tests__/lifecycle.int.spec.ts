import { asExternalConnectionString, waitFor } from '@tenantry/testing';
import { foundationWorld, typesOf } from './foundation';

/** Retry, cancellation and deletion through tenant-command and the provisioner. */
describe('tenant lifecycle', () => {
  const world = foundationWorld('lifecycle', {
    env: { PROVISIONER_MAX_ATTEMPTS: '1', PROVISIONER_STEP_DELAY_MS: '300' },
  });

  const schemaExists = async (schema: string, url?: string) =>
    (await world.client.query(`select 1 from information_schema.schemata where schema_name = $1`, [schema], url))
      .length === 1;

  describe('retry', () => {
    it('starts attempt 2 of a FAILED create from the stored request, no password re-entry, and ends Active', async () => {
      const late = new URL(world.system.database.url);
      late.pathname = `/${world.system.prefix}_late`;
      await world.client.createTenant({
        id: 'retried',
        database: 'EXTERNAL',
        connectionString: asExternalConnectionString(late),
      });
      const failed = await world.client.waitForEvent('retried', 'TenantProvisioningFailed');
      expect(failed.at(-1)!.data['error']).toMatch(/does not exist.*create it/i);

      await world.client.query(`create database "${world.system.prefix}_late"`);
      const reply = await world.client.send('retryTenantProvisioning', { tenantId: 'retried' });
      expect(reply).toEqual({
        ok: true,
        accepted: { tenantId: 'retried', operationId: failed[0]!.data['operationId'], status: 'PENDING', version: 3 },
      });

      const events = await world.client.waitForEvent('retried', 'TenantProvisioned');
      expect(events.filter((e) => e.type === 'TenantRetryRequested').map((e) => e.data['attempt'])).toEqual([2]);
      expect(events.filter((e) => e.type === 'TenantProvisioningStarted').map((e) => e.data['attempt'])).toEqual([
        1, 2,
      ]);
      expect(
        await world.client.adminPasswordVerifies(
          'tenant_retried',
          'owner@acme.test',
          'Correct-Horse-Battery-42',
          late.toString(),
        ),
      ).toBe(true);
    });

    it('is refused with INVALID_STATE unless the tenant FAILED', async () => {
      await world.client.createTenant({ id: 'fine' });
      await world.client.waitForEvent('fine', 'TenantProvisioned');
      expect(await world.client.send('retryTenantProvisioning', { tenantId: 'fine' })).toEqual({
        ok: false,
        error: { code: 'INVALID_STATE', message: 'Cannot retry a tenant that is ACTIVE' },
      });
    });
  });

  describe('cancellation', () => {
    it('stops a PROVISIONING job at the next step boundary, removes what it created, ends CANCELLED', async () => {
      await world.client.createTenant({ id: 'cancelled-midway' });
      await world.client.waitForEvent('cancelled-midway', 'TenantProvisioningStepCompleted');
      const reply = await world.client.send('cancelTenantOperation', { tenantId: 'cancelled-midway' });
      expect(reply).toMatchObject({ ok: true, accepted: { status: 'CANCELLING' } });

      const events = await world.client.waitForEvent('cancelled-midway', 'TenantCancelled');
      expect(typesOf(events)).not.toContain('TenantProvisioned');
      expect(await schemaExists('tenant_cancelled_midway')).toBe(false);
    });

    it('ends in one clear state when the job finishes first: cancel is refused on an ACTIVE tenant', async () => {
      await world.client.createTenant({ id: 'too-late' });
      await world.client.waitForEvent('too-late', 'TenantProvisioned');
      expect(await world.client.send('cancelTenantOperation', { tenantId: 'too-late' })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_STATE', message: 'Cannot cancel a tenant that is ACTIVE' },
      });
    });
  });

  describe('deletion', () => {
    it('drops a SHARED tenant schema: DELETING → DELETED', async () => {
      await world.client.createTenant({ id: 'doomed' });
      await world.client.waitForEvent('doomed', 'TenantProvisioned');
      expect(await world.client.send('deleteTenant', { tenantId: 'doomed' })).toMatchObject({
        ok: true,
        accepted: { status: 'DELETING' },
      });
      await world.client.waitForEvent('doomed', 'TenantDeleted');
      expect(await schemaExists('tenant_doomed')).toBe(false);
    });

    it('drops an ISOLATED tenant database', async () => {
      await world.client.createTenant({ id: 'doomed-iso', database: 'ISOLATED' });
      await world.client.waitForEvent('doomed-iso', 'TenantProvisioned');
      await world.client.send('deleteTenant', { tenantId: 'doomed-iso' });
      await world.client.waitForEvent('doomed-iso', 'TenantDeleted');
      const databases = await world.client.query(`select 1 from pg_database where datname = $1`, [
        `${world.system.prefix}_doomed_iso`,
      ]);
      expect(databases).toHaveLength(0);
    });

    it('reports a deletion that cannot be done as TenantDeletionFailed with the error, and restores the status', async () => {
      const vanishing = new URL(world.system.database.url);
      vanishing.pathname = `/${world.system.prefix}_vanishing`;
      await world.client.query(`create database "${world.system.prefix}_vanishing"`);
      await world.client.createTenant({
        id: 'vanishing',
        database: 'EXTERNAL',
        connectionString: asExternalConnectionString(vanishing),
      });
      await world.client.waitForEvent('vanishing', 'TenantProvisioned');
      await world.client.query(`drop database "${world.system.prefix}_vanishing" with (force)`);

      await world.client.send('deleteTenant', { tenantId: 'vanishing' });
      const events = await world.client.waitForEvent('vanishing', 'TenantDeletionFailed');
      expect(events.at(-1)!.data['error']).toMatch(/does not exist/);
      // Back to ACTIVE: it can be deleted again once its database is back.
      expect(await world.client.send('deleteTenant', { tenantId: 'vanishing' })).toMatchObject({
        ok: true,
        accepted: { status: 'DELETING' },
      });
    });

    it('never deletes root, and a deleted id stays taken', async () => {
      expect(await world.client.send('deleteTenant', { tenantId: 'root' })).toEqual({
        ok: false,
        error: { code: 'ROOT_TENANT_IMMUTABLE', message: 'Cannot delete root tenant' },
      });
      await waitFor(
        () => world.client.events('doomed'),
        (events) => events.some((e) => e.type === 'TenantDeleted'),
      );
      expect(await world.client.createTenant({ id: 'doomed' })).toMatchObject({
        ok: false,
        error: { code: 'TENANT_EXISTS' },
      });
    });
  });
});
