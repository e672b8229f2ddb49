/**
 * Properties YAML (one file per layer folder) and sources YAML (one per
 * staging domain). Written as text rather than through a YAML library so the
 * layout looks hand-written: comments, flow sequences, both `tests:` and
 * `data_tests:` spellings.
 */

const KIND_DESCRIPTIONS = {
  pk: (e) => `Primary key: one row per ${e}.`,
  fk: () => 'Foreign key to the referenced entity.',
  account: () => 'The account the record belongs to.',
  status: (e) => `Lifecycle status of the ${e}, lower-cased.`,
  amount: () => 'Amount in dollars (converted from cents upstream).',
  count: () => 'Number of records in the group.',
  ts: () => 'UTC timestamp.',
  text: () => 'Descriptive attribute, trimmed.',
  number: () => 'Measure as an integer.',
  flag: () => 'Boolean flag; null treated as false.',
  meta: () => 'Derived bookkeeping column.',
};

/**
 * @param {{ name: string, entity: string, description: string, columns: {name: string, kind: string}[], pk: string,
 *   statusColumn: string, statusValues: string[], declaredColumns: {name: string, kind: string}[], tags?: string[],
 *   relationships: Map<string, string> }[]} models  documented models of one folder
 * @param {'tests'|'data_tests'} testsKey
 */
export function modelPropertiesYaml(models, testsKey) {
  const out = ['version: 2', '', 'models:'];
  for (const m of models) {
    out.push(`  - name: ${m.name}`);
    out.push(`    description: "${m.description}"`);
    if (m.tags) out.push('    config:', `      tags: [${m.tags.map((t) => `'${t}'`).join(', ')}]`);
    out.push('    columns:');
    for (const c of m.declaredColumns) {
      out.push(`      - name: ${c.name}`);
      out.push(`        description: "${(KIND_DESCRIPTIONS[c.kind] ?? KIND_DESCRIPTIONS.meta)(m.entity)}"`);
      const tests = columnTests(m, c);
      if (tests.length > 0) out.push(`        ${testsKey}:`, ...tests);
    }
    out.push('');
  }
  return out.join('\n');
}

function columnTests(model, column) {
  const tests = [];
  if (column.name === model.pk) tests.push('          - unique', '          - not_null');
  else if (column.kind === 'account') tests.push('          - not_null');
  if (column.kind === 'status' && column.name === model.statusColumn && model.statusValues.length > 0) {
    tests.push(
      '          - accepted_values:',
      `              values: [${model.statusValues.map((v) => `'${v}'`).join(', ')}]`,
    );
  }
  const target = model.relationships.get(column.name);
  if (target) {
    tests.push('          - relationships:', `              to: ref('${target}')`, `              field: ${column.name}`);
  }
  if (column.kind === 'amount' && column.name.startsWith('total_')) {
    tests.push('          - dbt_utils.accepted_range:', '              min_value: 0', '              severity: warn');
  }
  return tests;
}

/**
 * @param {string} domain
 * @param {string} sourceName
 * @param {{ table: string, entity: string, columns: {name: string, kind: string}[] }[]} tables
 */
export function sourcesYaml(domain, sourceName, tables) {
  const out = [
    'version: 2',
    '',
    'sources:',
    `  - name: ${sourceName}`,
    `    description: "Raw tables replicated from the ${domain} system."`,
    `    schema: raw_${domain}`,
    '    loaded_at_field: _loaded_at',
    '    freshness:',
    '      warn_after: {count: 12, period: hour}',
    '      error_after: {count: 24, period: hour}',
    '    tables:',
  ];
  for (const t of tables) {
    out.push(`      - name: ${t.table}`, `        description: "One row per ${t.entity} as loaded by the replication job."`);
    out.push('        columns:');
    for (const c of t.columns) {
      out.push(`          - name: ${c.name}`);
      if (c.kind === 'pk') out.push('            tests: [unique, not_null]');
    }
  }
  out.push('');
  return out.join('\n');
}
