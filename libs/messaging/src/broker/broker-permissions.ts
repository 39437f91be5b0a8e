import type { NatsNames } from '../nats-names';

/** One NATS user per service; the tools connect as the service whose work they do. */
export const BROKER_USERS = ['tenant-command', 'provisioner', 'gateway'] as const;
export type BrokerUser = (typeof BROKER_USERS)[number];

/** What one user may publish and subscribe to (a deny wins over an allow). */
export interface SubjectPermissions {
  publish: { allow: string[]; deny: string[] };
  subscribe: { allow: string[] };
  /** May answer the requests it receives (publish once to their reply subject). */
  allowResponses: boolean;
}

const API = '$JS.API';

/**
 * Least privilege, from the subjects Tenantry uses:
 * - only the gateway requests commands, and only tenant-command receives and answers them;
 * - only tenant-command publishes tenant events (the relay) into the stream;
 * - only the gateway publishes and receives notifications and tenant changes (its projector);
 * - each consumer's owner alone creates, reads and acknowledges its durable consumer;
 * - only the provisioner asks the application's step workers (`tenantry.steps.*`);
 * - the writers of events (tenant-command, provisioner) announce their appends, which only
 *   tenant-command (its relay) hears;
 * - each user receives replies on its own inbox prefix only.
 */
export function brokerPermissions(names: NatsNames): Record<BrokerUser, SubjectPermissions> {
  const stream = names.stream;
  const apiInfo = [`${API}.INFO`, `${API}.STREAM.INFO.${stream}`];
  const streamSetup = [`${API}.STREAM.CREATE.${stream}`, `${API}.STREAM.UPDATE.${stream}`];
  const durable = (consumer: string) => [
    `${API}.CONSUMER.CREATE.${stream}.${consumer}`,
    `${API}.CONSUMER.CREATE.${stream}.${consumer}.>`,
    `${API}.CONSUMER.DURABLE.CREATE.${stream}.${consumer}`,
    `${API}.CONSUMER.INFO.${stream}.${consumer}`,
    `${API}.CONSUMER.MSG.NEXT.${stream}.${consumer}`,
    `$JS.ACK.${stream}.${consumer}.>`,
  ];
  const { provisioner, projector } = names.consumers;
  return {
    'tenant-command': {
      publish: { allow: [...apiInfo, ...streamSetup, names.allEvents, names.appendAnnouncements], deny: [] },
      subscribe: {
        allow: [names.allNamedCommands, names.appendAnnouncements, `${names.inboxPrefix('tenant-command')}.>`],
      },
      allowResponses: true,
    },
    provisioner: {
      // And it asks the application's step workers (TENANT_STEPS), which answer on its inbox.
      publish: {
        allow: [...apiInfo, ...streamSetup, ...durable(provisioner), names.allSteps, names.appendAnnouncements],
        deny: [],
      },
      subscribe: { allow: [`${names.inboxPrefix('provisioner')}.>`] },
      allowResponses: false,
    },
    gateway: {
      publish: {
        allow: [
          names.allNamedCommands,
          names.allNotifications,
          names.allTenantChanges,
          ...apiInfo,
          // Its projector's durable consumer, the rebuild's ordered consumers (any name), the provisioner's queue figures.
          `${API}.CONSUMER.DURABLE.CREATE.${stream}.${projector}`,
          `$JS.ACK.${stream}.${projector}.>`,
          ...[
            `CREATE.${stream}.*`,
            `CREATE.${stream}.*.>`,
            `MSG.NEXT.${stream}.*`,
            `INFO.${stream}.*`,
            `DELETE.${stream}.*`,
          ].map((api) => `${API}.CONSUMER.${api}`),
        ],
        // The provisioner's consumer is read (INFO), never changed, deleted nor pulled from.
        deny: [
          ...durable(provisioner).filter((subject) => !subject.includes('.CONSUMER.INFO.')),
          `${API}.CONSUMER.DELETE.${stream}.${provisioner}`,
        ],
      },
      subscribe: { allow: [names.allNotifications, names.allTenantChanges, `${names.inboxPrefix('gateway')}.>`] },
      allowResponses: false,
    },
  };
}

/** The nats-server environment variable that holds a user's password: `GATEWAY_NATS_PASSWORD`, … */
export const natsPasswordVariable = (user: BrokerUser): string =>
  `${user.toUpperCase().replace(/-/g, '_')}_NATS_PASSWORD`;
