#!/usr/bin/env node
// CommonJS (see bin/package.json), as is the CLI's bundle: Node loads CommonJS faster than ES modules.
const { readFileSync, writeSync } = require('node:fs');
const path = require('node:path');

/** `paws --help` prints the text the build took from the CLI (dist/help.txt) without loading it. */
function printBuiltHelp(argv) {
  if (argv.length !== 1 || (argv[0] !== '--help' && argv[0] !== '-h')) return false;
  let text;
  try {
    text = readFileSync(path.join(__dirname, '../dist/help.txt'), 'utf8');
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
  const { main } = require('../dist/bundle/cli.cjs');
  main(argv).then((code) => {
    process.exitCode = code;
  });
}
