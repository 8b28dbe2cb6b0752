import { literal } from '../compiler/values.js';
import type { Driver } from './types.js';

/** An existing resource: nothing to create, the definition's outputs say how to reach it. */
export const staticDriver: Driver = {
  kind: 'static',
  async render() {
    return { fragment: { terraform: {}, kubernetes: [] }, diagnostics: [] };
  },
};

/** Values of the environment (`spec.variables`), each an output: Score's environment type, without a shell. */
export const environmentDriver: Driver = {
  kind: 'environment',
  async render(input) {
    const outputs = Object.fromEntries(
      Object.entries(input.environment.variables).map(([name, value]) => [name, literal(value)]),
    );
    return { fragment: { terraform: {}, kubernetes: [], outputs }, diagnostics: [] };
  },
};
