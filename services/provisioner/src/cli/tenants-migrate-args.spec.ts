import { DEFAULT_CONCURRENCY, parseTenantsMigrateArgs } from './tenants-migrate-args';

const run = (overrides: object = {}) => ({
  kind: 'run',
  tenants: undefined,
  concurrency: DEFAULT_CONCURRENCY,
  dryRun: false,
  ...overrides,
});

describe('the command line of tenants:migrate', () => {
  it('migrates every ACTIVE tenant without arguments', () => {
    expect(parseTenantsMigrateArgs([])).toEqual(run());
  });

  it('limits to the tenants named, as --tenant id or --tenant=id, repeatable', () => {
    expect(parseTenantsMigrateArgs(['--tenant=acme'])).toEqual(run({ tenants: ['acme'] }));
    expect(parseTenantsMigrateArgs(['--tenant', 'acme', '--tenant=beta', '--tenant', 'acme'])).toEqual(
      run({ tenants: ['acme', 'beta'] }),
    );
  });

  it('takes a concurrency and a dry run', () => {
    expect(parseTenantsMigrateArgs(['--concurrency', '8', '--dry-run'])).toEqual(run({ concurrency: 8, dryRun: true }));
    expect(parseTenantsMigrateArgs(['--concurrency=1'])).toEqual(run({ concurrency: 1 }));
  });

  it('answers --help and -h with the usage, whatever else is given', () => {
    expect(parseTenantsMigrateArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseTenantsMigrateArgs(['--tenant', 'acme', '-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--tenant'], /--tenant.*argument missing/],
    [['--tenant', '--dry-run'], /--tenant.*ambiguous/],
    [['--tenant='], /--tenant needs a tenant id/],
    [['acme'], /Unexpected argument 'acme'/],
    [['--concurrency', 'four'], /--concurrency takes a whole number from 1 to 64, not 'four'/],
    [['--concurrency', '0'], /not '0'/],
    [['--concurrency', '2.5'], /not '2.5'/],
    [['--dry-run=yes'], /--dry-run.*does not take an argument/],
  ])('refuses %j, saying what is wrong', (argv, problem) => {
    const parsed = parseTenantsMigrateArgs(argv);
    expect(parsed.kind).toBe('invalid');
    expect((parsed as { problem: string }).problem).toMatch(problem);
  });
});
