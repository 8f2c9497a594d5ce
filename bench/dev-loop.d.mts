// Types of the helpers engine/test/dev-loop.test.ts takes from dev-loop.mjs.
export function get(url: string): Promise<{ status: number; body: string; ms: number }>;
export function treeRss(pid: number): number;
export function isAnswer(res: { status: number; body: string }, i: number): boolean;
export function runDevLoop(options?: { peers?: boolean }): Promise<Record<string, string | number>[]>;
