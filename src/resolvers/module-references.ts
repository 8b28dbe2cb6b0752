import { moduleOutputName, remoteStateName } from '../compiler/identity.js';
import type { Value } from '../compiler/values.js';

/** Where a Terraform-made resource lives: its root module and its Terraform name. */
export interface ModuleHome {
  module?: string;
  tfName: string;
}

/**
 * A value as a resource in module `from` reads it. A Terraform reference into another root module
 * becomes a read of that module's published output through `terraform_remote_state`: the address
 * itself does not exist outside the module that declares it. Everything else stays as it is.
 */
export function acrossModules(
  value: Value,
  from: string | undefined,
  homeOf: (uid: string) => ModuleHome | undefined,
): Value {
  if (value.kind === 'concat') {
    const parts = value.parts.map((part) => acrossModules(part, from, homeOf));
    return parts.every((part, i) => part === value.parts[i]) ? value : { ...value, parts };
  }
  if (value.kind !== 'terraform') return value;
  const home = homeOf(value.resource);
  if (!home || home.module === undefined || home.module === from) return value;
  return {
    ...value,
    template: `\${data.terraform_remote_state.${remoteStateName(home.module)}.outputs.${moduleOutputName(home.tfName, value.output)}}`,
  };
}

/** Every output of a resource as a resource in module `from` reads it. */
export function outputsAcrossModules(
  outputs: Record<string, Value> | undefined,
  from: string | undefined,
  homeOf: (uid: string) => ModuleHome | undefined,
): Record<string, Value> | undefined {
  if (!outputs) return outputs;
  let out: Record<string, Value> | undefined;
  for (const [name, value] of Object.entries(outputs)) {
    const read = acrossModules(value, from, homeOf);
    // Most reads stay in one module: the outputs are then handed on as they are, not copied.
    if (read !== value) out ??= { ...outputs };
    if (out) out[name] = read;
  }
  return out ?? outputs;
}
