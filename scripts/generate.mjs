// Generates, from spec/*.schema.json:
//  - src/generated/<kind>.ts: TypeScript types (json-schema-to-typescript);
//  - src/generated/validators.ts: ajv validators compiled ahead of time (ajv standalone), because
//    compiling the schemas at start-up costs ~150 ms, half of the cold `paws validate` budget.
// Run: npm run generate. A test fails when the committed files are stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { compile } from 'json-schema-to-typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
export const OUTPUT_DIR = `${root}src/generated`;

// [schema file, type name, types file, validator export]. Score files are upgraded and then handled
// as the paws workload shape, a superset, so they need no type of their own.
const SCHEMAS = [
  ['workload.schema.json', 'PawsWorkload', 'workload.ts', 'workload'],
  ['score-v1b1.schema.json', null, null, 'score'],
  ['environment.schema.json', 'EnvironmentDocument', 'environment.ts', 'environment'],
  ['resource-type.schema.json', 'ResourceTypeDocument', 'resource-type.ts', 'resourceType'],
  [
    'resource-definition.schema.json',
    'ResourceDefinitionDocument',
    'resource-definition.ts',
    'resourceDefinition',
  ],
  ['patch.schema.json', 'PatchDocument', 'patch.ts', 'patch'],
  ['policy.schema.json', 'PolicyDocument', 'policy.ts', 'policy'],
  ['config.schema.json', 'PawsConfig', 'config.ts', 'config'],
];

const header = (from) => `// GENERATED FILE: do not edit. Generated from ${from} by \`npm run generate\`
// (scripts/generate.mjs); a test fails when it is stale.
`;

/** The ajv options every schema is compiled with, ahead of time here and at run time for platform schemas. */
export function createAjv(extra = {}) {
  const ajv = new Ajv2020.default({
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    allErrors: true,
    ...extra,
  });
  ajv.addKeyword({ keyword: 'x-paws-secret', schemaType: 'boolean' });
  return ajv;
}

const readSchema = (file) => JSON.parse(readFileSync(`${root}spec/${file}`, 'utf8'));

/** Map of file name (in src/generated) to content. */
export async function generate() {
  const files = {};
  for (const [file, name, output] of SCHEMAS) {
    if (!name) continue;
    // The schema title would become the type name; the names above are the stable ones.
    const ts = await compile({ ...readSchema(file), title: name }, name, {
      bannerComment: '',
      additionalProperties: false,
      unreachableDefinitions: false,
      strictIndexSignatures: true,
      // minItems would make tuple types that repeat the item type; the schema still checks the count.
      ignoreMinAndMaxItems: true,
      style: { singleQuote: true, printWidth: 110 },
      cwd: `${root}spec`,
    });
    files[output] = `${header(`spec/${file}`)}\n${ts.trim()}\n`;
  }
  const ajv = createAjv({ verbose: true, code: { source: true, esm: true, lines: false } });
  const exports = {};
  for (const [file, , , exportName] of SCHEMAS) {
    const schema = readSchema(file);
    ajv.addSchema(schema);
    exports[exportName] = schema.$id;
  }
  // ajv's ESM output still require()s its string-length helper (length in code points, as JSON
  // Schema counts); define it inline so the validators need nothing from ajv at run time.
  const code = standaloneCode
    .default(ajv, exports)
    .replace(
      /const (func\d+) = require\("ajv\/dist\/runtime\/ucs2length"\)\.default;/,
      'const $1 = (s) => { let n = 0; for (const _ of s) n++; return n; };',
    );
  if (code.includes('require('))
    throw new Error('ajv standalone output has a require() that generate.mjs does not rewrite');
  files['validators.ts'] = `${header('spec/*.schema.json')}// @ts-nocheck\n${code}\n`;
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [name, content] of Object.entries(await generate())) {
    writeFileSync(`${OUTPUT_DIR}/${name}`, content);
    console.log(`wrote src/generated/${name}`);
  }
}
