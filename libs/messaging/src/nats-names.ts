import { InvalidSubjectToken } from './invalid-subject-token';

/** Every NATS name Tenantry uses, derived from one prefix (`NATS_PREFIX`). */
export interface NatsNames {
  readonly prefix: string;
  /** JetStream stream: `<PREFIX>_TENANT_EVENTS`, or `TENANT_EVENTS` without prefix. */
  readonly stream: string;
  /** `<prefix>.tenant.events.>`: every tenant event. */
  readonly allEvents: string;
  /** `<prefix>.tenant.events.<tenantId>.<EventType>` */
  eventSubject(tenantId: string, eventType: string): string;
  /** `<prefix>.tenant.events.<tenantId>.*`: one tenant's events. */
  tenantEvents(tenantId: string): string;
  /** `<prefix>.tenantry.commands`: request-reply commands, name in the payload. */
  readonly commands: string;
  /** `<prefix>.tenantry.commands.<name>`: a command named by its subject. */
  commandSubject(name: string): string;
  /** `<prefix>.tenantry.commands.*`: every command named by its subject. */
  readonly allNamedCommands: string;
  /** `<prefix>.tenantry.notifications.<principal key>` (`<tenantId>/<userId>`) */
  notificationSubject(principal: string): string;
  /** `<prefix>.tenantry.notifications.*` */
  readonly allNotifications: string;
  /** `<prefix>.tenantry.tenant-changes.<tenantId>`: a tenant's view changed (the gateway's live reads). */
  tenantChangeSubject(tenantId: string): string;
  /** `<prefix>.tenantry.tenant-changes.*` */
  readonly allTenantChanges: string;
  /**
   * `_INBOX.<user>` (`_INBOX.<prefix>-<user>` with a prefix): the replies one broker user
   * receives, so that no other service can read them.
   */
  inboxPrefix(user: string): string;
  /** `<prefix>.tenantry.steps.<name>`: where the step workers of an application's step answer (queue group). */
  stepSubject(step: string): string;
  /** `<prefix>.tenantry.steps.*`: every application step (the provisioner asks them). */
  readonly allSteps: string;
  /**
   * `<prefix>.tenantry.appended`: a process appended tenant events (no payload). The relay
   * reads at once instead of at its next poll; a lost one only delays it until then.
   */
  readonly appendAnnouncements: string;
  /** Durable consumer names: `<prefix>_provisioner`, `<prefix>_projector`. */
  readonly consumers: { readonly provisioner: string; readonly projector: string };
}

const PREFIX = /^[A-Za-z0-9_-]*$/;
const TENANT_ID = /^[a-z0-9][a-z0-9-]*$/;
/** Printable, no whitespace, no subject separators or wildcards. */
const TOKEN = /^[^\s.*>]+$/;

function check(kind: string, value: string, pattern: RegExp, rule: string): string {
  if (!pattern.test(value)) throw new InvalidSubjectToken(kind, value, rule);
  return value;
}

const tenantId = (value: string) => check('tenant id', value, TENANT_ID, 'lowercase letters, digits and hyphens');
const token = (kind: string, value: string) => check(kind, value, TOKEN, 'no spaces, dots or wildcards');

export function natsNames(prefix = ''): NatsNames {
  check('NATS prefix', prefix, PREFIX, 'letters, digits, underscores and hyphens');
  const subject = (...tokens: string[]) => [...(prefix ? [prefix] : []), ...tokens].join('.');
  const durable = (name: string) => (prefix ? `${prefix}_${name}` : name);
  return {
    prefix,
    stream: prefix ? `${prefix.toUpperCase()}_TENANT_EVENTS` : 'TENANT_EVENTS',
    allEvents: subject('tenant', 'events', '>'),
    eventSubject: (id, eventType) => subject('tenant', 'events', tenantId(id), token('event type', eventType)),
    tenantEvents: (id) => subject('tenant', 'events', tenantId(id), '*'),
    commands: subject('tenantry', 'commands'),
    commandSubject: (name) => subject('tenantry', 'commands', token('command name', name)),
    allNamedCommands: subject('tenantry', 'commands', '*'),
    notificationSubject: (principal) => subject('tenantry', 'notifications', token('principal', principal)),
    allNotifications: subject('tenantry', 'notifications', '*'),
    tenantChangeSubject: (id) => subject('tenantry', 'tenant-changes', token('tenant id', id)),
    allTenantChanges: subject('tenantry', 'tenant-changes', '*'),
    inboxPrefix: (user) => `_INBOX.${prefix ? `${prefix}-` : ''}${token('broker user', user)}`,
    stepSubject: (step) => subject('tenantry', 'steps', token('step name', step)),
    allSteps: subject('tenantry', 'steps', '*'),
    appendAnnouncements: subject('tenantry', 'appended'),
    consumers: { provisioner: durable('provisioner'), projector: durable('projector') },
  };
}
