import type { CliIO } from './io.js';

/**
 * A bug in paws, never bad input (bad input gets a diagnostic). Say so plainly; the stack trace is
 * for whoever reports it, behind PAWS_DEBUG=1.
 */
export function reportInternalError(error: unknown, io: CliIO): number {
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(
    `error PAWS9001: internal error: ${message}\n  hint: this is a bug in paws; please report it with the input that caused it\n`,
  );
  if (io.env('PAWS_DEBUG') && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return 1;
}
