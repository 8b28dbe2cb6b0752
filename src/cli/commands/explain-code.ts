import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../../compiler/diagnostics.js';
import { didYouMean } from '../../compiler/suggest.js';
import type { CliIO } from '../io.js';

/** `paws explain-code PAWS3104`: a code's severity, stage and meaning, from the diagnostic catalogue. */
export function runExplainCode(code: string, io: CliIO): number {
  const wanted = code.toUpperCase();
  if (!Object.hasOwn(DIAGNOSTIC_CODES, wanted)) {
    const suggestion = didYouMean(wanted, Object.keys(DIAGNOSTIC_CODES));
    io.stderr(
      `error: paws has no diagnostic ${code}${suggestion ? `; did you mean ${suggestion}?` : ''}\n  hint: codes are PAWS followed by four digits; the README lists them all\n`,
    );
    return 1;
  }
  const entry = DIAGNOSTIC_CODES[wanted as DiagnosticCode];
  io.stdout(`${wanted} (${entry.severity}, ${entry.stage}): ${entry.summary}\n`);
  return 0;
}
