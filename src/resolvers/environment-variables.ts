import type { ResolvedEnvironment } from '../compiler/environment.js';
import type { ResourceInstance } from '../compiler/plan/types.js';

export interface MissingOutput {
  code: 'PAWS3405' | 'PAWS3406';
  severity: 'warning' | 'error';
  message: string;
  hint: string;
}

/**
 * A placeholder reading a variable the environment does not set, from a resource served by the
 * `environment` driver. The embedded environment (no platform folder) reads it as empty with a
 * warning, as Compose does with an unset variable; an environment written in a file must set it.
 */
export function unsetEnvironmentVariable(
  instanceOf: (uid: string) => ResourceInstance | undefined,
  environment: ResolvedEnvironment,
): (uid: string, output: string) => MissingOutput | undefined {
  return (uid, output) => {
    if (instanceOf(uid)?.definition.driver !== 'environment') return undefined;
    const embedded = environment.file === undefined;
    return {
      ...(embedded ? { code: 'PAWS3406', severity: 'warning' } : { code: 'PAWS3405', severity: 'error' }),
      message: `environment "${environment.name}" sets no variable "${output}"${embedded ? '; it is empty' : ''}`,
      hint: embedded
        ? `define environment "${environment.name}" in the platform folder (kind: Environment) with spec: { variables: { ${output}: … } }`
        : `set it in environment "${environment.name}" (${environment.file}): spec: { variables: { ${output}: … } }`,
    };
  };
}
