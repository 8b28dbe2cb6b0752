// Removes the output folder, then runs paws compile in this same process, so the measurement is of a
// first compile (no unchanged files to skip) and the removal is not timed by the parent separately.
import { rmSync } from 'node:fs';

const [cli, out] = process.argv.slice(2);
rmSync(out, { recursive: true, force: true });
process.argv = [process.argv[0], cli, 'compile', '--out', out];
const { main } = await import(new URL('../dist/cli/main.js', import.meta.url).href);
process.exitCode = await main(['compile', '--out', out]);
