export const OUTPUT_DIR: string;
export function generate(): Promise<Record<string, string>>;
export function createAjv(extra?: Record<string, unknown>): import('ajv/dist/2020.js').default;
