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
 * A reader that stops early (`paws plan | head -1`) closes the pipe: the command ends quietly with
 * exit 0 on stdout, never with a stack trace. Installed once per process.
 */
let pipesHandled = false;
function endQuietlyOnClosedPipe(): void {
  if (pipesHandled) return;
  pipesHandled = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(stream === process.stdout ? 0 : 1);
      throw error;
    });
  }
}

export function processIO(): CliIO {
  endQuietlyOnClosedPipe();
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: (name) => process.env[name],
    isTTY: Boolean(process.stdout.isTTY),
  };
}

export function useColor(io: CliIO): boolean {
  const noColor = io.env('NO_COLOR');
  if (noColor !== undefined && noColor !== '') return false;
  return io.isTTY || Boolean(io.env('FORCE_COLOR'));
}
