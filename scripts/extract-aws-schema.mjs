// Extracts the argument schema of the AWS resources and data sources the built-in definitions emit
// from the generated @cdktf/provider-aws package (a devDependency): argument names, which are
// required, which are nested blocks and what they hold. Writes spec/upstream/terraform-aws.json,
// which paws definitions check and test/aws-provider-schema.test.ts check Terraform blocks against.
// Run: node scripts/extract-aws-schema.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const pkgDir = path.dirname(require.resolve('@cdktf/provider-aws/package.json'));
const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));

/** Every `aws_*` block type the built-in catalog writes, as "resource.aws_x" or "data.aws_x". */
function catalogTypes() {
  const text = readFileSync(path.join(repo, 'catalog/definitions/aws.yaml'), 'utf8');
  const types = new Set();
  for (const section of ['resource', 'data']) {
    for (const match of text.matchAll(/"(aws_[a-z0-9_]+)": \{\s*\n?\s*"\{\{/g)) {
      const before = text.slice(0, match.index);
      const opened = Math.max(before.lastIndexOf('"resource": {'), before.lastIndexOf('"data": {'));
      if (before.slice(opened).startsWith(`"${section}"`)) types.add(`${section}.${match[1]}`);
    }
  }
  // Written by paws itself: the publication of outputs to AWS Secrets Manager.
  types.add('resource.aws_secretsmanager_secret');
  types.add('resource.aws_secretsmanager_secret_version');
  return [...types].sort();
}

/** `attrs = { name: { value: …, isBlock, type, storageClassType } }` entries after an offset. */
function attributesAt(js, offset) {
  const start = js.indexOf('const attrs = {', offset);
  const end = js.indexOf('\n        };', start) > 0 ? js.indexOf('};\n', start) : -1;
  const body = js.slice(start, end);
  const entries = [];
  const entry =
    /(\w+): \{\s*value: ([^\n]+),\s*isBlock: (true|false),\s*type: "(\w+)",\s*storageClassType: "(\w+)",\s*\}/g;
  for (const m of body.matchAll(entry)) {
    const call = /(\w+)ToHclTerraform\b/.exec(m[2]);
    const camel = /(?:this\._|struct\.)(\w+)/.exec(m[2])?.[1];
    entries.push({ name: m[1], block: m[3] === 'true', type: m[4], camel, nested: call?.[1] });
  }
  return entries;
}

/** Properties of an interface in the .d.ts: name → required. */
function interfaceFields(dts, name) {
  const start = dts.indexOf(`export interface ${name} `);
  if (start < 0) return new Map();
  const body = dts.slice(start, dts.indexOf('\n}', start));
  return new Map([...body.matchAll(/readonly (\w+)(\?)?:/g)].map((m) => [m[1], m[2] !== '?']));
}

function describe(js, dts, offset, interfaceName) {
  const required = interfaceFields(dts, interfaceName);
  const out = {};
  for (const a of attributesAt(js, offset)) {
    const field = { required: required.get(a.camel) ?? false, kind: a.block ? 'block' : a.type };
    if (a.block && a.nested) {
      const fn = js.indexOf(`function ${a.nested}ToHclTerraform(`);
      const struct = a.nested[0].toUpperCase() + a.nested.slice(1);
      field.nesting = a.type === 'set' || a.type === 'list' ? 'list' : 'single';
      field.block = describe(js, dts, fn, struct);
    }
    out[a.name] = field;
  }
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => (x < y ? -1 : 1)));
}

const schema = {
  source:
    `${pkg.name}@${pkg.version} (generated from the hashicorp/aws provider ${pkg.cdktf?.provider?.version ?? ''})`.trim(),
  blocks: {},
};
for (const type of catalogTypes()) {
  const [section, name] = type.split('.');
  // The package names folders without the provider prefix, except for data sources (data-aws-…).
  const dir = section === 'data' ? `data-${name.replace(/_/g, '-')}` : name.slice(4).replace(/_/g, '-');
  const js = readFileSync(path.join(pkgDir, 'lib', dir, 'index.js'), 'utf8');
  const dts = readFileSync(path.join(pkgDir, 'lib', dir, 'index.d.ts'), 'utf8');
  const configName = /export interface (\w+Config) extends cdktf\.TerraformMetaArguments/.exec(dts)?.[1];
  schema.blocks[type] = describe(js, dts, js.indexOf('synthesizeHclAttributes() {'), configName);
}
const target = path.join(repo, 'spec/upstream/terraform-aws.json');
writeFileSync(target, `${JSON.stringify(schema, null, 1)}\n`);
console.log(`wrote ${path.relative(repo, target)}: ${Object.keys(schema.blocks).length} block types`);
