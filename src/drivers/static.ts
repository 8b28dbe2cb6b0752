import type { Driver } from './types.js';

/** An existing resource: nothing to create, the definition's outputs say how to reach it. */
export const staticDriver: Driver = {
  kind: 'static',
  async render() {
    return { fragment: { terraform: {}, kubernetes: [] }, diagnostics: [] };
  },
};
