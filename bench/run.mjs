// npm run bench [-- --sizes 1000,5000 --runs 3]: measures paws on synthetic monorepos beside a
// floor measured in the same run, and writes bench/results.json and bench/results.md.
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, workloadYaml } from './generate.mjs';
import { walk } from './walk.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(repo, 'bin/paws.js');
const usage = path.join(repo, 'bench/usage.cjs');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg('sizes', '1000,5000').split(',').map(Number);
const runs = Number(arg('runs', '3'));

/** `args` may be a function of the run's index: each run of a write then gets a folder of its own. */
function measure(args, cwd, expectCodes = [0], times = runs) {
  const samples = [];
  for (let i = 0; i < times; i++) {
    const argv = typeof args === 'function' ? args(i) : args;
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ['--require', usage, ...argv], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (!expectCodes.includes(run.status))
      throw new Error(`${argv.join(' ')} exited ${run.status}:\n${run.stderr.slice(-3000)}`);
    const reported = JSON.parse(/BENCH_USAGE=(.*)/.exec(run.stderr)?.[1] ?? '{}');
    samples.push({ wallMs, cpuMs: reported.cpuMs, maxRssMiB: reported.maxRssKiB / 1024 });
  }
  return median(samples);
}

const median = (samples) => {
  const sorted = [...samples].sort((a, b) => a.wallMs - b.wallMs);
  return sorted[Math.floor(sorted.length / 2)];
};

/**
 * Commands measured by turns (a, b, a, b, …), each `times` runs, median each: the target is a ratio
 * of two of them, and this machine's speed drifts over minutes, so both sides see the same drift.
 */
function measureByTurns(commands, cwd, times) {
  const samples = commands.map(() => []);
  for (let i = 0; i < times; i++)
    commands.forEach((args, k) => samples[k].push(measure(() => args(i), cwd, [0], 1)));
  return samples.map(median);
}

const POLICIES = `apiVersion: paws.dev/v1
kind: Policy
metadata: { name: bench }
spec:
  rules:
    - { name: registry, for: container, expression: "container.registry == 'registry.example.com'", message: m }
    - { name: pinned, for: container, expression: "!container.latest", message: m }
    - { name: pods, for: workload, expression: "workload.replicas == null || workload.replicas >= 1", message: m }
    - { name: classes, for: resource, expression: "resource.class in ['default', 'small']", message: m }
    - { name: sizes, for: resource, expression: "!has(resource.params.instanceClass) || resource.params.instanceClass.startsWith('db.')", message: m }
`;

/** How many Terraform root modules a compile wrote, and the largest (issue: under 100 KB at N = 1,000). */
function terraformModules(out) {
  const modules = walk(out)
    .filter((file) => file.endsWith('main.tf.json'))
    .map((file) => ({ file: path.relative(out, file), bytes: statSync(file).size }));
  const largest = modules.reduce((a, b) => (b.bytes > a.bytes ? b : a), { file: '', bytes: 0 });
  return { count: modules.length, largestKiB: largest.bytes / 1024, largest: largest.file };
}

const results = {
  machine: {
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  runs,
  sizes: [],
};
for (const n of sizes) {
  const dir = mkdtempSync(path.join(tmpdir(), `paws-bench-${n}-`));
  // Every timed write goes to a folder that never existed, outside the project: a first compile in
  // CI writes into a fresh checkout. Deleting the previous output just before would time the file
  // system instead (ext4 scans recently deleted inodes while creating new ones: measured up to 5x).
  const outputs = `${dir}.outputs`;
  const fresh = (name) => (i) => path.join(outputs, `${name}-${i}`);
  try {
    generate(dir, n);
    // Large sizes take minutes per command: one run each there.
    const times = n >= 5000 ? 1 : runs;
    const row = { n, runs: times };
    const out = path.join(outputs, 'compile-0');
    // Node's own start-up, beside which --help and validate of one file are read: quick, so by turns
    // and with every run at every size (one run of each was at the mercy of this machine's moods).
    [row.node, row.help, row.validateOne] = measureByTurns(
      [() => ['-e', '0'], () => [cli, '--help'], () => [cli, 'validate', 'services/svc-00001/paws.yaml']],
      dir,
      runs,
    );
    row.validate = measure([cli, 'validate'], dir, [0], times);
    // The first compile and its floor, by turns, three runs each at every size: the target is their ratio.
    const floorArgs = (script, name) => (i) => [path.join(repo, 'bench', script), dir, out, fresh(name)(i)];
    [row.compile, row.floor64] = measureByTurns(
      [(i) => [cli, 'compile', '--out', fresh('compile')(i)], floorArgs('floor64.mjs', 'floor64')],
      dir,
      runs,
    );
    row.terraform = terraformModules(out);
    // The same compile with five policy rules over every container, workload and resource (all pass).
    writeFileSync(path.join(dir, 'platform/bench-policies.yaml'), POLICIES);
    // validate runs every check compile runs but writes nothing: the cost of policies without disk noise.
    row.validatePolicies = measure([cli, 'validate'], dir, [0], times);
    row.compilePolicies = measure((i) => [cli, 'compile', '--out', fresh('policies')(i)], dir, [0], times);
    rmSync(path.join(dir, 'platform/bench-policies.yaml'));
    row.recompile = measure([cli, 'compile', '--out', out], dir, [0], times);
    row.diffNoChange = measure([cli, 'diff', '--out', out], dir, [0], times);
    writeFileSync(path.join(dir, 'services/svc-00001/paws.yaml'), workloadYaml(1, 1));
    row.diffOneChanged = measure([cli, 'diff', '--out', out], dir, [2], times);
    row.floor = measure(floorArgs('floor.mjs', 'floor'), dir, [0], times);
    results.sizes.push(row);
    console.log(JSON.stringify(row));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outputs, { recursive: true, force: true });
  }
  // Let the file system forget what was just deleted before the next size is measured.
  spawnSync('sync');
  await sleep(35_000);
}
// The installed size, as a user installs the package (needs the npm registry).
const install = spawnSync(process.execPath, [path.join(repo, 'bench/install-size.mjs')], {
  encoding: 'utf8',
});
results.install = install.status === 0 ? JSON.parse(install.stdout) : { error: install.stderr.slice(-500) };
writeFileSync(path.join(repo, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);

const f = (x) => (x === undefined ? '–' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const lines = [
  '# Benchmark results',
  '',
  `Measured by \`npm run bench\` on ${results.machine.cores} cores (${results.machine.cpu}), ${results.machine.memoryGiB} GiB, Node ${results.machine.node}; median of ${runs} runs (1 run at N ≥ 5,000, except start-up, the first compile and the 64 KB floor: ${runs} runs by turns at every size), each a new process. Wall and CPU in ms, peak RSS in MiB. The floor reads and parses the same input files with the same YAML library and writes as many bytes as paws compile wrote, in files of about 64 KB; "same files" writes paws's own files (the same count, paths and bytes). Every timed write (compiles and floors) goes to a folder that never existed: nothing is deleted just before a run.`,
  '',
  '| N | command | wall | CPU | peak RSS | wall ÷ floor |',
  '|---:|---|---:|---:|---:|---:|',
];
for (const row of results.sizes) {
  for (const [key, label] of [
    ['node', 'node -e 0 (start-up floor)'],
    ['help', 'paws --help (cold)'],
    ['validateOne', 'paws validate (one file)'],
    ['validate', 'paws validate (everything)'],
    ['compile', 'paws compile (3 environments, first)'],
    ['compilePolicies', 'paws compile with 5 policy rules'],
    ['validatePolicies', 'paws validate with 5 policy rules'],
    ['recompile', 'paws compile, nothing changed'],
    ['diffNoChange', 'paws diff, no change'],
    ['diffOneChanged', 'paws diff, one workload changed'],
    ['floor', 'floor, same files'],
    ['floor64', 'floor (64 KB files)'],
  ]) {
    const m = row[key];
    if (!m) continue;
    lines.push(
      `| ${row.n} | ${label} | ${f(m.wallMs)} | ${f(m.cpuMs)} | ${f(m.maxRssMiB)} | ${key === 'floor64' ? '1' : (m.wallMs / row.floor64.wallMs).toFixed(1)} |`,
    );
  }
}
lines.push('', '| N | Terraform root modules | largest | KiB |', '|---:|---:|---|---:|');
for (const row of results.sizes)
  lines.push(
    `| ${row.n} | ${row.terraform.count} | ${row.terraform.largest} | ${f(row.terraform.largestKiB)} |`,
  );
const added = (a, b) => `${(((b - a) / a) * 100).toFixed(1)}%`;
lines.push(
  '',
  '| N | command | without policies | with 5 policy rules | policies add (wall) | policies add (CPU) |',
  '|---:|---|---:|---:|---:|---:|',
);
for (const row of results.sizes)
  for (const [plain, withPolicies, label] of [
    ['validate', 'validatePolicies', 'paws validate'],
    ['compile', 'compilePolicies', 'paws compile'],
  ])
    lines.push(
      `| ${row.n} | ${label} | ${f(row[plain].wallMs)} | ${f(row[withPolicies].wallMs)} | ${added(row[plain].wallMs, row[withPolicies].wallMs)} | ${added(row[plain].cpuMs, row[withPolicies].cpuMs)} |`,
    );
if (results.sizes.length > 1) {
  lines.push('', '| from N to N | compile wall grows | N grows |', '|---|---:|---:|');
  for (let i = 1; i < results.sizes.length; i++) {
    const a = results.sizes[i - 1];
    const b = results.sizes[i];
    lines.push(
      `| ${a.n} → ${b.n} | ×${(b.compile.wallMs / a.compile.wallMs).toFixed(1)} | ×${(b.n / a.n).toFixed(0)} |`,
    );
  }
}
lines.push(
  '',
  results.install.installMiB === undefined
    ? 'Installed size: not measured (npm pack or npm install failed).'
    : `Installed size (\`npm pack\`, then \`npm install --omit=dev\` of the tarball): ${results.install.installMiB} MiB in ${results.install.packages.length} packages; the tarball is ${results.install.packMiB} MiB.`,
);
writeFileSync(path.join(repo, 'bench/results.md'), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
