import { natsNames } from './nats-names';
import { tenantEventSubject, tenantIdOfStream } from './tenant-event-subject';

describe('the subject of a tenant event', () => {
  const subjectFor = tenantEventSubject(natsNames('p'));

  it('names the tenant from its stream and the event type', () => {
    expect(subjectFor({ stream: 'tenant-acme-eu', type: 'TenantProvisioned' })).toBe(
      'p.tenant.events.acme-eu.TenantProvisioned',
    );
  });

  it('is undefined for a stream that is not a tenant', () => {
    expect(tenantIdOfStream('user-1')).toBeUndefined();
    expect(subjectFor({ stream: 'user-1', type: 'UserCreated' })).toBeUndefined();
  });
});
