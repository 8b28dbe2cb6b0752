import { isAlias, isMap, isPair, isScalar, isSeq, type Node, parseAllDocuments, type YAMLError } from 'yaml';
import type { Diagnostic, DiagnosticCode, Location } from '../diagnostics.js';
import { joinPointer } from './pointer.js';
import { locationAt, type SourceFile } from './source.js';

/** Where one YAML node sits: offsets into the source text. */
export interface NodeSpan {
  /** Offset of the map key, for nodes that are map values. */
  key?: number;
  /** Offset of the value itself. */
  value: number;
  /** End offset of the value. */
  end: number;
}

/** One YAML document as plain data, plus where every node of it came from. */
export interface LoadedDocument {
  source: SourceFile;
  /** 0-based position of the document in its file. */
  index: number;
  value: unknown;
  /** JSON pointer (RFC 6901, as ajv reports instancePath) → span. */
  spans: SpanIndex;
  /**
   * Rewritten pointer prefixes (new → original), recorded when a stage reshapes the data (the Score
   * upgrade of deprecated array forms), so positions still point at what the user wrote.
   */
  renames: Map<string, string>;
}

/**
 * Where each node of a document is. Only a diagnostic needs it, so documents read from files find
 * their spans when first asked, by parsing their file again: every spec of a large project holding
 * a map of every node cost ~100 ms of a validate at 1,000 workloads and memory that lived to the end.
 */
export interface SpanIndex extends Iterable<[string, NodeSpan]> {
  get(pointer: string): NodeSpan | undefined;
}

const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: true } as const;

/**
 * The spans of the documents of one source, found when one is first asked for: the file is parsed
 * once more, for all its documents together.
 */
function spansWhenAsked(source: SourceFile): (index: number) => SpanIndex {
  let all: Map<string, NodeSpan>[] | undefined;
  const spansOf = (index: number) => {
    all ??= parseAllDocuments(source.text, PARSE_OPTIONS).map((doc) => {
      const spans = new Map<string, NodeSpan>();
      collectSpans(doc.contents, '', spans);
      return spans;
    });
    return all[index] ?? new Map<string, NodeSpan>();
  };
  return (index) => ({
    get: (pointer) => spansOf(index).get(pointer),
    [Symbol.iterator]: () => spansOf(index)[Symbol.iterator](),
  });
}

/** Aliases allowed when turning YAML into data; a legitimate spec needs few, an alias bomb needs millions. */
const MAX_ALIAS_COUNT = 100;

const YAML_ERROR_CODES: Record<string, DiagnosticCode> = {
  TAB_AS_INDENT: 'PAWS1005',
  DUPLICATE_KEY: 'PAWS1006',
};

export function parseYamlDocuments(source: SourceFile): {
  documents: LoadedDocument[];
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const documents: LoadedDocument[] = [];
  const parsed = parseAllDocuments(source.text, PARSE_OPTIONS);
  const spansOf = spansWhenAsked(source);
  const docs = Array.isArray(parsed) ? parsed : [];
  const blank = (doc: (typeof docs)[number]) =>
    doc.errors.length === 0 &&
    (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null));
  if (docs.every(blank)) {
    diagnostics.push({
      code: 'PAWS1008',
      severity: 'error',
      message: 'the file is empty: it holds no YAML document',
      ...locationAt(source, 0),
      hint: 'a workload starts with "apiVersion: paws.dev/v1" (or score.dev/v1b1), then metadata.name and containers',
    });
    return { documents, diagnostics };
  }
  docs.forEach((doc, index) => {
    const loaded = loadDocument(source, doc, index, diagnostics);
    if (loaded) documents.push({ ...loaded, spans: spansOf(index) });
  });
  return { documents, diagnostics };
}

/** One parsed document as data, or undefined (with its diagnostics) when it is not a mapping that loads. */
function loadDocument(
  source: SourceFile,
  doc: ReturnType<typeof parseAllDocuments>[number] & { errors: YAMLError[] },
  index: number,
  diagnostics: Diagnostic[],
): Omit<LoadedDocument, 'spans'> | undefined {
  if (doc.errors.length > 0) {
    // The parser may run out of stack more than once in one document: that is one problem.
    let deep = false;
    for (const error of doc.errors) {
      const diagnostic = yamlErrorToDiagnostic(source, error);
      if (diagnostic.code === 'PAWS1012' && deep) continue;
      deep ||= diagnostic.code === 'PAWS1012';
      diagnostics.push(diagnostic);
    }
    return undefined;
  }
  const contents = doc.contents as Node | null;
  // An empty document among others (a stray "---") is skipped, as kubectl does.
  if (contents === null || (isScalar(contents) && contents.value === null)) return undefined;
  if (!isMap(contents)) {
    const found = isSeq(contents)
      ? 'a list'
      : `a ${typeof (isScalar(contents) ? contents.value : contents)} value`;
    diagnostics.push({
      code: 'PAWS1009',
      severity: 'error',
      message: `YAML document ${index + 1} is ${found}, but a mapping of fields was expected`,
      ...locationAt(source, contents.range?.[0] ?? 0),
      hint: 'a spec document is a mapping such as "apiVersion: paws.dev/v1" followed by "metadata:" …',
    });
    return undefined;
  }
  try {
    return { source, index, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), renames: new Map() };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    diagnostics.push({
      code: 'PAWS1007',
      severity: 'error',
      message: `YAML aliases in this document expand to too many nodes (limit ${MAX_ALIAS_COUNT} alias uses per document): this looks like an alias bomb`,
      ...locationAt(source, firstAliasOffset(contents) ?? contents.range?.[0] ?? 0),
      hint: 'write the values out instead of nesting aliases (*name) of anchors (&name)',
    });
    return undefined;
  }
}

function yamlErrorToDiagnostic(source: SourceFile, error: YAMLError): Diagnostic {
  if (/Maximum call stack size exceeded/.test(error.message)) {
    return {
      code: 'PAWS1012',
      severity: 'error',
      message: 'the document nests too deeply for the YAML parser',
      ...locationAt(source, error.pos[0]),
      hint: 'specs are a few levels deep; this looks like generated or hostile input',
    };
  }
  const code = YAML_ERROR_CODES[error.code] ?? 'PAWS1004';
  const message = error.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
  const hint =
    code === 'PAWS1005'
      ? 'indent with spaces; most editors convert tabs when "insert spaces" is on'
      : code === 'PAWS1006'
        ? 'keep one of the two entries; YAML mappings cannot repeat a key'
        : 'check indentation, quoting and the ":" after each key';
  return { code, severity: 'error', message: `YAML: ${message}`, ...locationAt(source, error.pos[0]), hint };
}

function collectSpans(node: unknown, pointer: string, spans: Map<string, NodeSpan>, key?: number): void {
  if (!node || typeof node !== 'object') return;
  const range = (node as Node).range;
  if (range)
    spans.set(
      pointer,
      key === undefined ? { value: range[0], end: range[1] } : { key, value: range[0], end: range[1] },
    );
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const name = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const childPointer = joinPointer(pointer, name);
      const keyOffset = keyNode?.range?.[0];
      if (pair.value) collectSpans(pair.value, childPointer, spans, keyOffset);
      else if (keyOffset !== undefined)
        spans.set(childPointer, { key: keyOffset, value: keyOffset, end: keyOffset });
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      collectSpans(item, joinPointer(pointer, String(i)), spans);
    });
  }
}

function firstAliasOffset(node: unknown): number | undefined {
  if (isAlias(node)) return node.range?.[0];
  if (isMap(node)) {
    for (const pair of node.items) {
      const found = firstAliasOffset(pair.key) ?? firstAliasOffset(pair.value);
      if (found !== undefined) return found;
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const found = firstAliasOffset(item);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * The location of the node at `pointer`, or of its nearest ancestor that has one (values behind
 * aliases have no node of their own). `at: 'key'` prefers the map key, for errors about a field's
 * name or presence rather than its value.
 */
export function locate(doc: LoadedDocument, pointer: string, at: 'key' | 'value' = 'value'): Location {
  let current = originalPointer(doc, pointer);
  for (;;) {
    const span = doc.spans.get(current);
    if (span) return locationAt(doc.source, at === 'key' ? (span.key ?? span.value) : span.value);
    if (current === '') return locationAt(doc.source, 0);
    current = current.slice(0, current.lastIndexOf('/'));
  }
}

/** The source span of a node, following renames; undefined when the node has none of its own. */
export function spanOf(doc: LoadedDocument, pointer: string): NodeSpan | undefined {
  return doc.spans.get(originalPointer(doc, pointer));
}

function originalPointer(doc: LoadedDocument, pointer: string): string {
  if (doc.renames.size === 0) return pointer;
  let prefix = pointer;
  for (;;) {
    const original = doc.renames.get(prefix);
    if (original !== undefined) return original + pointer.slice(prefix.length);
    if (prefix === '') return pointer;
    prefix = prefix.slice(0, prefix.lastIndexOf('/'));
  }
}
