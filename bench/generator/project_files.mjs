/**
 * The files every generated project has regardless of size: dbt_project.yml,
 * profiles.yml, packages, project macros, a vendored dbt_utils macro, seeds
 * and a singular test.
 */

export const PROJECT_NAME = 'driftbench';

export const SEEDS = [
  {
    name: 'country_codes',
    columns: ['country_code', 'country_name', 'region'],
    rows: [['US', 'United States', 'amer'], ['DE', 'Germany', 'emea'], ['JP', 'Japan', 'apac'], ['BR', 'Brazil', 'amer']],
  },
  {
    name: 'currency_rates',
    columns: ['currency', 'rate_to_usd', 'valid_from'],
    rows: [['USD', '1.0', '2020-01-01'], ['EUR', '1.08', '2020-01-01'], ['JPY', '0.0067', '2020-01-01']],
  },
  {
    name: 'channel_mapping',
    columns: ['channel', 'channel_group'],
    rows: [['web', 'online'], ['app', 'online'], ['store', 'offline']],
  },
];

export function dbtProjectYml(domains) {
  return [
    `name: ${PROJECT_NAME}`,
    "version: '1.0.0'",
    'config-version: 2',
    `profile: ${PROJECT_NAME}`,
    '',
    'model-paths: ["models"]',
    'seed-paths: ["seeds"]',
    'macro-paths: ["macros"]',
    'test-paths: ["tests"]',
    'snapshot-paths: ["snapshots"]',
    '',
    'clean-targets: ["target", "dbt_packages"]',
    '',
    'vars:',
    "  start_date: '2020-01-01'",
    '  currency: USD',
    '  lookback_days: 3',
    '',
    'models:',
    `  ${PROJECT_NAME}:`,
    '    +materialized: view',
    '    staging:',
    '      +materialized: view',
    '      +schema: staging',
    '    intermediate:',
    '      +materialized: view',
    '      +schema: intermediate',
    '    marts:',
    '      +materialized: table',
    '      +schema: marts',
    // A few per-domain folder configs, as real projects accumulate them.
    ...domains.slice(0, 3).flatMap((d) => [`      ${d}:`, `        +tags: ['${d}']`]),
    '',
    'seeds:',
    `  ${PROJECT_NAME}:`,
    '    +schema: reference',
    '',
  ].join('\n');
}

export function profilesYml() {
  return [
    `${PROJECT_NAME}:`,
    '  target: dev',
    '  outputs:',
    '    dev:',
    '      type: duckdb',
    '      path: driftbench.duckdb',
    '      schema: main',
    '      threads: 4',
    '',
  ].join('\n');
}

export function staticFiles() {
  const files = new Map();
  files.set('packages.yml', ['packages:', '  - package: dbt-labs/dbt_utils', '    version: [">=1.0.0", "<2.0.0"]', ''].join('\n'));
  files.set(
    'macros/cents_to_dollars.sql',
    [
      '{# Money arrives in integer cents from every source system. #}',
      '{% macro cents_to_dollars(column_name, scale=2) -%}',
      '    round(cast({{ column_name }} as numeric) / 100, {{ scale }})',
      '{%- endmacro %}',
      '',
    ].join('\n'),
  );
  files.set(
    'macros/safe_divide.sql',
    [
      '{# Division that yields null instead of failing on a zero denominator. #}',
      '{% macro safe_divide(numerator, denominator) -%}',
      '    case when {{ denominator }} = 0 then null else {{ numerator }} / {{ denominator }} end',
      '{%- endmacro %}',
      '',
    ].join('\n'),
  );
  files.set(
    'macros/generate_schema_name.sql',
    [
      '{% macro generate_schema_name(custom_schema_name, node) -%}',
      '    {%- if custom_schema_name is none -%}',
      '        {{ target.schema }}',
      '    {%- else -%}',
      '        {{ target.schema }}_{{ custom_schema_name | trim }}',
      '    {%- endif -%}',
      '{%- endmacro %}',
      '',
    ].join('\n'),
  );
  // A vendored package, as `dbt deps` leaves it, so generate_surrogate_key resolves.
  files.set('dbt_packages/dbt_utils/dbt_project.yml', ['name: dbt_utils', "version: '1.3.0'", 'config-version: 2', ''].join('\n'));
  files.set(
    'dbt_packages/dbt_utils/macros/generate_surrogate_key.sql',
    [
      '{%- macro generate_surrogate_key(field_list) -%}',
      '    {%- set parts = [] -%}',
      '    {%- for field in field_list -%}',
      "        {%- do parts.append(\"coalesce(cast(\" ~ field ~ \" as varchar), '_null_')\") -%}",
      '    {%- endfor -%}',
      "    md5({{ parts | join(\" || '-' || \") }})",
      '{%- endmacro -%}',
      '',
    ].join('\n'),
  );
  for (const seed of SEEDS) {
    files.set(`seeds/${seed.name}.csv`, [seed.columns.join(','), ...seed.rows.map((r) => r.join(','))].join('\n') + '\n');
  }
  files.set(
    'tests/assert_country_codes_present.sql',
    [
      '-- Singular test: every reference country must have a code.',
      'select *',
      "from {{ ref('country_codes') }}",
      'where country_code is null',
      '',
    ].join('\n'),
  );
  return files;
}
