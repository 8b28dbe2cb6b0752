// Generates, from spec/*.schema.json:
//  - src/generated/<kind>.ts: TypeScript types (json-schema-to-typescript);
//  - src/generated/validators/<kind>.cjs: ajv validators compiled ahead of time (ajv standalone), because
//    compiling the schemas at start-up costs ~150 ms, half of the cold `paws validate` budget.
// Run: npm run generate. A test fails when the committed files are stale.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  // One CommonJS file per kind, each holding what its schema needs: a command loads (and V8 parses)
  // only the validators of the kinds it meets, synchronously, on first use.
  const ajv = createAjv({ verbose: true, code: { source: true, esm: false, lines: false } });
  const ids = {};
  for (const [file, , , exportName] of SCHEMAS) {
    const schema = readSchema(file);
    ajv.addSchema(schema);
    ids[exportName] = schema.$id;
  }
  for (const [file, , , exportName] of SCHEMAS) {
    // ajv's output require()s its string-length helper (length in code points, as JSON Schema
    // counts); it is defined inline so the validators need nothing from ajv at run time.
    const code = standaloneCode
      .default(ajv, { validate: ids[exportName] })
      .replace(
        /const (func\d+) = require\("ajv\/dist\/runtime\/ucs2length"\)\.default;/,
        'const $1 = (s) => { let n = 0; for (const _ of s) n++; return n; };',
      );
    if (code.includes('require('))
      throw new Error('ajv standalone output has a require() that generate.mjs does not rewrite');
    files[`validators/${exportName}.cjs`] = `${header(`spec/${file}`)}${code}\n`;
  }
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(`${OUTPUT_DIR}/validators`, { recursive: true });
  rmSync(`${OUTPUT_DIR}/validators.ts`, { force: true });
  for (const [name, content] of Object.entries(await generate())) {
    writeFileSync(`${OUTPUT_DIR}/${name}`, content);
    console.log(`wrote src/generated/${name}`);
  }
}
