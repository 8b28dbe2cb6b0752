#!/usr/bin/env node
import { readFileSync, writeSync } from 'node:fs';

/** `paws --help` prints the text the build took from the CLI (dist/help.txt) without loading it. */
function printBuiltHelp(argv) {
  if (argv.length !== 1 || (argv[0] !== '--help' && argv[0] !== '-h')) return false;
  let text;
  try {
    text = readFileSync(new URL('../dist/help.txt', import.meta.url), 'utf8');
  } catch {
    return false;
  }
  try {
    writeSync(1, text);
  } catch (error) {
    // A reader that closed the pipe early: end quietly, as the CLI does. Anything else (nothing
    // was written): the CLI prints the help itself.
    return error?.code === 'EPIPE';
  }
  return true;
}

const argv = process.argv.slice(2);
if (!printBuiltHelp(argv)) {
  const { main } = await import('../dist/bundle/cli.js');
  process.exitCode = await main(argv);
}
