import * as assert from 'node:assert/strict';
import { RefIndex } from './resolve';
import { compareVersions } from '../project/model_versions';

const target = (v: number | string, latest = false) => ({ uniqueId: `model.p.m.v${v}`, name: 'm', packageName: 'p', version: v, latest });

describe('ref() resolution of model versions', () => {
  it('compares versions as dbt does: numerically when both are numbers, else as strings', () => {
    assert.deepEqual([10, '2', 1, '1.5', 'beta', 9].sort(compareVersions), [1, '1.5', '2', 9, 10, 'beta']);
  });

  it('lists the known versions of a bad version in order, whatever the order the files were found in', () => {
    const index = new RefIndex([target(3), target(10), target(1), target(2)], []);
    assert.deepEqual(index.resolve('m', undefined, 7, 'p'), { kind: 'bad-version', versions: [1, 2, 3, 10] });
  });

  it('takes the greatest version when none is marked latest, not the last file found', () => {
    const index = new RefIndex([target(10), target(9)], []);
    assert.deepEqual(index.resolve('m', undefined, undefined, 'p'), { kind: 'ok', uniqueId: 'model.p.m.v10' });
  });
});
