/**
 * The paws library API. The CLI is a thin layer over these functions; all file access goes through
 * the Host, so callers (and tests) can run everything in memory.
 */
export type { Diagnostic, DiagnosticCode, Location, Severity } from './compiler/diagnostics.js';
export { DIAGNOSTIC_CODES, hasErrors } from './compiler/diagnostics.js';
export type { DirEntry, FileStat, Host } from './compiler/host.js';
export { createMemoryHost, createNodeHost, isWritable, type WritableHost } from './compiler/host.js';
export type { SourceFile } from './compiler/load/index.js';
export { loadProject } from './compiler/load/index.js';
export type * from './compiler/model.js';
export type * from './compiler/plan/types.js';
export type { Value, JsonValue } from './compiler/values.js';
export type { ResolvedEnvironment } from './resolvers/environments.js';

export { type CheckOptions, type CheckResult, check } from './api/validate.js';
export { type ValidateResult, validate } from './api/validate-all.js';
export { type PlanApiOptions, type PlanApiResult, plan } from './api/plan.js';
export { type CompileOptions, type CompileResult, compile, type FileSink } from './api/compile.js';
export type { EncodedFile } from './compiler/background-writes.js';
export {
  MANIFEST_FILE,
  openOutput,
  type OutputFile,
  type OutputWriter,
  type WriteResult,
  writeOutput,
} from './write/index.js';
export { type BackstageEntity, backstageEntities } from './emitters/backstage.js';
export { type CatalogReport, catalogReport, type ServedBy } from './api/catalog.js';
export { type Graph, moduleGraph, planGraph, toDot, toMermaid } from './api/graph.js';
export {
  compareWithOutput,
  compileForDiff,
  type OutputSide,
  readOutputFolder,
  removedWarnings,
} from './api/diff.js';
