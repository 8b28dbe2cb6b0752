// Interrupts `paws compile` of a generated monorepo at random points (kill -9, and SIGINT), then
// runs one more compile, and checks that the output folder equals what an uninterrupted compile of
// the same inputs makes, byte for byte, with nothing left beside it. Usage:
//   node scripts/interrupted-writes.mjs [--workloads 300] [--kills 20] [--interrupts 4] [--seed 1]
// Prints one line per try and a JSON summary; exits 1 on the first divergence.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout, clearTimeout } from 'node:timers';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, workloadYaml } from '../bench/generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const paws = path.join(root, 'bin/paws.js');

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

const workloads = option('workloads', 300);
const kills = option('kills', 20);
const interrupts = option('interrupts', 4);
let seed = option('seed', 1);
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

/** Two input states the tries alternate between: every file changes, and a tenth of the workloads go. */
function setState(repo, state) {
  for (let i = 0; i < workloads; i++) {
    const file = path.join(repo, 'services', `svc-${String(i).padStart(5, '0')}`, 'paws.yaml');
    const gone = state === 1 && i % 10 === 3;
    if (gone) rmSync(file, { force: true });
    else writeFileSync(file, workloadYaml(i, state));
  }
}

function compileArgs(out) {
  return [paws, 'compile', '--image', 'registry.example.com/x:1', ...(out ? ['--out', out] : [])];
}

function runToEnd(repo, out) {
  const run = spawnSync(process.execPath, compileArgs(out), { cwd: repo, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`paws compile failed (${run.status}): ${run.stderr}${run.stdout}`);
  return run.stdout;
}

/** Every file below a folder, relative path → content. */
function tree(dir, prefix = '') {
  const files = new Map();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [k, v] of tree(full, relative)) files.set(k, v);
    else files.set(relative, readFileSync(full, 'utf8'));
  }
  return files;
}

function difference(actual, expected) {
  for (const [file, content] of expected) {
    if (!actual.has(file)) return `missing ${file}`;
    if (actual.get(file) !== content) return `differs: ${file}`;
  }
  for (const file of actual.keys()) if (!expected.has(file)) return `extra ${file}`;
  return undefined;
}

const beside = (repo) => readdirSync(repo).filter((name) => name.startsWith('.out.paws-'));

/** Starts a compile and sends `signal` after `delay` ms; resolves with how it ended. */
function interrupted(repo, signal, delay) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, compileArgs(), { cwd: repo, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill(signal), delay);
    child.on('exit', (code, received) => {
      clearTimeout(timer);
      resolve(received ?? `exit ${code}`);
    });
  });
}

async function main() {
  const home = realpathSync(mkdtempSync(path.join(tmpdir(), 'paws-interrupted-')));
  const repo = path.join(home, 'repo');
  generate(repo, workloads);
  // What an uninterrupted compile makes of each state, after the other one: a workload that goes
  // leaves teardown modules, so the output depends on the previous output as well as the inputs.
  const reference = path.join(home, 'reference');
  const references = [];
  let full = 0;
  for (const state of [0, 1, 0, 1]) {
    setState(repo, state);
    const started = Date.now();
    runToEnd(repo, reference);
    full = Math.max(full, Date.now() - started);
    const snapshot = tree(reference);
    if (references[state] && difference(snapshot, references[state]))
      throw new Error(`state ${state} compiles to two outputs: ${difference(snapshot, references[state])}`);
    references[state] = snapshot;
  }
  setState(repo, 0);
  runToEnd(repo);
  const results = [];
  const tries = [
    ...Array.from({ length: kills }, () => 'SIGKILL'),
    ...Array.from({ length: interrupts }, () => 'SIGINT'),
  ];
  for (const [index, signal] of tries.entries()) {
    const state = (index + 1) % 2;
    setState(repo, state);
    const delay = Math.round(random() * full * 1.1);
    const ended = await interrupted(repo, signal, delay);
    const left = beside(repo);
    // After SIGINT paws cleans up before it exits: nothing may be left even before the next run.
    if (signal === 'SIGINT' && left.length > 0)
      throw new Error(`SIGINT at ${delay} ms left ${left.join(', ')}`);
    const recovered = runToEnd(repo);
    const problem = difference(tree(path.join(repo, 'out')), references[state]);
    const after = beside(repo);
    const line = { signal, delay, ended, leftBeside: left.length, next: recovered.trim(), problem, after };
    results.push(line);
    console.log(JSON.stringify(line));
    if (problem || after.length > 0) {
      console.error(
        `try ${index + 1}: ${problem ?? `left beside: ${after.join(', ')}`} (repo kept at ${repo})`,
      );
      process.exit(1);
    }
  }
  rmSync(home, { recursive: true, force: true });
  const killedMidway = results.filter((r) => r.ended === r.signal).length;
  console.log(
    JSON.stringify({
      workloads,
      fullCompileMs: full,
      tries: results.length,
      killedMidway,
      converged: results.length,
    }),
  );
}

await main();
