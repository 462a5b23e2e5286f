/**
 * Issue 14, start-up: the CLI keeps SQLite's WebAssembly on V8's baseline compiler for a short run
 * (`wasmTieringFlag`). What it saves is measured in `npm run bench -- startup`; these hold the flag to the V8
 * versions that know it, since an unknown one prints "Error: unrecognized flag" on every run's stderr.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { wasmTieringBudget, wasmTieringFlag } from '../src/cli/wasm-tiering-flag.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

describe('the CLI raises V8\'s WebAssembly tiering budget', () => {
  it('sets the budget on the V8 versions of Node 20 to 24 and those just after', () => {
    assert.equal(wasmTieringFlag('11.3.244.8-node.38', []), '--wasm-tiering-budget=2000000000'); // Node 20.20
    assert.equal(wasmTieringFlag('12.4.254.21-node.33', ['--enable-source-maps']), '--wasm-tiering-budget=2000000000'); // Node 22
    assert.equal(wasmTieringFlag('13.6.233.17-node.53', []), '--wasm-tiering-budget=2000000000'); // Node 24.21
    assert.equal(wasmTieringFlag('14.1.146.11-node.14', []), '--wasm-tiering-budget=2000000000');
  });

  it('leaves a V8 it was not checked with as it is', () => {
    assert.equal(wasmTieringFlag('10.2.154.26-node.36', []), undefined);
    assert.equal(wasmTieringFlag('15.0.1', []), undefined);
    assert.equal(wasmTieringFlag('not a version', []), undefined);
    assert.equal(wasmTieringFlag('v12.4.254', []), undefined, 'a version is read from its start');
    assert.equal(wasmTieringFlag('', []), undefined);
  });

  it('leaves a budget given on Node\'s command line as it is', () => {
    assert.equal(wasmTieringFlag('11.3.244.8-node.38', ['--wasm-tiering-budget=5000']), undefined);
    assert.equal(wasmTieringFlag('11.3.244.8-node.38', ['--wasm_tiering_budget=5000']), undefined);
    assert.equal(wasmTieringFlag('11.3.244.8-node.38', ['--wasm-tiering-budget', '5000']), undefined);
    assert.equal(wasmTieringFlag('11.3.244.8-node.38', ['--wasm-tiering-budgets']), '--wasm-tiering-budget=2000000000');
  });

  it('fits the flag, a 32-bit int, and is a thousand times the default of Node 20 at least', () => {
    assert.ok(wasmTieringBudget <= 2 ** 31 - 1);
    assert.ok(wasmTieringBudget >= 1_000 * 1_800_000);
  });

  it('is a flag the running Node knows, whenever it is set', () => {
    const flag = wasmTieringFlag(process.versions.v8, []);
    if (flag === undefined) return;
    const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    assert.match(options.stdout, /^\s*--wasm-tiering-budget \(/m);
  });

  it('prints nothing of it on the built CLI\'s stderr', () => {
    const run = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
    assert.equal(run.status, 0);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
