import type { Diagnostic } from '../compiler/diagnostics.js';
import { type LoadedDocument, locate } from '../compiler/load/index.js';
import type { TemplateError } from './template-engine.js';

/** A template error located in the definition file: the node's position, moved by the line inside the template. */
export function templateDiagnostic(
  doc: LoadedDocument,
  pointer: string,
  error: TemplateError,
  what: string,
): Diagnostic {
  const at = locate(doc, pointer);
  const source = doc.source.text;
  const lineStart = doc.source.lineStarts[at.line - 1] ?? 0;
  const firstChar = source.slice(lineStart + at.column - 1, lineStart + at.column);
  const block = firstChar === '|' || firstChar === '>';
  let line = at.line;
  let column = at.column;
  if (error.line !== undefined) {
    if (block) {
      const contentLine = at.line + error.line;
      const text = source.slice(doc.source.lineStarts[contentLine - 1] ?? 0);
      const indent = /^ */.exec(text)?.[0].length ?? 0;
      line = contentLine;
      column = indent + (error.column ?? 1);
    } else if (error.line === 1) {
      column = at.column + (error.column ?? 1) - (firstChar === '"' || firstChar === "'" ? 0 : 1);
    } else line = at.line + error.line - 1;
  }
  return {
    code: 'PAWS3305',
    severity: 'error',
    message: `${what}: ${error.message}`,
    file: at.file,
    line,
    column,
    hint: 'templates see resource (uid, id, type, class, tfName, k8sName), params, environment (name, type), workloads and requires.<name>.<output>',
  };
}
