import { randomBytes } from 'node:crypto';

const sanitize = (label: string, maxLength: number): string =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, maxLength) || 'test';

const randomSuffix = (): string => randomBytes(5).toString('hex');

/**
 * A unique NATS prefix of lowercase letters, digits and underscores (starting with a
 * letter), so each test file gets its own stream, consumer and subject names.
 */
export const uniquePrefix = (label: string): string => `t_${sanitize(label, 24)}_${randomSuffix()}`;

/** A unique PostgreSQL identifier, `t_<label>_<random>`, within the 63-byte limit. */
export const uniqueDatabaseName = (label: string): string => `t_${sanitize(label, 40)}_${randomSuffix()}`;
