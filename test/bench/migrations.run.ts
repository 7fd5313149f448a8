import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { test } from 'vitest';
import { findBinDir, startCluster } from '../postgres/support/cluster';
import {
  type BenchResult,
  benchOnce,
  isolationLevels,
  prepareTemplate,
} from '../postgres/support/migrationBench';

// Run by `npm run bench:migrations` (scripts/benchMigrations.mjs), never by `npm test`.
const sizes = (process.env['BENCH_SIZES'] ?? '10000,100000,1000000').split(',').map(Number);
const runs = Number(process.env['BENCH_RUNS'] ?? '3');
const majors = (process.env['BENCH_MAJORS'] ?? '15,18').split(',');
const jsonFile = process.env['BENCH_JSON'];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const ms = (value: number) => (value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(1));

test(
  'the locked and the online migration, with writers of every live version, at every isolation level',
  async () => {
    const results: (BenchResult & { server: string; runs: number })[] = [];
    const lines = [
      `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB; ${runs} runs per figure, medians.`,
      '',
      '| server | users | isolation | variant | longest write wait (ms) | p99 wait (ms) | writes/s | migration (ms) | lost | duplicated | wait online / locked |',
      '| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ];
    for (const major of majors) {
      const binDir = findBinDir(major);
      if (!binDir) throw new Error(`no PostgreSQL ${major} server binaries`);
      const cluster = startCluster(binDir, ['shared_buffers=256MB', 'max_wal_size=4GB']);
      const server = cluster.version.replace(/^.*\) /, 'PostgreSQL ');
      try {
        for (const users of sizes) {
          const template = await prepareTemplate(cluster.url, users);
          for (const isolation of isolationLevels) {
            const row: Record<string, BenchResult & { server: string; runs: number }> = {};
            for (const variant of ['locked', 'online'] as const) {
              const each: BenchResult[] = [];
              for (let run = 0; run < runs; run++) {
                const result = await benchOnce(cluster.url, template, { variant, users, isolation });
                if (result.problems.length > 0)
                  console.log(`${variant} ${users} ${isolation}: ${result.problems.join('; ')}`);
                each.push(result);
              }
              const pick = (key: keyof BenchResult) => median(each.map((result) => Number(result[key])));
              row[variant] = {
                variant,
                historyRows: users,
                isolation,
                maxWaitMs: pick('maxWaitMs'),
                p99WaitMs: pick('p99WaitMs'),
                writesPerSecond: pick('writesPerSecond'),
                migrationMs: pick('migrationMs'),
                // Anything lost or duplicated in any run counts.
                lost: Math.max(...each.map((result) => result.lost)),
                duplicated: Math.max(...each.map((result) => result.duplicated)),
                server,
                runs,
              };
            }
            const { locked, online } = row;
            if (!locked || !online) continue;
            for (const result of [locked, online]) {
              results.push(result);
              const ratio = result === online ? (online.maxWaitMs / locked.maxWaitMs).toFixed(2) : '';
              lines.push(
                `| ${server} | ${users.toLocaleString('en')} | ${isolation} | ${result.variant} | ${ms(result.maxWaitMs)} | ${ms(result.p99WaitMs)} | ${Math.round(result.writesPerSecond)} | ${ms(result.migrationMs)} | ${result.lost} | ${result.duplicated} | ${ratio} |`,
              );
              console.log(lines.at(-1));
            }
          }
        }
      } finally {
        cluster.stop();
      }
    }
    console.log(`\n${lines.join('\n')}\n`);
    if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  },
  24 * 3600_000,
);
