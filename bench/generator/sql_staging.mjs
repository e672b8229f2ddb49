/**
 * Staging models: one per source table, in the dbt-labs style — a `source`
 * CTE, a `renamed` CTE that casts and renames, a dedup window, and an
 * explicit final column list.
 */

/**
 * @param {{ sourceName: string, table: { entity: string, table: string, columns: {name: string, kind: string}[], statusValues: string[] } }} input
 * @returns {{ sql: string, columns: {name: string, kind: string, from?: string}[], pk: string, statusColumn: string, statusValues: string[] }}
 */
export function stagingModelSql({ sourceName, table }) {
  const entity = table.entity;
  const pk = `${entity}_id`;
  const keys = [];
  const attributes = [];
  const money = [];
  const times = [];
  const columns = [];
  let statusColumn = '';
  for (const c of table.columns) {
    switch (c.kind) {
      case 'pk':
        keys.push(`id as ${pk}`);
        columns.push({ name: pk, kind: 'pk' });
        break;
      case 'account':
      case 'fk':
        keys.push(c.name);
        columns.push({ name: c.name, kind: c.kind });
        break;
      case 'status':
        statusColumn = `${entity}_status`;
        attributes.push(`lower(status) as ${statusColumn}`);
        columns.push({ name: statusColumn, kind: 'status' });
        break;
      case 'text': {
        const name = c.name === 'name' ? `${entity}_name` : c.name;
        attributes.push(`trim(${c.name}) as ${name}`);
        columns.push({ name, kind: 'text' });
        break;
      }
      case 'number':
        attributes.push(`cast(${c.name} as integer) as ${c.name}`);
        columns.push({ name: c.name, kind: 'number' });
        break;
      case 'flag':
        attributes.push(`coalesce(${c.name}, false) as ${c.name}`);
        columns.push({ name: c.name, kind: 'flag' });
        break;
      case 'cents': {
        const base = c.name.slice(0, -'_cents'.length);
        const name = base === 'amount' ? 'amount' : `${base}_amount`;
        money.push(`{{ cents_to_dollars('${c.name}') }} as ${name}`);
        columns.push({ name, kind: 'amount' });
        break;
      }
      case 'ts':
        times.push(`cast(${c.name} as timestamp) as ${c.name}`);
        columns.push({ name: c.name, kind: 'ts' });
        break;
      case 'loaded':
        times.push(c.name);
        break;
    }
  }
  const section = (comment, items, last) =>
    [`        -- ${comment}`, ...items.map((item, i) => `        ${item}${last && i === items.length - 1 ? '' : ','}`)];
  const lines = [
    'with source as (',
    '',
    `    select * from {{ source('${sourceName}', '${table.table}') }}`,
    '',
    '),',
    '',
    'renamed as (',
    '',
    '    select',
    ...section('keys', keys, false),
    '',
    ...section('attributes', attributes, false),
    '',
    ...section('money', money, false),
    '',
    ...section('timestamps', times, true),
    '',
    '    from source',
    `    where _loaded_at >= '{{ var("start_date") }}'`,
    '',
    '),',
    '',
    'deduplicated as (',
    '',
    '    select',
    '        *,',
    '        row_number() over (',
    `            partition by ${pk}`,
    '            order by updated_at desc',
    '        ) as row_num',
    '    from renamed',
    '',
    ')',
    '',
    'select',
    ...columns.map((c, i) => `    ${c.name}${i === columns.length - 1 ? '' : ','}`),
    'from deduplicated',
    'where row_num = 1',
    '',
  ];
  return { sql: lines.join('\n'), columns, pk, statusColumn, statusValues: table.statusValues };
}
