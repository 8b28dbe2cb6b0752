// The floor of the performance issue: read and parse every input YAML file with the same library,
// then write as many bytes as paws compile produced, in files of about 64 KB. What any tool must do
// with these inputs and this much output, whatever its file layout.
import { Buffer } from 'node:buffer';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { walk } from './walk.mjs';
import { parseAllDocuments } from 'yaml';

const [inputDir, outputDir, targetDir] = process.argv.slice(2);
let documents = 0;
for (const file of walk(inputDir, [outputDir, targetDir]).filter((f) => f.endsWith('.yaml')))
  documents += parseAllDocuments(readFileSync(file, 'utf8')).length;
const bytes = walk(outputDir, []).reduce((sum, file) => sum + statSync(file).size, 0);
const chunk = Buffer.alloc(64 * 1024, 'x');
mkdirSync(targetDir, { recursive: true });
let files = 0;
for (let written = 0; written < bytes; written += chunk.length, files++)
  writeFileSync(
    path.join(targetDir, `part-${files}.txt`),
    chunk.subarray(0, Math.min(chunk.length, bytes - written)),
  );
process.stderr.write(`floor: ${documents} documents, ${bytes} bytes in ${files} files\n`);
