import type { Diagnostic } from '../compiler/diagnostics.js';
import { type LoadedDocument, locate } from '../compiler/load/index.js';

/** What a resource request says of where it is written. */
interface Written {
  params?: Record<string, unknown>;
  origin: { doc: LoadedDocument; pointer: string };
  declaredBy?: { workload: string; resource: string };
}

/**
 * A template failure caused by a developer's value (a workload or port a built-in looks up in
 * `params.<name>`, or the workload the resource's name stands for) is reported at that value in
 * the developer's file, with the definition as the related position.
 */
export function atDevelopersValue(d: Diagnostic, req: Written): Diagnostic {
  if (d.code !== 'PAWS3305' || !req.declaredBy) return d;
  const named = /\bparams\.([A-Za-z0-9_-]+)/.exec(d.message)?.[1];
  const written = req.params ?? {};
  const pointer =
    named && Object.hasOwn(written, named)
      ? `${req.origin.pointer}/params/${named}`
      : /else the resource name/.test(d.message)
        ? req.origin.pointer
        : undefined;
  if (!pointer) return d;
  const at = locate(req.origin.doc, pointer, pointer === req.origin.pointer ? 'key' : 'value');
  // One diagnostic for the value, whichever of the definition's outputs looked it up.
  const cause = d.message.slice(d.message.indexOf(': ') + 2);
  const definition = /of definition "([^"]+)"/.exec(d.message)?.[1] ?? 'its definition';
  return {
    code: d.code,
    severity: d.severity,
    message: `resource "${req.declaredBy.resource}" of workload "${req.declaredBy.workload}": ${cause}`,
    ...at,
    hint: `the definition "${definition}" looks this value up: name a workload of this repository (and one of its service ports)`,
    related: [{ message: `definition "${definition}"`, ...(d.file ? { file: d.file } : {}) }],
  };
}
