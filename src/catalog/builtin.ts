import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../compiler/diagnostics.js';
import { createSourceFile } from '../compiler/load/source.js';
import { type LoadedDocument, parseYamlDocuments } from '../compiler/load/yaml.js';

/**
 * The built-in catalog ships as YAML in the package's catalog/ folder, written in the same format
 * platform engineers use, and goes through the same validation.
 */
const CATALOG_FILES = [
  'types.yaml',
  'definitions/development.yaml',
  'definitions/aws.yaml',
  'definitions/cluster.yaml',
] as const;

export function loadBuiltinCatalog(): { documents: LoadedDocument[]; diagnostics: Diagnostic[] } {
  const documents: LoadedDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const name of CATALOG_FILES) {
    const url = new URL(`../../catalog/${name}`, import.meta.url);
    const source = createSourceFile(url.pathname, `<paws>/catalog/${name}`, readFileSync(url, 'utf8'));
    const parsed = parseYamlDocuments(source);
    documents.push(...parsed.documents);
    diagnostics.push(...parsed.diagnostics);
  }
  return { documents, diagnostics };
}
