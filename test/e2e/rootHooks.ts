/**
 * Mocha root hooks of the e2e run (test/e2e/.mocharc.json requires this file): artifacts start empty, and at the
 * end no process group a test started may still be alive.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import { runningGroups } from './harness/processGroup';
import { RESULTS_DIR } from './harness/tools';

export const mochaHooks = {
  beforeAll(): void {
    fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
  },
  async afterAll(): Promise<void> {
    const left = runningGroups();
    for (const group of left) await group.stop();
    assert.deepStrictEqual(left.map((g) => `${g.name} (pgid ${g.pid})`), [], 'every process group started by a test was stopped by it');
  },
};
