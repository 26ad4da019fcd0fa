/** Logs for people, on stderr: one line per event, nothing with --quiet, details with --debug. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  readonly quiet: boolean;
  readonly debugEnabled: boolean;
}

export function createLogger(options: { quiet: boolean; debug: boolean }, stream: NodeJS.WritableStream = process.stderr): Logger {
  const line = (level: string, message: string) => stream.write(`${new Date().toISOString()}\t${level}\t${message}\n`);
  return {
    quiet: options.quiet,
    debugEnabled: options.debug,
    info: (m) => { if (!options.quiet) line('INFO', m); },
    warn: (m) => { if (!options.quiet) line('WARN', m); },
    debug: (m) => { if (options.debug) line('DEBUG', m); },
  };
}
