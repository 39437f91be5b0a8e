import { InvalidSubjectToken } from './invalid-subject-token';
import { natsNames } from './nats-names';

describe('NATS names', () => {
  it('derive every name from the prefix', () => {
    const names = natsNames('t_relay_1');
    expect(names.stream).toBe('T_RELAY_1_TENANT_EVENTS');
    expect(names.eventSubject('acme', 'TenantRequested')).toBe('t_relay_1.tenant.events.acme.TenantRequested');
    expect(names.allEvents).toBe('t_relay_1.tenant.events.>');
    expect(names.tenantEvents('acme')).toBe('t_relay_1.tenant.events.acme.*');
    expect(names.commands).toBe('t_relay_1.tenantry.commands');
    expect(names.commandSubject('createTenant')).toBe('t_relay_1.tenantry.commands.createTenant');
    expect(names.notificationSubject('user-1')).toBe('t_relay_1.tenantry.notifications.user-1');
    expect(names.allNotifications).toBe('t_relay_1.tenantry.notifications.*');
    expect(names.stepSubject('seed-welcome-note')).toBe('t_relay_1.tenantry.steps.seed-welcome-note');
    expect(names.allSteps).toBe('t_relay_1.tenantry.steps.*');
    expect(names.appendAnnouncements).toBe('t_relay_1.tenantry.appended');
    expect(names.consumers).toEqual({ provisioner: 't_relay_1_provisioner', projector: 't_relay_1_projector' });
    expect(names.tenantChangeSubject('acme')).toBe('t_relay_1.tenantry.tenant-changes.acme');
    expect(names.allTenantChanges).toBe('t_relay_1.tenantry.tenant-changes.*');
    expect(names.inboxPrefix('gateway')).toBe('_INBOX.t_relay_1-gateway');
  });

  it('give each broker user an inbox prefix of its own, and no wildcard into a subject', () => {
    expect(natsNames('').inboxPrefix('provisioner')).toBe('_INBOX.provisioner');
    expect(() => natsNames('').tenantChangeSubject('>')).toThrow(InvalidSubjectToken);
    expect(() => natsNames('').inboxPrefix('a.b')).toThrow(InvalidSubjectToken);
  });

  it('have no prefix segment when the prefix is empty', () => {
    const names = natsNames('');
    expect(names.stream).toBe('TENANT_EVENTS');
    expect(names.eventSubject('acme', 'TenantRequested')).toBe('tenant.events.acme.TenantRequested');
    expect(names.allEvents).toBe('tenant.events.>');
    expect(names.commands).toBe('tenantry.commands');
    expect(names.stepSubject('seed-welcome-note')).toBe('tenantry.steps.seed-welcome-note');
    expect(names.consumers.provisioner).toBe('provisioner');
  });

  it.each(['Acme', 'ac.me', 'a*', '>', '', 'a b'])('refuse the tenant id %j', (tenantId) => {
    expect(() => natsNames('p').eventSubject(tenantId, 'TenantRequested')).toThrow(InvalidSubjectToken);
  });

  it.each(['a.b', 'x*', '>', 'with space'])('refuse the user id %j', (userId) => {
    expect(() => natsNames('p').notificationSubject(userId)).toThrow(InvalidSubjectToken);
  });

  it('refuse a prefix that would split subjects', () => {
    expect(() => natsNames('a.b')).toThrow(InvalidSubjectToken);
  });
});
