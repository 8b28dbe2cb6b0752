import type { Diagnostic } from '../diagnostics.js';
import type { Host } from '../host.js';
import { decodeUtf8 } from './decode.js';
import { createSourceFile, locationAt, type SourceFile } from './source.js';

/** Specs are small; a multi-megabyte spec is a mistake (or an attack) and is refused before parsing. */
export const MAX_SPEC_BYTES = 4 * 1024 * 1024;

export function displayPathFor(host: Host, absolute: string): string {
  const cwd = host.cwd();
  if (absolute === cwd) return '.';
  if (absolute.startsWith(`${cwd}/`)) return absolute.slice(cwd.length + 1);
  return absolute;
}

/** Why a path cannot be read as a spec (missing, not a file, too large, unreadable), or its bytes. */
function specBytes(host: Host, absolute: string, file: string): Uint8Array | Diagnostic {
  const at = { file, line: 1, column: 1 };
  const stat = host.stat(absolute);
  if (!stat || stat.kind !== 'file')
    return {
      code: 'PAWS1001',
      severity: 'error',
      message: `cannot read ${file}: ${stat ? 'it is not a regular file' : 'no such file'}`,
      ...at,
    };
  if (stat.size > MAX_SPEC_BYTES)
    return {
      code: 'PAWS1003',
      severity: 'error',
      message: `${file} is ${(stat.size / 1048576).toFixed(1)} MiB, larger than the ${MAX_SPEC_BYTES / 1048576} MiB limit for spec files`,
      ...at,
      hint: 'specs describe workloads and platforms; large data belongs in files mounted with "source:"',
    };
  try {
    return host.readFile(absolute);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unknown error';
    return { code: 'PAWS1001', severity: 'error', message: `cannot read ${file}: ${code}`, ...at };
  }
}

export function readSource(host: Host, absolute: string): { source?: SourceFile; diagnostics: Diagnostic[] } {
  const file = displayPathFor(host, absolute);
  const bytes = specBytes(host, absolute, file);
  if (!(bytes instanceof Uint8Array)) return { diagnostics: [bytes] };
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    const prefix = createSourceFile(absolute, file, decoded.validPrefix);
    return {
      diagnostics: [
        {
          code: 'PAWS1002',
          severity: 'error',
          message: `${file} is not valid UTF-8: byte 0x${(bytes[decoded.byteOffset] ?? 0).toString(16).padStart(2, '0')} at byte offset ${decoded.byteOffset}`,
          ...locationAt(prefix, decoded.validPrefix.length),
          hint: 're-save the file as UTF-8 (for example: iconv -f latin1 -t utf-8)',
        },
      ],
    };
  }
  const text = decoded.text.charCodeAt(0) === 0xfeff ? decoded.text.slice(1) : decoded.text;
  return { source: createSourceFile(absolute, file, text), diagnostics: [] };
}
