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
