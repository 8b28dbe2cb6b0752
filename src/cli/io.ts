import type { Host } from '../compiler/host.js';

/** What a command may touch: output streams, the environment and the file system (through a Host). */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  env(name: string): string | undefined;
  isTTY: boolean;
  /** Created lazily for the working directory when not given (tests pass a memory host). */
  host?: Host;
}

/**
 * A reader that stops early (`paws plan | head -1`) closes the pipe: what would be printed after is
 * dropped, never a stack trace, and the command still ends with the code it would have returned
 * (1 for an invalid project, 2 for a diff with changes: CI must not read a closed pipe as success).
 * Installed once per process.
 */
const closed = new Set<NodeJS.WriteStream>();
let pipesHandled = false;
function dropOutputOnClosedPipe(): void {
  if (pipesHandled) return;
  pipesHandled = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closed.add(stream);
    });
  }
}

const writeTo = (stream: NodeJS.WriteStream) => (text: string) => {
  if (!closed.has(stream)) stream.write(text);
};

export function processIO(): CliIO {
  dropOutputOnClosedPipe();
  return {
    stdout: writeTo(process.stdout),
    stderr: writeTo(process.stderr),
    env: (name) => process.env[name],
    isTTY: Boolean(process.stdout.isTTY),
  };
}

export function useColor(io: CliIO): boolean {
  const noColor = io.env('NO_COLOR');
  if (noColor !== undefined && noColor !== '') return false;
  return io.isTTY || Boolean(io.env('FORCE_COLOR'));
}
