/**
 * Intermediate and mart models: CTEs per parent, left joins on shared keys,
 * window functions, aggregates, a `{% for %}` loop using `loop.last`,
 * `is_incremental()`, project macros and dbt_utils. The generator tracks every
 * column the SQL produces so the properties YAML can match it (or drift from
 * it on purpose).
 *
 * A parent is `{ name, resource: 'model'|'seed', cteBase, entity, columns: {name, kind}[], pk, grain: 'entity'|'group',
 * statusColumn, statusValues }`; only entity-grain parents are aggregated again (nobody sums sums).
 * Column kinds: pk, fk, account, status, text, number, flag, amount, count, ts, meta
 * (`meta` = bookkeeping columns like ranks that downstream models never select).
 */

const RESERVED_CTES = new Set(['joined', 'aggregated', 'final', 'source', 'renamed', 'deduplicated']);
const PASSTHROUGH_KINDS = new Set(['text', 'number', 'flag', 'amount', 'count', 'status']);
const MAX_PRIMARY_COLUMNS = 14;

/**
 * @param {object} input
 * @param {'joined'|'aggregated'} input.shape
 * @param {object} input.primary  first parent; sets the grain
 * @param {object[]} input.extras  further parents joined to the primary
 * @param {object|undefined} input.seed  a seed joined on country_code when the primary has one
 * @param {((pk: string) => string)|undefined} input.configCall  makes the `{{ config(...) }}` line, given the grain key
 * @param {boolean} input.incremental  adds an `{% if is_incremental() %}` filter
 * @param {boolean} input.surrogateKey  adds a dbt_utils.generate_surrogate_key column
 * @param {string} input.grainComment
 */
export function derivedModelSql(rng, input) {
  const ctes = new Set(RESERVED_CTES);
  const cteName = (base) => {
    let name = base;
    for (let i = 2; ctes.has(name); i++) name = `${base}_${i}`;
    ctes.add(name);
    return name;
  };
  const blocks = [];
  const primary = input.primary;
  const pCte = cteName(primary.cteBase);
  const pCols = choosePrimaryColumns(primary.columns);
  const tsCol = pickTimestamp(pCols);
  const incrementalFilter = input.incremental
    ? [
        '    {% if is_incremental() %}',
        `    where ${tsCol.name} > (select max(${input.shape === 'aggregated' ? lastName(tsCol.name) : tsCol.name}) from {{ this }})`,
        '    {% endif %}',
      ]
    : [];
  blocks.push(cteBlock(pCte, pCols.map((c) => c.name), `{{ ref('${primary.name}') }}`, incrementalFilter));

  // The joined relation: primary columns first, then a few columns of each extra parent.
  const available = new Map(); // output name -> {name, kind}
  const joinedItems = [];
  for (const c of pCols) {
    available.set(c.name, c);
    joinedItems.push(`${pCte}.${c.name}`);
  }
  const joins = [];
  const joinParent = (parent, picks) => {
    const key = joinKey(pCols, parent);
    const eCte = cteName(parent.cteBase);
    const cols = [key.right, ...picks.filter((c) => c.name !== key.right).map((c) => c.name)];
    blocks.push(cteBlock(eCte, cols, `{{ ref('${parent.name}') }}`, []));
    joins.push(`    left join ${eCte}`, `        on ${pCte}.${key.left} = ${eCte}.${key.right}`);
    for (const c of picks) {
      if (c.name === key.right) continue;
      const alias = available.has(c.name) ? `${eCte}_${c.name}` : c.name;
      available.set(alias, { name: alias, kind: c.kind });
      joinedItems.push(alias === c.name ? `${eCte}.${c.name}` : `${eCte}.${c.name} as ${alias}`);
    }
  };
  for (const parent of input.extras) {
    const candidates = parent.columns.filter((c) => PASSTHROUGH_KINDS.has(c.kind));
    joinParent(parent, rng.sample(candidates, rng.int(2, 3)));
  }
  const refs = [primary.name, ...input.extras.map((p) => p.name)];
  if (input.seed && pCols.some((c) => c.name === 'country_code')) {
    joinParent(input.seed, input.seed.columns.filter((c) => c.name !== 'country_code'));
    refs.push(input.seed.name);
  }
  const hasJoins = joins.length > 0;

  const lines = [];
  lines.push(`-- ${input.grainComment}`, '');
  let result;
  if (input.shape === 'joined') {
    result = joinedShape(rng, { pCte, pCols, tsCol, available, joinedItems, joins, blocks, primary, input });
  } else {
    if (hasJoins) {
      blocks.push(selectBlock('joined', joinedItems, [`    from ${pCte}`, ...joins]));
    }
    result = aggregatedShape(rng, { from: hasJoins ? 'joined' : pCte, available, tsCol, blocks, primary, input });
  }
  // config() comes first in the file but names the grain, which the shape decides.
  if (input.configCall) lines.unshift(input.configCall(result.pk), '');
  lines.push('with ' + blocks.join(',\n\n'), '', 'select * from final', '');
  return { sql: lines.join('\n'), refs, ...result };
}

function joinedShape(rng, { pCte, pCols, tsCol, available, joinedItems, joins, blocks, primary, input }) {
  const amount = pCols.find((c) => c.kind === 'amount');
  const windowItems = [
    `row_number() over (\n            partition by ${pCte}.account_id\n            order by ${pCte}.${tsCol.name} desc\n        ) as recency_rank`,
  ];
  const outputs = [...available.values()];
  outputs.push({ name: 'recency_rank', kind: 'meta' });
  if (amount) {
    windowItems.push(`sum(${pCte}.${amount.name}) over (partition by ${pCte}.account_id) as account_${amount.name}_total`);
    outputs.push({ name: `account_${amount.name}_total`, kind: 'meta' });
  }
  blocks.push(selectBlock('joined', [...joinedItems, ...windowItems], [`    from ${pCte}`, ...joins]));

  const finalItems = ['*'];
  const pk = primary.pk;
  if (input.surrogateKey) {
    const second = pk === 'account_id' ? tsCol.name : 'account_id';
    const sk = `${primary.entity}_sk`;
    finalItems.push(`{{ dbt_utils.generate_surrogate_key(['${pk}', '${second}']) }} as ${sk}`);
    outputs.push({ name: sk, kind: 'meta' });
  }
  finalItems.push(`'{{ var("currency") }}' as reporting_currency`);
  outputs.push({ name: 'reporting_currency', kind: 'meta' });
  blocks.push(selectBlock('final', finalItems, ['    from joined', `    where ${tsCol.name} >= '{{ var("start_date") }}'`]));
  return { columns: outputs, pk, grain: primary.grain, statusColumn: primary.statusColumn, statusValues: primary.statusValues };
}

function aggregatedShape(rng, { from, available, tsCol, blocks, primary, input }) {
  const cols = [...available.values()];
  const fks = cols.filter((c) => c.kind === 'fk');
  const groupKey = fks.length > 0 && rng.chance(0.7) ? rng.pick(fks) : { name: 'account_id', kind: 'account' };
  const outputs = [{ name: groupKey.name, kind: groupKey.kind }];
  const items = [groupKey.name];
  if (groupKey.name !== 'account_id') {
    items.push('account_id');
    outputs.push({ name: 'account_id', kind: 'account' });
  }
  const used = new Set(outputs.map((c) => c.name));
  const add = (expr, name, kind) => {
    if (used.has(name)) return;
    used.add(name);
    items.push(`${expr} as ${name}`);
    outputs.push({ name, kind });
  };
  const countName = `${primary.entity}_count`;
  add('count(*)', countName, 'count');
  const amounts = cols.filter((c) => c.kind === 'amount').slice(0, 3);
  for (const a of amounts) add(`sum(${a.name})`, `total_${stripAggregatePrefix(a.name)}`, 'amount');
  if (amounts.length > 0) add(`avg(${amounts[0].name})`, `avg_${stripAggregatePrefix(amounts[0].name)}`, 'amount');
  const timestamps = cols.filter((c) => c.kind === 'ts');
  const firstTs = timestamps[0] ?? tsCol;
  add(`min(${firstTs.name})`, firstName(firstTs.name), 'ts');
  add(`max(${tsCol.name})`, lastName(tsCol.name), 'ts');

  // The loop is always the last select item, so `loop.last` decides the final comma.
  let loop = [];
  const status = primary.statusColumn && available.has(primary.statusColumn) ? primary.statusColumn : '';
  if (status) {
    const values = primary.statusValues;
    loop = [
      `        {% for status in [${values.map((v) => `'${v}'`).join(', ')}] %}`,
      `        sum(case when ${status} = '{{ status }}' then 1 else 0 end) as {{ status }}_${countName}{% if not loop.last %},{% endif %}`,
      '        {% endfor %}',
    ];
    for (const v of values) outputs.push({ name: `${v}_${countName}`, kind: 'count' });
  } else if (amounts.length > 0) {
    loop = [
      `        {% for col in [${amounts.map((a) => `'${a.name}'`).join(', ')}] %}`,
      `        max({{ col }}) as max_{{ col }}{% if not loop.last %},{% endif %}`,
      '        {% endfor %}',
    ];
    for (const a of amounts) outputs.push({ name: `max_${a.name}`, kind: 'amount' });
  }
  const groupBy = groupKey.name === 'account_id' ? 'group by 1' : 'group by 1, 2';
  blocks.push(selectBlock('aggregated', items, [`    from ${from}`, `    ${groupBy}`], loop));

  const finalItems = ['*'];
  const addFinal = (expr, name, kind) => {
    if (used.has(name)) return;
    used.add(name);
    finalItems.push(`${expr} as ${name}`);
    outputs.push({ name, kind });
  };
  const mainTotal = outputs.find((c) => c.name.startsWith('total_'));
  if (mainTotal) {
    const per = `${mainTotal.name.slice('total_'.length)}_per_${primary.entity}`;
    addFinal(`{{ safe_divide('${mainTotal.name}', '${countName}') }}`, per, 'amount');
    addFinal(`dense_rank() over (order by ${mainTotal.name} desc)`, `${mainTotal.name}_rank`, 'meta');
  }
  if (input.surrogateKey) {
    const byAccount = groupKey.name === 'account_id';
    const sk = `${primary.entity}_${byAccount ? 'account' : groupKey.name.replace(/_id$/, '')}_sk`;
    const second = byAccount ? lastName(tsCol.name) : 'account_id';
    addFinal(`{{ dbt_utils.generate_surrogate_key(['${groupKey.name}', '${second}']) }}`, sk, 'meta');
  }
  blocks.push(selectBlock('final', finalItems, ['    from aggregated']));
  return { columns: outputs, pk: groupKey.name, grain: 'group', statusColumn: '', statusValues: [] };
}

function cteBlock(name, columns, relation, tail) {
  return [
    `${name} as (`,
    '',
    '    select',
    ...columns.map((c, i) => `        ${c}${i === columns.length - 1 ? '' : ','}`),
    `    from ${relation}`,
    ...tail,
    '',
    ')',
  ].join('\n');
}

function selectBlock(name, items, tail, loop = []) {
  return [
    `${name} as (`,
    '',
    '    select',
    ...items.map((c, i) => `        ${c}${i === items.length - 1 && loop.length === 0 ? '' : ','}`),
    ...loop,
    ...tail,
    '',
    ')',
  ].join('\n');
}

/** Keys and the columns later layers care about first, then the rest, capped. */
function choosePrimaryColumns(columns) {
  const order = ['pk', 'fk', 'account', 'status', 'amount', 'ts', 'count', 'text', 'number', 'flag'];
  const usable = columns.filter((c) => c.kind !== 'meta');
  const sorted = [];
  for (const kind of order) for (const c of usable) if (c.kind === kind) sorted.push(c);
  const picked = sorted.slice(0, MAX_PRIMARY_COLUMNS);
  if (!picked.some((c) => c.name === 'account_id')) picked.push({ name: 'account_id', kind: 'account' });
  if (!picked.some((c) => c.kind === 'ts')) {
    const ts = usable.find((c) => c.kind === 'ts');
    if (ts) picked.push(ts);
  }
  return picked;
}

function pickTimestamp(columns) {
  const ts = columns.filter((c) => c.kind === 'ts');
  return ts.find((c) => c.name.includes('updated')) ?? ts[ts.length - 1] ?? { name: 'account_id', kind: 'account' };
}

/** Prefers the parent's grain key, then a key both sides share, then the account every model carries. */
function joinKey(primaryCols, parent) {
  const names = new Set(primaryCols.map((c) => c.name));
  if (parent.pk && parent.pk !== 'account_id' && names.has(parent.pk)) return { left: parent.pk, right: parent.pk };
  for (const c of parent.columns) {
    if ((c.kind === 'fk' || c.kind === 'pk') && names.has(c.name)) return { left: c.name, right: c.name };
  }
  if (parent.resource === 'seed') return { left: 'country_code', right: 'country_code' };
  return { left: 'account_id', right: 'account_id' };
}

function stripAggregatePrefix(name) {
  return name.replace(/^(total|avg|max)_/, '');
}

function firstName(ts) {
  return `first_${ts.replace(/^(first|last)_/, '')}`;
}

function lastName(ts) {
  return `last_${ts.replace(/^(first|last)_/, '')}`;
}
