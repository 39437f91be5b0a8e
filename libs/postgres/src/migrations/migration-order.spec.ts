import { MigrationsOutOfOrder } from './errors';
import { sqlMigration } from './migration';
import { assertOrdered } from './run-migrations';

const set = (...names: string[]) => ({
  component: 'notes',
  schema: 'notes',
  migrations: names.map((name) => sqlMigration(name, 'SELECT 1')),
});

describe('the order of a component migrations', () => {
  it('is the order of their names', () => expect(() => assertOrdered(set('0001-a', '0002-b', '0010-c'))).not.toThrow());
  it('refuses names out of order', () =>
    expect(() => assertOrdered(set('0002-b', '0001-a'))).toThrow(MigrationsOutOfOrder));
  it('refuses a name used twice', () =>
    expect(() => assertOrdered(set('0001-a', '0001-a'))).toThrow(MigrationsOutOfOrder));
});
