/**
 * A parsed Dockerfile, in the shape BuildKit's parser gives it (and trivy's Dockerfile checks read):
 * one entry per instruction with its arguments split the way BuildKit splits them.
 */

/** A here-document attached to a RUN/COPY/ADD instruction. */
export interface Heredoc {
  /** The delimiter word (`EOF`). */
  name: string;
  /** The body, each line ending with a newline, delimiter line excluded. */
  content: string;
  /** `<<-EOF`: leading tabs are stripped from the body and the delimiter line. */
  chomp: boolean;
  /** False when the delimiter was quoted (`<<"EOF"`): no variable expansion. */
  expand: boolean;
}

/** One instruction. */
export interface Instruction {
  /** Lower-case keyword: `from`, `run`, `copy`, ... */
  cmd: string;
  /** ONBUILD only: the lower-case keyword of the triggered instruction. */
  subCmd?: string;
  /** Leading `--flag[=value]` words, as written (`--from=build`, `--mount=type=secret,id=x`). */
  flags: string[];
  /**
   * The arguments, split per instruction the way BuildKit does: the whole command line for shell
   * form RUN/CMD/ENTRYPOINT (one element), the array items for exec (JSON) form, whitespace-split
   * words for FROM/COPY/ADD/EXPOSE, `[key, value, key, value...]` for ENV/LABEL, raw `NAME=value`
   * words for ARG. A RUN with a here-document has one element: the script.
   */
  value: string[];
  /** The instruction as one line (continuations joined), here-document bodies appended. */
  original: string;
  /** Exec form (`["a", "b"]`). */
  json: boolean;
  heredocs: Heredoc[];
  /** 1-based first and last line, continuation and here-document lines included. */
  startLine: number;
  endLine: number;
  /** Index of the stage in `Dockerfile.stages`. */
  stage: number;
}

/** A build stage: a FROM and the instructions after it (or, for index 0, global ARGs before any FROM). */
export interface Stage {
  /** The FROM arguments as written (`golang:1.22 AS build`); empty for the global-ARG stage. */
  name: string;
  /** The base image reference (first FROM argument); empty for the global-ARG stage. */
  baseImage: string;
  /** The `AS name` alias, lower case, when present. */
  alias?: string;
  /** True for the pseudo-stage holding instructions before the first FROM. */
  global: boolean;
  instructions: Instruction[];
}

/** The parse result. */
export interface Dockerfile {
  /** Stages in file order; a leading global stage exists only when instructions precede FROM. */
  stages: Stage[];
  /** All instructions in file order. */
  instructions: Instruction[];
  /** Parser directives (`# escape=`, `# syntax=`), lower-case names. */
  directives: Record<string, string>;
  /** The escape character in effect (`\` or `` ` ``). */
  escape: string;
  /** 1-based line number of the first instruction (0 when there is none). */
  firstInstructionLine: number;
}
