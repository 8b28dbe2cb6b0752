// The floor: what any tool must do with the same inputs and outputs. Reads and parses every input
// YAML file with the same library, then writes the same output bytes as paws compile produced.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { walk } from './walk.mjs';
import { parseAllDocuments } from 'yaml';

const [inputDir, outputDir, targetDir] = process.argv.slice(2);
let documents = 0;
for (const file of walk(inputDir, [outputDir, targetDir]).filter((f) => f.endsWith('.yaml')))
  documents += parseAllDocuments(readFileSync(file, 'utf8')).length;
const outputs = walk(outputDir).map((file) => [path.relative(outputDir, file), readFileSync(file)]);
for (const [relative, content] of outputs) {
  mkdirSync(path.dirname(path.join(targetDir, relative)), { recursive: true });
  writeFileSync(path.join(targetDir, relative), content);
}
process.stderr.write(`floor: ${documents} documents, ${outputs.length} files\n`);
