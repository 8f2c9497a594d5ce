import { readFileSync } from "node:fs";
import { resolve as resolvePath } from "pathe";

/** An error meant for humans: printed as one line by the CLI, never as a stack trace. */
export class EdgeplateError extends Error {
  override name = "EdgeplateError";
}

/**
 * One place that formats user-facing errors: subsystem prefix, the bad value in backticks, the fix.
 * @example createError("config", "unknown platform `clodflare`. Did you mean `cloudflare`?")
 */
export function createError(subsystem: string, message: string): EdgeplateError {
  return new EdgeplateError(`[edgeplate] [${subsystem}] ${message}`);
}

/** Closest candidate by edit distance, for "Did you mean" hints. */
export function didYouMean(input: string, candidates: string[]): string {
  let best = "";
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const score = distance(input, candidate);
    if (score < bestScore) [best, bestScore] = [candidate, score];
  }
  return best && bestScore <= Math.max(2, input.length / 3) ? ` Did you mean \`${best}\`?` : "";
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length]!;
}

/** Where an error points in a source file; `line` and `column` are 1-based, as editors count. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  /** The offending line of source. */
  lineText?: string;
}

/** A build error that names its file, line and column and shows the source line. */
export class LocatedError extends EdgeplateError {
  constructor(
    message: string,
    readonly location: SourceLocation,
  ) {
    super(message);
  }
}

export const isLocatedError = (error: unknown): error is LocatedError => error instanceof LocatedError;

/**
 * `file:line:col: message` and the source line under it with a caret at the column:
 *
 *     routes/api/hello.ts:3:14: Unexpected "}"
 *       3 | export default () => ({ broken: });
 *         |              ^
 */
export function formatLocation(message: string, location: SourceLocation, rootDir?: string): string {
  const file = rootDir && location.file.startsWith(`${rootDir}/`) ? location.file.slice(rootDir.length + 1) : location.file;
  const head = `${file}:${location.line}:${location.column}: ${message}`;
  const text = location.lineText ?? sourceLine(location.file, location.line);
  if (text === undefined) return head;
  const gutter = String(location.line);
  const caret = text.slice(0, location.column - 1).replace(/[^\t]/g, " ");
  return `${head}\n  ${gutter} | ${text}\n  ${" ".repeat(gutter.length)} | ${caret}^`;
}

function sourceLine(file: string, line: number): string | undefined {
  try {
    return readFileSync(file, "utf8").split(/\r?\n/)[line - 1];
  } catch {
    return undefined;
  }
}

/**
 * The location a bundler error carries, 1-based: esbuild's (`errors[0].location`, column 0-based)
 * and rollup's own (`loc`, column 0-based, e.g. a parse error in a `.js` route).
 */
export function bundlerErrorLocation(error: unknown, rootDir = "."): { message: string; location: SourceLocation } | undefined {
  const e = error as {
    errors?: { text: string; location?: { file: string; line: number; column: number; lineText?: string } | null }[];
    loc?: { file?: string; line: number; column: number };
    id?: string;
    message?: string;
  };
  const first = e.errors?.find((m) => m.location);
  if (first?.location) {
    const { file, line, column, lineText } = first.location;
    return { message: first.text, location: { file: resolvePath(rootDir, file), line, column: column + 1, lineText: lineText || undefined } };
  }
  const file = e.loc?.file ?? e.id;
  if (e.loc && file)
    return { message: (e.message ?? "").replace(/^.*?\(\d+:\d+\): /, ""), location: { file: resolvePath(rootDir, file), line: e.loc.line, column: e.loc.column + 1 } };
  return undefined;
}

/** A failed dev build's error, located (`file:line:col` and source line) when the bundler said where. */
export function formatBuildError(error: Error, rootDir?: string): Error {
  if (error instanceof EdgeplateError) return error;
  const found = bundlerErrorLocation(error, rootDir);
  if (!found) return error;
  return new LocatedError(formatLocation(found.message, found.location, rootDir), found.location);
}

/**
 * The location in a config file that a loader's error points at: jiti's parse errors end with
 * `\n <file>:<line>:<column>` (column 0-based), other errors name it in their stack (1-based).
 */
export function configErrorLocation(error: unknown, configFile: string): SourceLocation | undefined {
  const e = error as { message?: string; stack?: string };
  const parse = /\n\s*(\/[^\n]+?):(\d+):(\d+)\s*$/.exec(e.message ?? "");
  if (parse) return { file: parse[1]!, line: Number(parse[2]), column: Number(parse[3]) + 1 };
  const escaped = configFile.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const frame = new RegExp(`(?:file://)?${escaped}:(\\d+):(\\d+)`).exec(e.stack ?? "");
  if (frame) return { file: configFile, line: Number(frame[1]), column: Number(frame[2]) };
  return undefined;
}
