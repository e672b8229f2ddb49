/**
 * A synthetic dbt project of any size, for measuring the loader (and, by
 * other layers, the whole pipeline). Shaped like a real warehouse project:
 * staging models over sources, marts that join several upstream models, one
 * properties YAML per folder with described, tested columns.
 */

export interface SyntheticOptions {
  models: number;
  /** Models per folder (each folder gets one properties YAML). */
  perFolder?: number;
  sources?: number;
  seeds?: number;
}

export function syntheticProjectFiles(opts: SyntheticOptions): Map<string, string> {
  const perFolder = opts.perFolder ?? 100;
  const sourceCount = opts.sources ?? Math.max(1, Math.round(opts.models / 20));
  const seedCount = opts.seeds ?? Math.max(1, Math.round(opts.models / 100));
  const files = new Map<string, string>();
  files.set('dbt_project.yml', [
    'name: synthetic',
    "version: '1.0.0'",
    'profile: synthetic',
    'vars:',
    '  start_date: "2020-01-01"',
    'models:',
    '  synthetic:',
    '    +materialized: view',
    '    staging:',
    '      +tags: [staging]',
    '    marts:',
    '      +materialized: table',
    '',
  ].join('\n'));

  const srcYaml: string[] = ['version: 2', 'sources:', '  - name: raw', '    schema: raw', '    loaded_at_field: _loaded_at', '    freshness:', '      warn_after: {count: 12, period: hour}', '    tables:'];
  for (let s = 0; s < sourceCount; s++) {
    srcYaml.push(`      - name: t${s}`, `        identifier: raw_t${s}`, '        columns:', '          - name: id', '            data_tests: [unique, not_null]');
  }
  files.set('models/staging/_sources.yml', srcYaml.join('\n') + '\n');

  for (let i = 0; i < seedCount; i++) files.set(`seeds/seed_${i}.csv`, 'id,code,label\n1,a,"A, the first"\n2,b,B\n');

  let folderYaml: string[] = [];
  let folder = '';
  const flush = () => {
    if (folderYaml.length > 0) files.set(`${folder}/_models.yml`, ['version: 2', 'models:', ...folderYaml].join('\n') + '\n');
    folderYaml = [];
  };
  for (let i = 0; i < opts.models; i++) {
    const staging = i < opts.models / 2;
    const nextFolder = `models/${staging ? 'staging' : 'marts'}/f${Math.floor(i / perFolder)}`;
    if (nextFolder !== folder) {
      flush();
      folder = nextFolder;
    }
    const name = `${staging ? 'stg' : 'fct'}_${i}`;
    let sql: string;
    if (staging) {
      sql = `with src as (\n  select * from {{ source('raw', 't${i % sourceCount}') }}\n)\nselect\n  id as ${name}_id,\n  amount,\n  status,\n  updated_at\nfrom src\nwhere updated_at >= '{{ var("start_date") }}'\n`;
    } else {
      const a = `stg_${i % Math.ceil(opts.models / 2)}`;
      const b = `stg_${(i * 7) % Math.ceil(opts.models / 2)}`;
      sql = `{{ config(materialized='table') }}\nselect a.${a}_id as id, a.amount + coalesce(b.amount, 0) as amount, a.status\nfrom {{ ref('${a}') }} a\nleft join {{ ref('${b}') }} b on a.${a}_id = b.${b}_id\n`;
    }
    files.set(`${folder}/${name}.sql`, sql);
    folderYaml.push(
      `  - name: ${name}`,
      `    description: Model ${i}, one row per entity.`,
      '    columns:',
      `      - name: ${staging ? `${name}_id` : 'id'}`,
      '        description: Primary key.',
      '        data_tests:',
      '          - unique',
      '          - not_null',
      '      - name: amount',
      '        data_type: numeric',
      '      - name: status',
      '        data_tests:',
      '          - accepted_values:',
      "              arguments: {values: ['new', 'done']}",
      '              config: {severity: warn}',
    );
  }
  flush();
  files.set('macros/helpers.sql', '{% macro cents(x) %}({{ x }} / 100.0){% endmacro %}\n');
  return files;
}
