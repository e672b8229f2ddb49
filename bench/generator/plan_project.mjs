/**
 * Plans a whole project in memory: domains, source tables, the model DAG
 * (each derived model refs 1–4 models created before it, so the graph is
 * acyclic by construction), the SQL and the YAML. Pure: no I/O.
 */
import { createRng } from './prng.mjs';
import { ENTITY_WORDS, VERBS_INTERMEDIATE, VERBS_MARTS, domainNames, plural } from './vocabulary.mjs';
import { makeSourceTable } from './source_tables.mjs';
import { stagingModelSql } from './sql_staging.mjs';
import { derivedModelSql } from './sql_derived.mjs';
import { modelPropertiesYaml, sourcesYaml } from './properties_yaml.mjs';
import { SEEDS, dbtProjectYml, profilesYml, staticFiles } from './project_files.mjs';

const MODELS_PER_DOMAIN = 100;
const REF_COUNT_WEIGHTS = [30, 35, 25, 10]; // 1, 2, 3, 4 refs
const DOCUMENTED_SHARE = 0.7;
const DRIFT_SHARE = 0.05; // of documented models
const CROSS_DOMAIN_SHARE = 0.1;
const SEED_JOIN_SHARE = 0.15;

/**
 * @param {{ models: number, seed: number }} params
 * @returns {{ files: Map<string, string>, models: object[], editTarget: string, domains: string[] }}
 */
export function planProject({ models: total, seed }) {
  if (!Number.isInteger(total) || total < 3) throw new Error(`models must be an integer >= 3, got ${total}`);
  const rng = createRng(seed);
  const domainCount = Math.max(3, Math.ceil(total / MODELS_PER_DOMAIN));
  const domains = domainNames(domainCount);
  const files = staticFiles();
  files.set('dbt_project.yml', dbtProjectYml(domains));
  files.set('profiles.yml', profilesYml());

  const usedNames = new Set();
  const uniqueName = (base) => {
    let name = base;
    for (let i = 2; usedNames.has(name); i++) name = `${base}_${i}`;
    usedNames.add(name);
    return name;
  };
  const seedParents = SEEDS.map((s) => ({
    name: s.name,
    resource: 'seed',
    cteBase: s.name,
    entity: s.name,
    columns: s.columns.map((c) => ({ name: c, kind: 'text' })),
    pk: s.columns[0],
    statusColumn: '',
    statusValues: [],
  }));
  const countryCodes = seedParents[0];

  // Layer sizes per domain.
  const plans = domains.map((domain, i) => {
    const n = Math.floor(total / domainCount) + (i < total % domainCount ? 1 : 0);
    const staging = Math.min(ENTITY_WORDS.length, Math.max(1, Math.round(n * 0.3)));
    const marts = Math.max(1, Math.round(n * 0.3));
    return { domain, staging, intermediate: Math.max(0, n - staging - marts), marts, s: [], i: [], m: [] };
  });

  const models = [];
  const sourceTablesByDomain = new Map();

  // Staging: one source table and one model per entity.
  for (const plan of plans) {
    const entities = rng.sample(ENTITY_WORDS, plan.staging);
    const sourceName = `${plan.domain}_raw`;
    const tables = entities.map((e) => makeSourceTable(rng, e, entities));
    if (rng.chance(0.3)) {
      // A replicated table nobody models yet: real projects have these (unused-source).
      tables.push({ ...makeSourceTable(rng, 'audit_entry', entities), table: 'legacy_audit_entries' });
    }
    sourceTablesByDomain.set(plan.domain, { sourceName, tables });
    for (const table of tables.slice(0, entities.length)) {
      const name = uniqueName(`stg_${plan.domain}__${table.table}`);
      const out = stagingModelSql({ sourceName, table });
      const model = {
        name,
        resource: 'model',
        layer: 'staging',
        domain: plan.domain,
        entity: table.entity,
        cteBase: table.table,
        file: `models/staging/${plan.domain}/${name}.sql`,
        sql: out.sql,
        refs: [],
        sources: [[sourceName, table.table]],
        columns: out.columns,
        pk: out.pk,
        grain: 'entity',
        statusColumn: out.statusColumn,
        statusValues: out.statusValues,
        fks: table.fks,
        description: `${capitalize(plural(table.entity))} from the ${plan.domain} system, deduplicated to the latest version of each ${table.entity}.`,
      };
      plan.s.push(model);
      models.push(model);
    }
  }

  const derived = (plan, layer, index, pools) => {
    const refCount = 1 + rng.weighted(REF_COUNT_WEIGHTS);
    const primary = pools.primary();
    const local = pools.local().filter((m) => m !== primary);
    let extras = rng.sample(local, refCount - 1);
    if (extras.length > 0 && rng.chance(CROSS_DOMAIN_SHARE)) {
      const foreign = pools.foreign();
      if (foreign.length > 0) extras[extras.length - 1] = rng.pick(foreign);
    }
    extras = extras.filter((m, i) => m !== primary && extras.indexOf(m) === i);
    const shape = primary.grain === 'entity' && rng.chance(0.6) ? 'aggregated' : 'joined';
    const verb = rng.pick(layer === 'intermediate' ? VERBS_INTERMEDIATE : VERBS_MARTS);
    const prefix = layer === 'intermediate' ? 'int' : shape === 'joined' ? 'fct' : 'agg';
    const name = uniqueName(`${prefix}_${plan.domain}__${plural(primary.entity)}_${verb}`);
    let configCall;
    let incremental = false;
    if (layer === 'marts') {
      incremental = rng.chance(0.35);
      configCall = incremental
        ? (pk) => `{{ config(materialized='incremental', unique_key='${pk}') }}`
        : () => `{{ config(materialized='table', tags=['${plan.domain}']) }}`;
    } else if (rng.chance(0.2)) {
      configCall = () => "{{ config(materialized='table') }}";
    }
    const grain = shape === 'joined' ? `one row per ${primary.entity}` : `one row per group of ${plural(primary.entity)}`;
    const out = derivedModelSql(rng, {
      shape,
      primary,
      extras,
      seed: refCount + extras.length < 4 && rng.chance(SEED_JOIN_SHARE) ? countryCodes : undefined,
      configCall,
      incremental,
      surrogateKey: layer === 'marts' && (shape === 'joined' || rng.chance(0.5)),
      grainComment: `Grain: ${grain}${extras.length > 0 ? `, with attributes from ${extras.map((e) => e.name).join(', ')}` : ''}.`,
    });
    return {
      name,
      resource: 'model',
      layer,
      domain: plan.domain,
      entity: primary.entity,
      cteBase: name.slice(name.indexOf('__') + 2),
      file: `models/${layer}/${plan.domain}/${name}.sql`,
      sql: out.sql,
      refs: out.refs,
      sources: [],
      columns: out.columns,
      pk: out.pk,
      grain: out.grain,
      statusColumn: out.statusColumn,
      statusValues: out.statusValues,
      fks: [],
      description: `${capitalize(grain)}, built from ${out.refs.join(', ')}.`,
    };
  };

  const allStaging = plans.flatMap((p) => p.s);
  const intermediates = [];
  for (const plan of plans) {
    for (let j = 0; j < plan.intermediate; j++) {
      const model = derived(plan, 'intermediate', j, {
        primary: () => (plan.i.length > 0 && rng.chance(0.45) ? rng.pick(plan.i) : rng.pick(plan.s)),
        local: () => plan.s.concat(plan.i),
        foreign: () => allStaging.filter((m) => m.domain !== plan.domain).concat(intermediates.filter((m) => m.domain !== plan.domain)),
      });
      plan.i.push(model);
      intermediates.push(model);
      models.push(model);
    }
  }
  const marts = [];
  for (const plan of plans) {
    for (let j = 0; j < plan.marts; j++) {
      const model = derived(plan, 'marts', j, {
        primary: () => {
          const r = rng.next();
          if (plan.m.length > 0 && r < 0.15) return rng.pick(plan.m);
          if (plan.i.length > 0 && r < 0.85) return rng.pick(plan.i);
          return rng.pick(plan.s);
        },
        local: () => plan.i.concat(plan.m, plan.s),
        foreign: () => intermediates.filter((m) => m.domain !== plan.domain).concat(marts.filter((m) => m.domain !== plan.domain)),
      });
      plan.m.push(model);
      marts.push(model);
      models.push(model);
    }
  }

  // Properties YAML: ~70% of models documented, a few of them drifted on purpose.
  const stagingByEntity = new Map();
  for (const m of allStaging) stagingByEntity.set(`${m.domain}/${m.entity}`, m.name);
  for (const plan of plans) {
    for (const [layer, list] of [['staging', plan.s], ['intermediate', plan.i], ['marts', plan.m]]) {
      const documented = [];
      for (const m of list) {
        m.documented = rng.chance(DOCUMENTED_SHARE);
        m.drift = null;
        if (!m.documented) continue;
        let declared = m.columns.slice();
        if (rng.chance(DRIFT_SHARE)) {
          const candidates = declared.filter((c) => c.name !== m.pk && c.kind !== 'account');
          if (rng.chance(0.5) || candidates.length === 0) {
            const column = `legacy_${m.entity}_code`;
            declared.push({ name: column, kind: 'text' });
            m.drift = { kind: 'declared-not-produced', column };
          } else {
            const victim = rng.pick(candidates);
            declared = declared.map((c) => (c === victim ? { name: `${c.name}_old`, kind: c.kind } : c));
            m.drift = { kind: 'renamed', column: victim.name, declaredAs: `${victim.name}_old` };
          }
        }
        const relationships = new Map();
        for (const fk of m.fks) {
          const target = stagingByEntity.get(`${m.domain}/${fk}`);
          if (target && rng.chance(0.4)) relationships.set(`${fk}_id`, target);
        }
        documented.push({
          name: m.name,
          entity: m.entity,
          description: m.description,
          columns: m.columns,
          pk: m.pk,
          statusColumn: m.statusColumn,
          statusValues: m.statusValues,
          declaredColumns: declared,
          tags: layer === 'marts' && rng.chance(0.3) ? [plan.domain, 'reporting'] : undefined,
          relationships,
        });
      }
      if (documented.length > 0) {
        files.set(`models/${layer}/${plan.domain}/_${plan.domain}__models.yml`, modelPropertiesYaml(documented, layer === 'staging' ? 'tests' : 'data_tests'));
      }
    }
    const { sourceName, tables } = sourceTablesByDomain.get(plan.domain);
    files.set(`models/staging/${plan.domain}/_sources.yml`, sourcesYaml(plan.domain, sourceName, tables));
  }
  for (const m of models) files.set(m.file, m.sql);

  return { files, models, editTarget: pickEditTarget(plans, models), domains };
}

/** A model in the middle of the DAG: an intermediate of the middle domain with the most dependants. */
function pickEditTarget(plans, models) {
  const children = new Map();
  for (const m of models) for (const r of m.refs) children.set(r, (children.get(r) ?? 0) + 1);
  const plan = plans[Math.floor(plans.length / 2)];
  const candidates = plan.i.length > 0 ? plan.i : plan.m;
  let best = candidates[0];
  for (const m of candidates) if ((children.get(m.name) ?? 0) > (children.get(best.name) ?? 0)) best = m;
  return best.file;
}

function capitalize(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
