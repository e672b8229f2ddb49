import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECK_NAMES, settingsFor } from './plan_checks';

/** The published JSON Schema drives editor validation; it must say what the planner accepts. */
describe('driftwatch-checks.schema.json', () => {
  const schema = JSON.parse(readFileSync(join(__dirname, '../../../schemas/driftwatch-checks.schema.json'), 'utf8'));
  const defs = schema.definitions;

  it('accepts every check name the planner knows, and nothing else', () => {
    const re = new RegExp(defs.checkText.pattern);
    for (const name of Object.keys(CHECK_NAMES)) assert.ok(re.test(`${name}(x) > 0`), name);
    assert.ok(!re.test('row_cont > 0'));
  });

  it('lists the settings the planner accepts for each check', () => {
    const patterns = Object.entries(defs.checkList.items.anyOf[1].patternProperties as Record<string, { $ref: string }>).map(
      ([p, ref]) => [new RegExp(p), defs[ref.$ref.split('/').pop()!]] as const,
    );
    for (const name of Object.keys(CHECK_NAMES)) {
      const hit = patterns.find(([re]) => re.test(`${name}(x) > 0`) || re.test(name));
      assert.ok(hit, `no settings schema for ${name}`);
      const allowed = Object.keys(hit[1].properties).sort();
      assert.deepEqual(allowed, settingsFor(name).sort(), name);
    }
  });
});
