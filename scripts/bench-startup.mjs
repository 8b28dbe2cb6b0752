// Cold start-up of the CLI, measured as users feel it: a new node process each run.
// Reports median and min wall time over RUNS runs beside the floor of starting node itself.
// Usage: npm run bench:startup [-- --runs 15]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 15;

const commands = [
  ['floor: node -e 0', ['-e', '0']],
  ['paws --help', ['bin/paws.js', '--help']],
  [
    'paws validate --schema-only (one file)',
    [
      'bin/paws.js',
      'validate',
      '--schema-only',
      'examples/shop/services/worker/paws.yaml',
      '--platform',
      'examples/shop/platform',
    ],
  ],
  [
    'paws validate (shop example)',
    ['bin/paws.js', 'validate', 'examples/shop', '--platform', 'examples/shop/platform', '--image', 'x'],
  ],
];

function measure(args) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0] };
}

console.log(`node ${process.version}, ${RUNS} runs each\n`);
console.log('| command | median ms | min ms |');
console.log('|---|---:|---:|');
for (const [name, args] of commands) {
  const { median, min } = measure(args);
  console.log(`| ${name} | ${median.toFixed(1)} | ${min.toFixed(1)} |`);
}
