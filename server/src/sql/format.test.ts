import * as assert from 'node:assert/strict';
import { formatSql } from './format';

describe('formatSql', () => {
  it('formats with the dialect and keeps keyword case by default', () => {
    assert.equal(formatSql('select a,b from t where x=1', 'duckdb'), 'select\n  a,\n  b\nfrom\n  t\nwhere\n  x = 1');
  });

  it('understands dialect syntax: BigQuery backticks, Postgres casts', () => {
    assert.match(formatSql('select `p.d.t`.a from `p.d.t`', 'bigquery'), /`p\.d\.t`\.a/);
    assert.match(formatSql('select a::int from t', 'postgres'), /a::int/);
  });

  it('returns the input unchanged when the formatter cannot parse it', () => {
    const broken = "select 'unclosed from t";
    assert.equal(formatSql(broken, 'duckdb'), broken);
  });
});
