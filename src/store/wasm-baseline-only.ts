/**
 * Imported for its effect, before node-sqlite3-wasm: V8 compiles WebAssembly with its baseline compiler
 * (Liftoff) only, never tiering hot functions up to TurboFan (`--liftoff-only`).
 *
 * Why (issue 14, `npm run bench -- startup`): a short command runs SQLite's WebAssembly (and Node's fetch its
 * llhttp parser, also WebAssembly) for a few hundred milliseconds at most, and TurboFan's compilations of the
 * functions that get hot compete for the CPU with the command itself — on 2 cores, a whole `summarize` of 150
 * records took about 920 ms with tier-up and 710 ms without. Long reads of a big store are not slower: SQLite's
 * share of them is small next to decoding the packed columns in JavaScript (bench/RESULTS.md, "Start-up").
 * V8 reads the flag when it compiles a module, so it must be set before the first WebAssembly module is
 * compiled; a flag given on the command line or in NODE_OPTIONS is left as it is.
 */
import v8 from 'node:v8';

if (!process.execArgv.some((flag) => /^--(no-)?liftoff/.test(flag)) && !/--(no-)?liftoff/.test(process.env.NODE_OPTIONS ?? '')) {
  v8.setFlagsFromString('--liftoff-only');
}
