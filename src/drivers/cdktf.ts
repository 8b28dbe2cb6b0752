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
    let synthesized: Awaited<ReturnType<typeof synthesize>>;
    try {
      const [module, runtime] = await Promise.all([load, import('./cdktf-runtime.js')]);
      synthesized = await runtime.synthesize(module, {
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
    const outputs: Record<string, Value> = {};
    for (const [name, value] of Object.entries(synthesized.outputs)) {
      const read = typeof value === 'string' ? readTemplate(value) : undefined;
      if (typeof value === 'string' && read?.live) {
        outputs[name] = {
          kind: 'terraform',
          template: value,
          secret: false,
          resource: input.resource.uid,
          output: name,
        };
      } else if (value && typeof value === 'object' && 'secretRef' in value) {
        const ref = (value as { secretRef: { key: string; property?: string } }).secretRef;
        outputs[name] = {
          kind: 'secretRef',
          key: ref.key,
          ...(ref.property ? { property: ref.property } : {}),
        };
      } else if (value && typeof value === 'object' && 'generate' in value) {
        outputs[name] = {
          kind: 'generated',
          generator: 'password',
          resource: input.resource.uid,
          output: name,
        };
      } else outputs[name] = literal(read && !read.live ? read.text : (value as never));
    }
    return { fragment: { terraform: synthesized.terraform, kubernetes: [], outputs }, diagnostics: [] };
  },
};
