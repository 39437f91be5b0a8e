import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { MeasureResult, Row } from './context';

export interface BenchReport {
  date: string;
  smoke: boolean;
  seconds: number;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string };
  versions: Record<string, string>;
  rows: Row[];
  notes: string[];
  details: Record<string, unknown>;
  failures: Record<string, string>;
}

const escape = (text: string) => text.replace(/\|/g, '\\|');

export function markdownTable(rows: Row[]): string {
  const head =
    '| measure | what | Tenantry | peers | ratio (Tenantry ÷ peer) | target | verdict |\n|---|---|---|---|---|---|---|';
  const lines = rows.map(
    (r) =>
      `| ${[r.measure, r.metric, r.tenantry, r.peers, r.ratio, r.target, r.verdict === 'met' ? '✅ met' : r.verdict === 'missed' ? '❌ missed' : 'n/a'].map(escape).join(' | ')} |`,
  );
  return [head, ...lines].join('\n');
}

export function markdownReport(report: BenchReport): string {
  const versions = Object.entries(report.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const failures = Object.entries(report.failures).map(([k, v]) => `- **${k} failed**: ${v}`);
  return [
    `# Tenantry benchmark, ${report.date}${report.smoke ? ' (smoke: tiny sizes, not figures)' : ''}`,
    '',
    `${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}; ${versions}. Whole run ${report.seconds.toFixed(0)} s.`,
    'Compare ratios within one run, never absolute times across runs.',
    '',
    markdownTable(report.rows),
    '',
    ...report.notes.map((n) => `- ${n}`),
    ...failures,
    '',
  ].join('\n');
}

export function machine(): BenchReport['machine'] {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.versions.node,
  };
}

export function writeReport(report: BenchReport, directory: string): { json: string; markdown: string } {
  mkdirSync(directory, { recursive: true });
  const stamp = report.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const json = join(directory, `${stamp}.json`);
  const markdown = join(directory, `${stamp}.md`);
  writeFileSync(json, `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
  writeFileSync(markdown, markdownReport(report));
  return { json, markdown };
}

export function merge(
  into: { rows: Row[]; notes: string[]; details: Record<string, unknown> },
  key: string,
  result: MeasureResult,
): void {
  into.rows.push(...result.rows);
  into.notes.push(...result.notes);
  into.details[key] = result.details;
}
