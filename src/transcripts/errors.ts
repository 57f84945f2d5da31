/**
 * [GEN-FUNC-TRANSCRIPT-ERRORS.1] A transcript that cannot be read or run is an error naming the
 * file, the line and the problem, in the form compilers use (`file:line: problem`), so an editor
 * can jump to it.
 */
export interface Where {
  readonly file: string;
  readonly line: number;
}

export class TranscriptError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'TranscriptError';
  }

  static at(where: Where, problem: string): TranscriptError {
    return new TranscriptError(where.file, where.line, problem);
  }
}
