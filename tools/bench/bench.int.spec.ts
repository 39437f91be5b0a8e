import { runBench } from './src/run-bench';

/**
 * The benchmark's smoke run (tiny sizes, every measure, every peer) inside `npm test`,
 * so the harness cannot rot. It checks that each measure produced its figures, not
 * what they are: a shared CI machine is no place to judge performance. Every peer
 * includes BullMQ: the bench uses the Redis on 127.0.0.1:6379 (or installs and starts
 * one), and a skipped BullMQ fails this test rather than passing with fewer peers.
 */
describe('tools/bench smoke run', () => {
  it('runs every measure against Tenantry and its peers and reports a row for each', async () => {
    const { report } = await runBench({ smoke: true, resultsDir: null, quiet: true });
    expect(report.failures).toEqual({});
    const measures = new Set(report.rows.map((row) => row.measure));
    expect([...measures].sort()).toEqual([
      '1 accept',
      '2 notify',
      '3 throughput',
      '4 provisioning',
      '5 rebuild',
      '6 subscribers',
      '7 pages',
    ]);
    for (const row of report.rows) {
      expect(row.tenantry).toMatch(/\d/);
      expect(['met', 'missed', 'n/a']).toContain(row.verdict);
    }
    const details = report.details as Record<string, any>;
    expect(details['1 accept'].pgBossSend.n).toBeGreaterThan(0);
    expect(details['2 notify'].pgBossListenNotify.n).toBeGreaterThan(0);
    expect(details['3 throughput'].pgBossOpsPerSecond).toBeGreaterThan(0);
    expect(details['2 notify'].bullmq.n).toBeGreaterThan(0);
    expect(details['3 throughput'].bullmqOpsPerSecond).toBeGreaterThan(0);
    expect(details['5 rebuild'].processed).toBe(details['5 rebuild'].events);
    expect(details['6 subscribers'].connectionsReached).toBe(details['6 subscribers'].connectionsTarget);
  }, 300_000);
});
