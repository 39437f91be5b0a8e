import { spawnSync } from 'node:child_process';
import { FULL } from './context';
import { markdownTable } from './report';
import { runBench } from './run-bench';
import { openFilesLimit } from './measures/subscribers';

/**
 * `npm run bench` (`--smoke` or BENCH_SMOKE=1 for tiny sizes; `--only=1,3` for some
 * measures; `--sockets=N` for measure 6's connections). 50,000 sockets need more open
 * files than a default shell allows: when the limit is low, the bench runs itself again
 * under `ulimit -n` raised as far as allowed, and the gateway it starts inherits it.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const smoke = args.includes('--smoke') || process.env.BENCH_SMOKE === '1';
  const onlyArg = args.find((a) => a.startsWith('--only='));
  const only = onlyArg ? onlyArg.slice('--only='.length).split(',').map(Number) : undefined;
  const socketsArg = args.find((a) => a.startsWith('--sockets='));
  const sockets = socketsArg ? Number(socketsArg.slice('--sockets='.length)) : undefined;
  const wanted = sockets ?? FULL.subscriberConnections;

  if (!smoke && openFilesLimit() < wanted + 1_000 && !process.env.BENCH_REEXEC) {
    const script = `ulimit -n ${wanted + 10_000} 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"`;
    const result = spawnSync('sh', ['-c', script, process.execPath, ...process.execArgv, __filename, ...args], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_REEXEC: '1' },
    });
    process.exit(result.status ?? 1);
  }

  const { report, files } = await runBench({
    smoke,
    only,
    sizes: sockets ? { subscriberConnections: sockets } : undefined,
    resultsDir: process.env.BENCH_RESULTS_DIR,
  });
  process.stdout.write(`\n${markdownTable(report.rows)}\n\n`);
  for (const note of report.notes) process.stdout.write(`- ${note}\n`);
  for (const [key, why] of Object.entries(report.failures)) process.stdout.write(`- ${key} FAILED: ${why}\n`);
  if (files) process.stdout.write(`\nResults: ${files.markdown}\n         ${files.json}\n`);
  process.exit(Object.keys(report.failures).length > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`\nbench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
