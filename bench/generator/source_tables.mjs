/**
 * Raw source tables: one per entity of a domain. Their columns drive the
 * staging models (renames, casts, cents → dollars) and the sources YAML.
 */
import { CENTS_COLUMNS, FLAG_COLUMNS, NUMBER_COLUMNS, STATUS_VALUES, TEXT_COLUMNS, plural } from './vocabulary.mjs';

/**
 * @returns {{ entity: string, table: string, fks: string[], columns: {name: string, kind: string}[], statusValues: string[] }}
 *   `fks` are the entities this table points at (`<entity>_id` columns).
 */
export function makeSourceTable(rng, entity, domainEntities) {
  const others = domainEntities.filter((e) => e !== entity);
  const fks = rng.sample(others, rng.int(0, 2));
  const columns = [
    { name: 'id', kind: 'pk' },
    { name: 'account_id', kind: 'account' },
    ...fks.map((e) => ({ name: `${e}_id`, kind: 'fk' })),
    { name: 'status', kind: 'status' },
    ...rng.sample(CENTS_COLUMNS, rng.int(1, 3)).map((name) => ({ name, kind: 'cents' })),
    ...rng.sample(TEXT_COLUMNS, rng.int(1, 3)).map((name) => ({ name, kind: 'text' })),
    ...rng.sample(NUMBER_COLUMNS, rng.int(0, 2)).map((name) => ({ name, kind: 'number' })),
    ...rng.sample(FLAG_COLUMNS, rng.int(0, 1)).map((name) => ({ name, kind: 'flag' })),
    { name: 'created_at', kind: 'ts' },
    { name: 'updated_at', kind: 'ts' },
    { name: '_loaded_at', kind: 'loaded' },
  ];
  return { entity, table: plural(entity), fks, columns, statusValues: rng.pick(STATUS_VALUES) };
}
