/**
 * An error the user can fix (bad flag, missing path, unreachable source). The CLI prints its
 * message as one line and exits non-zero; other errors are bugs and print a stack with --debug.
 */
export class UserError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'UserError';
  }
}
