// Writes dist/help.txt: what `paws --help` prints, so bin/paws.js can print it without loading the
// CLI (commander and the command table are most of that command's ~25 ms above node's own start).
import { writeFileSync } from 'node:fs';
import { main } from '../dist/cli/main.js';

let text = '';
const code = await main(['--help'], {
  stdout: (chunk) => (text += chunk),
  stderr: (chunk) => process.stderr.write(chunk),
  env: () => undefined,
  isTTY: false,
});
if (code !== 0 || text === '') throw new Error(`paws --help exited ${code} with ${text.length} characters`);
writeFileSync(new URL('../dist/help.txt', import.meta.url), text);
console.log('wrote dist/help.txt');
