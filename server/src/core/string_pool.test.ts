import * as assert from 'assert';
import { StringPool } from './string_pool';

describe('string pool', () => {
  it('returns the first copy for every equal string, and passes undefined through', () => {
    const pool = new StringPool();
    const sql = 'select customer_id, customer_id as x';
    const a = pool.intern(sql.slice(7, 18));
    const b = pool.intern(sql.slice(20, 31));
    assert.strictEqual(a, 'customer_id');
    assert.strictEqual(b, a);
    assert.strictEqual(pool.intern(undefined), undefined);
    assert.strictEqual(pool.intern('other'), 'other');
    assert.strictEqual(pool.size, 2);
  });
});
