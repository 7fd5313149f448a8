// npm run bench:migrations [-- --json FILE] [--sizes 10000,100000] [--runs 3] [--majors 15,18]
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const env = { ...process.env };
for (const [name, variable] of [
  ['json', 'BENCH_JSON'],
  ['sizes', 'BENCH_SIZES'],
  ['runs', 'BENCH_RUNS'],
  ['majors', 'BENCH_MAJORS'],
]) {
  const value = option(name);
  if (value) env[variable] = value;
}
const vitest = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.bench.config.ts', '--silent=false'],
  { stdio: 'inherit', env },
);
process.exit(vitest.status ?? 1);
