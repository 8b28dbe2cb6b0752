import { readFileSync } from 'node:fs';

/**
 * The arguments of the Terraform provider blocks paws knows (the AWS resources and data sources the
 * built-in catalog writes, extracted from the provider by scripts/extract-aws-schema.mjs into
 * spec/upstream/terraform-aws.json): names, which are required, which are nested blocks.
 */
const FILE = new URL('../../spec/upstream/terraform-aws.json', import.meta.url);

type Field = { required: boolean; kind: string; nesting?: 'list' | 'single'; block?: Block };
type Block = Record<string, Field>;
let blocks: Record<string, Block> | undefined;

/** Terraform's own arguments, which every resource and data block takes. */
const META_ARGUMENTS = new Set(['depends_on', 'count', 'for_each', 'provider', 'lifecycle']);

/** The schema's source (provider and version), for messages and tests. */
export function terraformSchemaSource(): string {
  return (JSON.parse(readFileSync(FILE, 'utf8')) as { source: string }).source;
}

function schemaOf(section: 'resource' | 'data', type: string): Block | undefined {
  blocks ??= (JSON.parse(readFileSync(FILE, 'utf8')) as { blocks: Record<string, Block> }).blocks;
  return blocks[`${section}.${type}`];
}

/**
 * What Terraform would refuse in one block's arguments (`resource.aws_s3_bucket.x: "bukket" is not an
 * argument of this block`); undefined when the block type is not one the bundled schema holds.
 */
export function terraformBlockProblems(
  section: 'resource' | 'data',
  type: string,
  value: Record<string, unknown>,
  at: string,
): string[] | undefined {
  const block = schemaOf(section, type);
  return block ? check(value, block, at) : undefined;
}

function check(value: Record<string, unknown>, block: Block, at: string): string[] {
  const problems: string[] = [];
  for (const [name, field] of Object.entries(block))
    if (field.required && !(name in value)) problems.push(`${at}: required argument "${name}" is missing`);
  for (const [name, arg] of Object.entries(value)) {
    const field = block[name];
    if (!field) {
      if (!META_ARGUMENTS.has(name)) problems.push(`${at}: "${name}" is not an argument of this block`);
      continue;
    }
    if (name.endsWith('_wo') && block[`${name}_version`] && !(`${name}_version` in value))
      problems.push(`${at}: write-only "${name}" without "${name}_version"`);
    if (field.kind === 'block') {
      // Terraform JSON takes a nested block as an object or a list of objects.
      const items = Array.isArray(arg) ? arg : [arg];
      if (!items.every((i) => i && typeof i === 'object' && !Array.isArray(i)))
        problems.push(`${at}.${name}: a nested block is an object or a list of objects`);
      else if (field.block)
        items.forEach((item, i) =>
          problems.push(
            ...check(item as Record<string, unknown>, field.block as Block, `${at}.${name}[${i}]`),
          ),
        );
    } else if (arg && typeof arg === 'object' && !Array.isArray(arg) && field.kind !== 'map')
      problems.push(`${at}.${name}: "${name}" is an argument (${field.kind}), not a block`);
  }
  return problems;
}
