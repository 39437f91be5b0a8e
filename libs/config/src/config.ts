import { z } from 'zod';

/** Development secrets: fine on a laptop, refused when NODE_ENV=production. */
export const DEVELOPMENT_JWT_SECRET = 'tenantry-development-jwt-secret-change-me-now';
export const DEVELOPMENT_SECRETS_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
export const DEVELOPMENT_ROOT_ADMIN = { email: 'admin@tenantry.local', password: 'Tenantry-Admin-2026!' } as const;

const secretsKey = z
  .string()
  .refine((v) => decodeKey(v) !== undefined, 'SECRETS_KEY must be 32 bytes as 64 hex characters or base64');

/** `a,b-c`: the application's provisioning steps, each a step worker's name (a NATS subject token). */
const stepNames = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
  )
  .pipe(
    z.array(
      z.string().regex(/^[a-z0-9-]+$/, 'TENANT_STEPS: comma-separated names of lowercase letters, digits and hyphens'),
    ),
  )
  .refine((names) => new Set(names).size === names.length, 'TENANT_STEPS: a step is named once');

/** One server of NATS_URL: `nats://`, `tls://`, `ws://` or `wss://` (or none), then `[user:pass@]host[:port]`. */
const NATS_SERVER = /^(?:(?:nats|tls|wss?):\/\/)?[^\s/,]+$/;

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/tenantry'),
  /** Where tenant schemas and databases are created; defaults to DATABASE_URL's server. */
  TENANTS_DATABASE_URL: z.string().optional(),
  /** ISOLATED tenants get database `<TENANT_DATABASE_PREFIX>_<slug>`. */
  TENANT_DATABASE_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .default('tenant'),
  /** Every NATS server of the cluster, comma-separated: the client connects to any and fails over to the others. */
  NATS_URL: z
    .string()
    .default('nats://127.0.0.1:4222')
    .refine(
      (list) => list.split(',').every((server) => NATS_SERVER.test(server.trim())),
      'NATS_URL: comma-separated servers such as nats://nats-0:4222,nats://nats-1:4222',
    ),
  /**
   * Copies of the JetStream stream TENANT_EVENTS (and so of its durable consumers, which
   * follow it) kept by the cluster: 3 in production, so an acknowledged event survives the
   * loss of a node. At most 5 (JetStream's limit) and no more than the cluster's nodes.
   */
  NATS_STREAM_REPLICAS: z.coerce
    .number()
    .int('NATS_STREAM_REPLICAS: a whole number of copies')
    .min(1, 'NATS_STREAM_REPLICAS: at least 1')
    .max(5, 'NATS_STREAM_REPLICAS: at most 5 (JetStream keeps up to 5 copies)')
    .default(1),
  NATS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_]*$/, 'NATS_PREFIX: lowercase letters, digits and underscores')
    .default(''),
  /**
   * This service's NATS user (deploy/nats/authorization.conf has one per service, with only the
   * subjects it needs) and its password; or NATS_CREDS, a .creds file (user JWT and nkey seed,
   * made with `nsc`). None: connect without credentials (a development server).
   */
  NATS_USER: z.string().optional(),
  NATS_PASSWORD: z.string().optional(),
  NATS_CREDS: z.string().optional(),
  /** TLS to NATS: the CA file that signed the server's certificate; a client certificate and key for mutual TLS. */
  NATS_TLS_CA: z.string().optional(),
  NATS_TLS_CERT: z.string().optional(),
  NATS_TLS_KEY: z.string().optional(),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').default(DEVELOPMENT_JWT_SECRET),
  /**
   * Comma-separated signing secrets, newest first (each 32+ characters): the first signs,
   * all verify, so a secret is rotated without logging anyone out. Overrides JWT_SECRET.
   */
  JWT_SECRETS: z
    .string()
    .optional()
    .transform((list) =>
      list
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine(
      (list) => list === undefined || (list.length > 0 && list.every((s) => s.length >= 32)),
      'JWT_SECRETS: each secret at least 32 characters',
    ),
  JWT_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 3600),
  SECRETS_KEY: secretsKey.default(DEVELOPMENT_SECRETS_KEY),
  ROOT_ADMIN_EMAIL: z.email().default(DEVELOPMENT_ROOT_ADMIN.email),
  ROOT_ADMIN_PASSWORD: z.string().min(12).default(DEVELOPMENT_ROOT_ADMIN.password),
  EVENT_STORE: z.enum(['postgres', 'kurrentdb']).default('postgres'),
  KURRENTDB_URL: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /**
   * gateway: how long a read of tenants waits for the projector to show a change that was
   * already accepted (read your writes) before it answers SERVICE_UNAVAILABLE.
   */
  READ_YOUR_WRITES_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  /**
   * gateway: how long it keeps sending a command that found no tenant-command, or got no
   * answer, again (same idempotency key) before it answers SERVICE_UNAVAILABLE: longer
   * than a tenant-command takes to restart.
   */
  COMMAND_RETRY_SECONDS: z.coerce.number().int().positive().default(15),
  /** gateway: what a GraphQL document may hold (introspection documents too); over a limit it is refused (400). */
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().positive().default(12),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().nonnegative().default(30),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().positive().default(2_000),
  GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().nonnegative().default(10),
  /** `on`/`off`: answer `__schema`/`__type`; off by default when NODE_ENV=production. */
  GRAPHQL_INTROSPECTION: z.enum(['on', 'off']).optional(),
  /** gateway: request bodies over this many bytes on /graphql and /api answer 413. */
  HTTP_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** gateway: a WebSocket frame over this many bytes closes the socket (1009). */
  WS_MAX_PAYLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  /** gateway: sockets one principal may hold open on one gateway; the next one is closed (1008). */
  WS_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().positive().default(100),
  /**
   * tenant-command: EXTERNAL database hosts allowed although they are loopback or private
   * addresses (refused in production otherwise); link-local and metadata addresses never are.
   */
  EXTERNAL_DB_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** gateway: failed logins of one account (tenant, email) within LOGIN_WINDOW_SECONDS before it is refused until the window ends. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  /** gateway: failed logins from one client address within the window, likewise. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(30),
  /** gateway: comma-separated origins allowed to call the API from a browser (CORS); none by default (the console is same-origin). */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  /** tenant-command and provisioner: /healthz, /readyz and /metrics listen here. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** OTLP/HTTP collector, e.g. http://otel-collector:4318; traces are exported only when set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  /**
   * Gateway email fallback: terminal notifications whose recipient has no open socket
   * on any gateway go out by email through this SMTP server, e.g. smtp://mail:587 or
   * smtps://user:password@mail:465 (credentials are never logged). Unset: no email.
   */
  SMTP_URL: z.string().url().optional(),
  /** Sender of those emails, e.g. `Tenantry <noreply@example.com>`. */
  SMTP_FROM: z.string().default('Tenantry <noreply@tenantry.local>'),
  /** `on`/`off`: send the email fallback at all; on by default when SMTP_URL is set. */
  EMAIL_FALLBACK: z.enum(['on', 'off']).optional(),
  /** Email fallback: first retry after this long, doubling up to 10 minutes; gives up (row kept as failed) after EMAIL_MAX_ATTEMPTS. */
  EMAIL_RETRY_BACKOFF_MS: z.coerce.number().int().positive().default(5_000),
  EMAIL_MAX_ATTEMPTS: z.coerce.number().int().positive().default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Provisioner: jobs run at once per process (twice the 4 connections a provisioner opens
   * to a tenant database: a job waiting on an append or a step worker holds none), attempts
   * per job, backoff base, JetStream ack wait.
   */
  PROVISIONER_CONCURRENCY: z.coerce.number().int().positive().default(8),
  PROVISIONER_MAX_ATTEMPTS: z.coerce.number().int().positive().default(3),
  PROVISIONER_BACKOFF_MS: z.coerce.number().int().nonnegative().default(500),
  PROVISIONER_ACK_WAIT_MS: z.coerce.number().int().positive().default(30_000),
  /** Jobs pulled ahead of the workers (HIGH overtakes what is queued here), and the aging that keeps LOW from starving. */
  PROVISIONER_PREFETCH: z.coerce.number().int().positive().default(256),
  PROVISIONER_PRIORITY_AGING_MS: z.coerce.number().int().nonnegative().default(30_000),
  /**
   * provisioner, gateway and tenants:migrate: a folder of the application's tenant migrations
   * (`*.sql`, and compiled MikroORM `Migration` classes as `*.js`), applied after Tenantry's own
   * to every tenant, in its schema, in lexical order of file names. Unset: Tenantry's tables only.
   */
  TENANT_MIGRATIONS_DIR: z.string().optional(),
  /** Test hook: the provisioner stops (hangs) before this step, so a test can kill it mid-job. */
  PROVISIONER_PAUSE_BEFORE_STEP: z.string().optional(),
  /**
   * Deliveries of one job message before the provisioner gives the job up: the tenant
   * ends failed with the reason, instead of a message that throws being retried forever.
   */
  PROVISIONER_MAX_DELIVERIES: z.coerce.number().int().min(1).default(10),
  /** Test hook: every job of this tenant throws before it starts (a poison job). */
  PROVISIONER_POISON_TENANT: z.string().optional(),
  /** Test hook: the provisioner hangs after this step's work and before recording it (the window a crash makes it redo). */
  PROVISIONER_PAUSE_AFTER_STEP: z.string().optional(),
  /** Demo and test hook: every step takes at least this long, so progress and cancellation can be watched. */
  PROVISIONER_STEP_DELAY_MS: z.coerce.number().int().nonnegative().default(0),
  /** The application's provisioning steps, run in this order after ASSIGNING_ROLES by step workers; tenant-command records them per operation. */
  TENANT_STEPS: stepNames,
  /**
   * Provisioner: empty databases kept ready on the tenants' server (`<TENANT_DATABASE_PREFIX>__spare_<hex>`),
   * each renamed into an ISOLATED tenant's database instead of copying the template on its time; 0 turns them off.
   */
  TENANT_SPARE_DATABASES: z.coerce.number().int().nonnegative().default(2),
  /** Provisioner: how long a step worker has to answer one step before the tenant fails. */
  TENANT_STEP_TIMEOUT_SECONDS: z.coerce.number().positive().default(60),
});
export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and checks the environment once; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid configuration:\n${problems}`);
  }
  const config = result.data;
  refuseIncompleteNatsAccess(config);
  if (config.NODE_ENV === 'production') refuseDevelopmentSecrets(config);
  return config;
}

function refuseDevelopmentSecrets(config: Config): void {
  const weak = [
    jwtSecretsOf(config).includes(DEVELOPMENT_JWT_SECRET) &&
      (config.JWT_SECRETS ? 'JWT_SECRETS' : 'JWT_SECRETS (or JWT_SECRET)'),
    config.SECRETS_KEY === DEVELOPMENT_SECRETS_KEY && 'SECRETS_KEY',
    config.ROOT_ADMIN_PASSWORD === DEVELOPMENT_ROOT_ADMIN.password && 'ROOT_ADMIN_PASSWORD',
  ].filter(Boolean);
  if (weak.length > 0) {
    throw new ConfigError(`Refusing to start in production with development secrets: set ${weak.join(', ')}`);
  }
}

/** NATS credentials come in pairs (user and password, certificate and key) and one kind at a time. */
function refuseIncompleteNatsAccess(config: Config): void {
  const problems = [
    (config.NATS_USER === undefined) !== (config.NATS_PASSWORD === undefined) &&
      'NATS_USER and NATS_PASSWORD go together',
    config.NATS_CREDS !== undefined &&
      config.NATS_USER !== undefined &&
      'NATS_CREDS replaces NATS_USER and NATS_PASSWORD: set one or the other',
    (config.NATS_TLS_CERT === undefined) !== (config.NATS_TLS_KEY === undefined) &&
      'NATS_TLS_CERT and NATS_TLS_KEY go together',
  ].filter(Boolean);
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

/** SECRETS_KEY as 32 raw bytes (hex or base64), or undefined when it is neither. */
export function decodeKey(value: string): Buffer | undefined {
  const bytes = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  return bytes.length === 32 ? bytes : undefined;
}

/** The email fallback is on when SMTP_URL is set, unless EMAIL_FALLBACK=off. */
export const emailFallbackEnabled = (config: Pick<Config, 'SMTP_URL' | 'EMAIL_FALLBACK'>): boolean =>
  config.SMTP_URL !== undefined && config.EMAIL_FALLBACK !== 'off';

export const tenantsDatabaseUrl = (config: Config): string => config.TENANTS_DATABASE_URL ?? config.DATABASE_URL;

/** What `createEventStore` (libs/event-store) needs, from the configuration. */
export const eventStoreSelection = (config: Config) => ({
  kind: config.EVENT_STORE,
  postgresUrl: config.DATABASE_URL,
  kurrentdbUrl: config.KURRENTDB_URL,
});

/** The token secrets, newest first: JWT_SECRETS when set, else JWT_SECRET alone. */
export const jwtSecretsOf = (config: Pick<Config, 'JWT_SECRET' | 'JWT_SECRETS'>): string[] =>
  config.JWT_SECRETS ?? [config.JWT_SECRET];
