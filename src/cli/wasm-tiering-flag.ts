/**
 * The V8 flag the CLI sets before anything compiles WebAssembly, so a short run does not pay for optimising SQLite.
 *
 * The store is SQLite compiled to WebAssembly (node-sqlite3-wasm, `../shared/docs/stack.md`). V8 compiles each of
 * its functions on first call with its baseline compiler, Liftoff, and recompiles the ones that run hot with
 * TurboFan on background threads ("dynamic tiering", v8/src/flags/flag-definitions.h: `wasm_tiering_budget`,
 * "budget for dynamic tiering (rough approximation of bytes executed)", 1 800 000 in Node 20's V8 11.3 and
 * 13 000 000 in Node 24's 13.6). A summarize touches SQLite's biggest functions (the statement interpreter, the
 * B-tree code) often enough to send them to TurboFan within its first 100 ms, and on a machine of two cores
 * those compiles take the time the run needed: a summarize of 150 records took 23 % longer on Node 20 with them
 * (575 ms against 467 ms; issue 14, `npm run bench -- startup`, bench/RESULTS.md; on Node 24 8 %, 485 ms
 * against 448 ms), and the work after the listing of 9 000 records 12 % longer (1.12 s against 1.00 s). With a
 * budget a thousand times larger a function still moves to TurboFan, but only once it has done seconds of work;
 * at 50 000 records the two take about as long (3.5 to 4.5 s, within the spread of the runs).
 *
 * Why this flag may be set while Node runs, where Node's documentation warns that changing flags after start may
 * do anything: it is one integer that V8 reads afresh whenever it fills a function's budget, at instantiation and
 * each time a budget runs out (v8/src/runtime/runtime-wasm.cc, `Runtime_WasmTriggerTierUp`), and that V8's own
 * tests change at run time (`FlagScope<int>` on `v8_flags.wasm_tiering_budget` in
 * test/cctest/wasm/test-streaming-compilation.cc); the CLI sets it before any WebAssembly is compiled. It
 * selects no code and implies no other flag. `--liftoff-only`, tried on 2026-12-07 for the same gain and withdrawn,
 * was the opposite on both counts: a flag "for testing" that switches two others off, read when code is compiled.
 *
 * An unknown flag is not an error, but V8 prints "Error: unrecognized flag" on stderr; so the flag is set only
 * for the V8 versions it was checked with (Node 20 to 24) and those just after them. A budget given on Node's own
 * command line (`node --wasm-tiering-budget=… zenodo-stats …`) is left as it is.
 *
 * @example
 * wasmTieringFlag('11.3.244.8-node.38', []); // '--wasm-tiering-budget=2000000000'
 * wasmTieringFlag('9.4.146.26-node.22', []); // undefined
 */
export function wasmTieringFlag(v8Version: string, execArgv: readonly string[]): string | undefined {
  const major = Number(/^(\d+)\./.exec(v8Version)?.[1]);
  if (!(major >= 11 && major <= 14)) return undefined;
  if (execArgv.some((arg) => /^--wasm[-_]tiering[-_]budget(=|$)/.test(arg))) return undefined;
  return `--wasm-tiering-budget=${wasmTieringBudget}`;
}

/** Close to the largest value the flag (a 32-bit int) takes: 1 100 times Node 20's default, 150 times Node 24's. */
export const wasmTieringBudget = 2_000_000_000;
