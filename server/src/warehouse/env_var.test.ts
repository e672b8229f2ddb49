import { strict as assert } from 'node:assert';
import { EnvVarMissing, renderProfileValue, TemplateError } from './env_var';

describe('profiles env_var evaluator', () => {
  const env = { HOST: 'db.internal', PORT: '6543', EMPTY: '', FLAG: 'True' };

  it('substitutes variables, inside text too', () => {
    assert.equal(renderProfileValue("{{ env_var('HOST') }}", env), 'db.internal');
    assert.equal(renderProfileValue("postgres://{{ env_var('HOST') }}:{{ env_var(\"PORT\") }}/x", env), 'postgres://db.internal:6543/x');
    assert.equal(renderProfileValue("{{ env_var('EMPTY', 'fallback') }}", env), '');
  });

  it('uses the default when the variable is unset, keeping numbers typed', () => {
    assert.equal(renderProfileValue("{{ env_var('MISSING', 'dflt') }}", env), 'dflt');
    assert.equal(renderProfileValue("{{ env_var('MISSING', 5432) }}", env), 5432);
    assert.equal(renderProfileValue("{{ env_var('PORT') | int }}", env), 6543);
    assert.equal(renderProfileValue("{{ env_var('PORT') | as_number }}", env), 6543);
    assert.equal(renderProfileValue("{{ env_var('FLAG') | as_bool }}", env), true);
  });

  it('passes non-template values through untouched', () => {
    assert.equal(renderProfileValue('plain', env), 'plain');
    assert.equal(renderProfileValue(5, env), 5);
  });

  it('names the missing variable', () => {
    assert.throws(() => renderProfileValue("{{ env_var('PGPASSWORD') }}", env), (e: unknown) => e instanceof EnvVarMissing && e.variable === 'PGPASSWORD');
  });

  it('rejects anything beyond env_var with a clear message', () => {
    assert.throws(() => renderProfileValue("{{ var('x') }}", env), (e: unknown) => e instanceof TemplateError && /only env_var/.test(e.message));
    assert.throws(() => renderProfileValue("{{ env_var('HOST') | shout }}", env), /unsupported filter "shout"/);
    assert.throws(() => renderProfileValue("{{ env_var('HOST' }}", env), TemplateError);
    assert.throws(() => renderProfileValue("{{ env_var('PORT') | int }}x{% if %}", env), TemplateError);
  });
});
