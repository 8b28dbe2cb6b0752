import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../compiler/diagnostics.js';
import { locate } from '../compiler/load/index.js';
import { literal, type Value } from '../compiler/values.js';
import { readTemplate } from '../util/terraform-text.js';
import type { CdktfModule, synthesize } from './cdktf-runtime.js';
import type { Driver, DriverInput } from './types.js';

/** What a project installs to use the cdktf driver (the versions paws is tested with). */
const CDKTF_PACKAGES = 'cdktf@0.21.0 constructs@^10.4.2 @cdktf/provider-aws@^21';

/** The package a failed import could not find, when it is one of cdktf's. */
export function missingPeer(error: unknown): string | undefined {
  if ((error as { code?: unknown } | null)?.code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  const name = /Cannot find (?:package|module) '([^']+)'/.exec(String((error as Error).message))?.[1];
  const known = ['cdktf', 'constructs', '@cdktf/provider-aws'];
  return known.find(
    (pkg) => name === pkg || name?.startsWith(`${pkg}/`) || name?.includes(`/node_modules/${pkg}/`),
  );
}

function moduleUrl(input: DriverInput): string {
  const specifier = input.definition.spec.driver.module ?? '';
  const dir = input.definition.document.source.path.replace(/\/[^/]*$/, '');
  return pathToFileURL(`${dir}/${specifier}`).href;
}

const modules = new Map<string, Promise<CdktfModule>>();

/** The module of a definition, imported once per process. */
function loadModule(input: DriverInput): Promise<CdktfModule> {
  const url = moduleUrl(input);
  let load = modules.get(url);
  if (!load) {
    load = import(url).then((m: { default?: unknown }) => {
      if (typeof m.default !== 'function')
        throw new Error('the module has no default export function (scope, input) => outputs');
      return m.default as CdktfModule;
    });
    modules.set(url, load);
  }
  return load;
}

/** Runs the module in a cdktf app and synthesizes its stack (the input in the Terraform dialect). */
async function synthesized(input: DriverInput): ReturnType<typeof synthesize> {
  const [module, runtime] = await Promise.all([loadModule(input), import('./cdktf-runtime.js')]);
  return runtime.synthesize(module, {
    resource: input.resource,
    params: input.params,
    environment: {
      name: input.environment.name,
      type: input.environment.type,
      // Already Terraform text: the cdktf driver gets its input in the Terraform dialect.
      ...(input.environment.dns ? { dns: input.environment.dns } : {}),
    },
    workloads: input.workloads,
    requires: input.requires,
    generate: (output) => {
      const reference = input.generated[output];
      if (!reference)
        throw new Error(
          `output "${output}" is not declared { generate: password } in the definition's outputs`,
        );
      return reference;
    },
  });
}

/** A module's output as a value: a live Terraform expression, a secretRef, a generated secret or a literal. */
function outputValue(input: DriverInput, name: string, value: unknown): Value {
  const read = typeof value === 'string' ? readTemplate(value) : undefined;
  if (typeof value === 'string' && read?.live)
    return { kind: 'terraform', template: value, secret: false, resource: input.resource.uid, output: name };
  if (value && typeof value === 'object' && 'secretRef' in value) {
    const ref = (value as { secretRef: { key: string; property?: string } }).secretRef;
    return { kind: 'secretRef', key: ref.key, ...(ref.property ? { property: ref.property } : {}) };
  }
  if (value && typeof value === 'object' && 'generate' in value)
    return { kind: 'generated', generator: 'password', resource: input.resource.uid, output: name };
  return literal(read && !read.live ? read.text : (value as never));
}

/**
 * A TypeScript/JavaScript module exporting `default (scope, input) => outputs`, built with cdktf
 * constructs. cdktf and the module load on first use only, so no other command pays for them.
 */
export const cdktfDriver: Driver = {
  kind: 'cdktf',
  async render(input) {
    const fail = (message: string, hint?: string): { diagnostics: Diagnostic[] } => ({
      diagnostics: [
        {
          code: 'PAWS3307',
          severity: 'error',
          message: `cdktf module of definition "${input.definition.name}": ${message}`,
          ...locate(input.definition.document, '/spec/driver/module'),
          ...(hint ? { hint } : {}),
        },
      ],
    });
    if (!input.definition.spec.driver.module)
      return fail('no module given', 'set driver.module to a .js/.mjs file next to the definition');
    let stack: Awaited<ReturnType<typeof synthesize>>;
    try {
      stack = await synthesized(input);
    } catch (error) {
      const missing = missingPeer(error);
      if (missing)
        return fail(
          `${missing} is not installed: cdktf is an optional peer dependency of paws, needed only by cdktf definitions`,
          `npm install --save-dev ${CDKTF_PACKAGES}`,
        );
      return fail(
        error instanceof Error ? error.message : String(error),
        'run the module on its own to see the full error',
      );
    }
    const outputs = Object.fromEntries(
      Object.entries(stack.outputs).map(([name, value]) => [name, outputValue(input, name, value)]),
    );
    return { fragment: { terraform: stack.terraform, kubernetes: [], outputs }, diagnostics: [] };
  },
};
