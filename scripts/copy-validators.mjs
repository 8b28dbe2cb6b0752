// Copies the validators generated in src/generated/validators/ (CommonJS, loaded on first use by
// src/validate/schemas.ts) next to the compiled code in dist/, which tsc does not do.
import { cpSync } from 'node:fs';

cpSync(
  new URL('../src/generated/validators/', import.meta.url),
  new URL('../dist/generated/validators/', import.meta.url),
  {
    recursive: true,
  },
);
console.log('copied src/generated/validators/ to dist/generated/validators/');
