import { readSchemaText, SCHEMA_FILES, type SchemaKind } from '../../spec-files.js';
import type { CliIO } from '../io.js';

export function runSchema(kind: string, io: CliIO): number {
  if (!Object.hasOwn(SCHEMA_FILES, kind)) {
    io.stderr(
      `error: unknown schema kind "${kind}"\n  hint: kinds: ${Object.keys(SCHEMA_FILES).join(', ')}\n`,
    );
    return 1;
  }
  io.stdout(readSchemaText(kind as SchemaKind));
  return 0;
}
