/**
 * dbt's rendering context: ref/source/config/var/env_var/this/target/adapter/…
 * and macro resolution across the project, its packages and our builtins.
 *
 * One DbtSession serves one render; it records the refs, sources and config
 * the template executes. Name resolution follows dbt: the current package's
 * macros, then the root project's, then context functions, then dbt's own
 * macros; other packages only through their namespace (`dbt_utils.star`).
 *
 * `execute` is true: we render for compile fidelity (the SQL a `dbt compile`
 * would produce), but there is no warehouse, so `run_query` and
 * `statement` results are empty tables and introspective adapter calls
 * return "nothing found".
 */
import { createHash } from 'node:crypto';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { DbtContext, RefCall, Relation, SourceCall } from './api';
import { BUILTIN_NAMESPACES, type BuiltinEnv, type BuiltinMacro } from './dbt_builtins';
import { ReturnSignal, type Frame, type MacroValue, type RenderHost, type Renderer } from './evaluate';
import { MacroRegistryImpl, type MacroDef } from './macros';
import { makeModules, DateTimeValue } from './py_modules';
import { quoteIdentifier, RelationValue } from './relation';
import { AdapterObject } from './dbt_adapter';
import { makeApi, makeExceptions } from './dbt_api';
import { EMPTY_TABLE } from './query_results';
import {
  fromJs,
  isDict,
  iterate,
  JinjaRuntimeError,
  Namespace,
  PyFunction,
  PyObject,
  PyRecord,
  toInt,
  toJs,
  toStr,
  tuple,
  typeName,
  Undefined,
  type CallerInfo,
  type Kwargs,
  type PyDict,
  type Value,
} from './values';

export const MAX_RANGE = 1_000_000;

/** Adapter type → macro prefixes tried by adapter.dispatch, most specific first. */
export function adapterPrefixes(type: string): string[] {
  if (type === 'redshift') return ['redshift', 'postgres', 'default'];
  return type && type !== 'default' ? [type, 'default'] : ['default'];
}

/** The context's own names (makeGlobal's cases), offered as suggestions for typos. */
const CONTEXT_NAMES = ['ref', 'source', 'config', 'var', 'env_var', 'this', 'target', 'project_name', 'is_incremental', 'should_full_refresh', 'execute', 'adapter', 'api', 'run_query', 'statement', 'load_result', 'log', 'print', 'exceptions', 'modules', 'return', 'fromjson', 'tojson', 'fromyaml', 'toyaml', 'range', 'dict', 'namespace', 'zip', 'set', 'local_md5', 'invocation_id', 'run_started_at', 'flags', 'builtins', 'model', 'graph'];

/** Cache marker for "no such name" (undefined means "not looked up yet"). */
const NOT_FOUND = Symbol('not found');

/** Context functions that dbt also exposes as macros of its own namespace. */
const DBT_NAMESPACE_GLOBALS = new Set(['is_incremental', 'should_full_refresh', 'run_query', 'statement', 'noop_statement', 'load_result', 'store_result', 'log']);

const CONFIG_APPEND_KEYS = new Set(['tags', 'pre_hook', 'post_hook', 'pre-hook', 'post-hook']);

export class DbtSession implements RenderHost {
  readonly refs: RefCall[] = [];
  readonly sources: SourceCall[] = [];
  readonly config: PyDict = new Map();
  private readonly globals = new Map<string, Value>();
  private readonly macroValues = new Map<MacroDef, MacroValue>();
  private readonly builtinValues = new Map<string, PyFunction>();
  private readonly namespaces = new Map<string, PackageNamespace>();
  private readonly lookupCache = new Map<string, Map<string, Value | typeof NOT_FOUND>>();
  private readonly qualifiedCache = new Map<string, Value | typeof NOT_FOUND>();
  private readonly registry: MacroRegistryImpl | undefined;
  private readonly dialect: string;
  private varCache: PyDict | undefined;
  readonly builtinEnv: BuiltinEnv;
  renderer!: Renderer;

  constructor(
    readonly ctx: DbtContext,
    readonly nodePackage: string,
    readonly file: string | undefined,
  ) {
    this.registry = ctx.macros instanceof MacroRegistryImpl ? ctx.macros : undefined;
    this.dialect = ctx.target?.type ?? 'postgres';
    this.builtinEnv = {
      adapter: this.dialect,
      quote: (id) => quoteIdentifier(id, this.dialect),
      columnsOf: (rel) => (rel instanceof RelationValue ? this.ctx.relationColumns?.(rel.relation) : undefined),
      varValue: (name) => this.vars().get(name),
      target: { name: ctx.target?.name ?? 'dev', schema: ctx.target?.schema ?? 'main' },
    };
  }

  // ---------------------------------------------------------------- name resolution

  lookup(name: string, frame: Frame): Value | undefined {
    // resolution depends only on (package, name) and nothing changes during a render: cache it
    let byName = this.lookupCache.get(frame.pkg);
    if (!byName) this.lookupCache.set(frame.pkg, (byName = new Map()));
    let v = byName.get(name);
    if (v === undefined) {
      v = this.resolveName(name, frame) ?? NOT_FOUND;
      byName.set(name, v);
    }
    return v === NOT_FOUND ? undefined : (v as Value);
  }

  private resolveName(name: string, frame: Frame): Value | undefined {
    const reg = this.registry;
    if (reg) {
      const local = reg.find(frame.pkg, name) ?? (frame.pkg !== reg.rootProject ? reg.find(reg.rootProject, name) : undefined);
      if (local) return this.macroValue(local);
    }
    const g = this.global(name);
    if (g !== undefined) return g;
    const internal = reg?.find('dbt', name);
    if (internal) return this.macroValue(internal);
    // dbt's own macros are global; a project implementation of `<adapter>__name` still wins, as through dispatch
    const builtin = BUILTIN_NAMESPACES.dbt[name] ? this.resolveQualified('dbt', name) : undefined;
    if (builtin) return builtin;
    return this.namespace(name);
  }

  visibleNames(frame: Frame): Iterable<string> {
    const names = new Set<string>(CONTEXT_NAMES);
    const reg = this.registry;
    if (reg) for (const pkg of [frame.pkg, reg.rootProject]) for (const n of reg.byPackage.get(pkg)?.keys() ?? []) names.add(n);
    for (const n of Object.keys(BUILTIN_NAMESPACES.dbt)) names.add(n);
    return names;
  }

  /** A context global (ref, source, config, adapter, …), created on first use. */
  private global(name: string): Value | undefined {
    let g = this.globals.get(name);
    if (g === undefined) {
      g = this.makeGlobal(name);
      if (g !== undefined) this.globals.set(name, g);
    }
    return g;
  }

  private macroValue(def: MacroDef): MacroValue {
    let v = this.macroValues.get(def);
    if (!v) {
      v = this.renderer.bindMacro(def.node, { file: def.file, pkg: def.packageName });
      this.macroValues.set(def, v);
    }
    return v;
  }

  private builtin(pkg: string, name: string): PyFunction | undefined {
    const table = BUILTIN_NAMESPACES[pkg];
    const fn: BuiltinMacro | undefined = table && Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
    if (!fn) return undefined;
    const key = `${pkg}.${name}`;
    let v = this.builtinValues.get(key);
    if (!v) {
      v = new PyFunction(key, (args, kwargs) => fn(args, kwargs, this.builtinEnv));
      this.builtinValues.set(key, v);
    }
    return v;
  }

  private namespace(name: string): PackageNamespace | undefined {
    let ns = this.namespaces.get(name);
    if (ns) return ns;
    if (!(this.registry?.hasPackage(name) || BUILTIN_NAMESPACES[name])) return undefined;
    ns = new PackageNamespace(name, this);
    this.namespaces.set(name, ns);
    return ns;
  }

  /** `pkg.name`: the package's macro, else a project override of its dispatched implementation, else our builtin. */
  resolveQualified(pkg: string, name: string): Value | undefined {
    const key = pkg + '.' + name;
    let v = this.qualifiedCache.get(key);
    if (v === undefined) {
      v = this.resolveQualifiedUncached(pkg, name) ?? NOT_FOUND;
      this.qualifiedCache.set(key, v);
    }
    return v === NOT_FOUND ? undefined : (v as Value);
  }

  private resolveQualifiedUncached(pkg: string, name: string): Value | undefined {
    const def = this.registry?.find(pkg, name);
    if (def) return this.macroValue(def);
    if (BUILTIN_NAMESPACES[pkg]?.[name]) {
      const override = this.findDispatched(pkg, name, false);
      if (override) return override;
      return this.builtin(pkg, name);
    }
    // dbt's own macros that are context functions here: dbt.is_incremental(), dbt.run_query(), …
    if (pkg === 'dbt' && DBT_NAMESPACE_GLOBALS.has(name)) return this.global(name);
    return undefined;
  }

  /** Search order for a dispatch namespace: project config, else dbt's defaults. */
  private searchOrder(namespace: string | undefined): string[] {
    const root = this.registry?.rootProject ?? this.ctx.projectName;
    const configured = namespace ? this.ctx.dispatch?.find((d) => d.macroNamespace === namespace)?.searchOrder : undefined;
    if (configured?.length) return configured;
    if (!namespace) return [this.renderer.currentFrame.pkg, root, 'dbt'];
    if (namespace === 'dbt') return [root, 'dbt'];
    return [namespace];
  }

  /** Finds `<adapter>__name` / `default__name` along the search order (registry macros only unless `withBuiltins`). */
  private findDispatched(namespace: string | undefined, name: string, withBuiltins: boolean): Value | undefined {
    const prefixes = adapterPrefixes(this.dialect);
    for (const pkg of this.searchOrder(namespace)) {
      for (const prefix of prefixes) {
        const def = this.registry?.find(pkg, `${prefix}__${name}`);
        if (def) return this.macroValue(def);
      }
    }
    if (withBuiltins) return this.builtin(namespace ?? 'dbt', name);
    return undefined;
  }

  /** Legacy dispatch over an explicit package list. */
  dispatchIn(name: string, packages: string[]): Value {
    for (const pkg of packages)
      for (const prefix of adapterPrefixes(this.dialect)) {
        const def = this.registry?.find(pkg, `${prefix}__${name}`);
        if (def) return this.macroValue(def);
      }
    for (const pkg of packages) {
      const b = this.builtin(pkg, name);
      if (b) return b;
    }
    throw new JinjaRuntimeError(`adapter.dispatch: no implementation of '${name}' found in packages ${packages.join(', ')}`);
  }

  dispatch(name: string, namespace: string | undefined): Value {
    if (name.includes('.')) {
      // legacy form adapter.dispatch('pkg.name')
      const [pkg, macro] = name.split('.', 2);
      return this.dispatch(macro, pkg);
    }
    const found = this.findDispatched(namespace, name, true);
    if (found) return found;
    const tried = this.searchOrder(namespace)
      .flatMap((pkg) => adapterPrefixes(this.dialect).map((p) => `${pkg}.${p}__${name}`))
      .join(', ');
    throw new JinjaRuntimeError(`adapter.dispatch: no implementation of '${name}' found${namespace ? ` in namespace '${namespace}'` : ''} (tried ${tried})`);
  }

  // ---------------------------------------------------------------- recording

  /**
   * Offsets for a recorded call: the call itself when the running code is the template's own (including
   * macros and call blocks defined in it), else the outermost macro call in the template that led there.
   */
  private site(caller: CallerInfo, argIndex: number): { start: number; end: number; litStart: number; litEnd: number } {
    const inOtherFile = this.renderer.callDepth > 0 && this.renderer.currentFrame.file !== undefined;
    const outer = inOtherFile ? this.renderer.outerSite : undefined;
    if (outer) return { start: outer.start, end: outer.end, litStart: outer.start, litEnd: outer.end };
    const a = caller.args?.[argIndex];
    if (a && a.type === 'Const') return { start: caller.start, end: caller.end, litStart: a.start + 1, litEnd: Math.max(a.start + 1, a.end - 1) };
    return { start: caller.start, end: caller.end, litStart: caller.start, litEnd: caller.end };
  }

  private placeholder(identifier: string): Relation {
    return { database: this.ctx.target?.database ?? '', schema: this.ctx.target?.schema ?? '', identifier };
  }

  ref(args: Value[], kwargs: Kwargs, caller: CallerInfo): Value {
    if (args.length < 1 || args.length > 2) throw new JinjaRuntimeError(`ref() takes 1 or 2 arguments (${args.length} given)`);
    for (const a of args) if (typeof a !== 'string') throw new JinjaRuntimeError(`ref() arguments must be strings, not ${typeName(a)}`);
    const name = args[args.length - 1] as string;
    const pkg = args.length === 2 ? (args[0] as string) : undefined;
    const vRaw = kwargs.get('version') ?? kwargs.get('v');
    const version = vRaw === undefined || vRaw === null || vRaw instanceof Undefined ? undefined : typeof vRaw === 'number' ? vRaw : toStr(vRaw);
    const at = this.site(caller, args.length - 1);
    const call: RefCall = { name, start: at.start, end: at.end, nameStart: at.litStart, nameEnd: at.litEnd };
    if (pkg !== undefined) call.package = pkg;
    if (version !== undefined) call.version = version;
    this.refs.push(call);
    const rel = this.ctx.resolveRef(name, pkg, version) ?? this.placeholder(name);
    return new RelationValue(rel, this.dialect);
  }

  source(args: Value[], kwargs: Kwargs, caller: CallerInfo): Value {
    const src = args[0] ?? kwargs.get('source_name');
    const table = args[1] ?? kwargs.get('table_name');
    if (typeof src !== 'string' || typeof table !== 'string') throw new JinjaRuntimeError('source() takes two string arguments: source_name and table_name');
    const a = this.site(caller, 0);
    const b = this.site(caller, 1);
    this.sources.push({ source: src, table, start: a.start, end: a.end, sourceStart: a.litStart, sourceEnd: a.litEnd, tableStart: b.litStart, tableEnd: b.litEnd });
    // unresolved: dbt's default for a source is schema = source name
    const rel = this.ctx.resolveSource(src, table) ?? { database: this.ctx.target?.database ?? '', schema: src, identifier: table };
    return new RelationValue(rel, this.dialect);
  }

  private mergeConfig(args: Value[], kwargs: Kwargs): Value {
    const apply = (k: string, v: Value) => {
      const key = k.replace(/-/g, '_');
      const prev = this.config.get(key);
      if (CONFIG_APPEND_KEYS.has(k) && prev !== undefined) {
        const list = [...(Array.isArray(prev) ? prev : [prev]), ...(Array.isArray(v) ? v : [v])];
        this.config.set(key, list);
      } else if (key === 'meta' && isDict(prev ?? null) && isDict(v)) {
        this.config.set(key, new Map([...(prev as PyDict), ...v]));
      } else this.config.set(key, v);
    };
    for (const a of args) {
      if (!isDict(a)) throw new JinjaRuntimeError(`config() takes keyword arguments or a dict, not ${typeName(a)}`);
      for (const [k, v] of a) apply(toStr(k), v);
    }
    for (const [k, v] of kwargs) apply(k, v);
    return '';
  }

  private configGet(key: string): Value | undefined {
    const k = key.replace(/-/g, '_');
    const v = this.config.get(k);
    if (v !== undefined) return v;
    const node = this.ctx.nodeConfig;
    if (node && Object.prototype.hasOwnProperty.call(node, k)) return fromJs(node[k]);
    return undefined;
  }

  vars(): PyDict {
    return (this.varCache ??= fromJs(this.ctx.vars ?? {}) as PyDict);
  }

  private varFn(args: Value[], kwargs: Kwargs): Value {
    const name = args[0];
    if (typeof name !== 'string') throw new JinjaRuntimeError('var() needs the variable name as a string');
    const v = this.vars().get(name);
    if (v !== undefined) return v;
    if (args.length > 1) return args[1];
    if (kwargs.has('default')) return kwargs.get('default')!;
    throw new JinjaRuntimeError(`Required var '${name}' not found in config (dbt_project.yml vars or --vars) and no default was given`);
  }

  private envVar(args: Value[], kwargs: Kwargs): Value {
    const name = args[0];
    if (typeof name !== 'string') throw new JinjaRuntimeError('env_var() needs the variable name as a string');
    const v = this.ctx.env?.[name];
    if (v !== undefined) return v;
    if (args.length > 1) return args[1];
    if (kwargs.has('default')) return kwargs.get('default')!;
    throw new JinjaRuntimeError(`Env var required but not provided: '${name}'`);
  }

  // ---------------------------------------------------------------- the context's globals

  private makeGlobal(name: string): Value | undefined {
    const fn = (n: string, f: (args: Value[], kwargs: Kwargs, caller: CallerInfo) => Value) => new PyFunction(n, f);
    switch (name) {
      case 'ref':
        return fn('ref', (a, k, c) => this.ref(a, k, c));
      case 'source':
        return fn('source', (a, k, c) => this.source(a, k, c));
      case 'config':
        return new ConfigObject((a, k) => this.mergeConfig(a, k), (key) => this.configGet(key));
      case 'var':
        return fn('var', (a, k) => this.varFn(a, k));
      case 'env_var':
        return fn('env_var', (a, k) => this.envVar(a, k));
      case 'this':
        return this.ctx.self ? new RelationValue(this.ctx.self, this.dialect) : new Undefined('this', "'this' is not available: the node's relation is unknown");
      case 'target':
        return fromJs(this.ctx.target ?? {});
      case 'project_name':
        return this.ctx.projectName;
      case 'database':
        return this.ctx.target?.database ?? null;
      case 'schema':
        return this.ctx.target?.schema ?? null;
      case 'is_incremental':
        return fn('is_incremental', () => this.ctx.isIncremental ?? false);
      case 'should_full_refresh':
        return fn('should_full_refresh', () => false);
      case 'execute':
        return true;
      case 'adapter':
        return new AdapterObject(this);
      case 'api':
        return makeApi(this.dialect);
      case 'run_query':
        return fn('run_query', () => EMPTY_TABLE);
      case 'statement':
      case 'noop_statement':
        return fn(name, (_a, k, c) => {
          // render the body so refs inside it are recorded; nothing runs
          const body = k.get('caller');
          if (body instanceof PyObject && body.callable()) body.call([], new Map(), c);
          return '';
        });
      case 'load_result':
        return fn('load_result', () => new Map<Value, Value>([['table', EMPTY_TABLE], ['data', []], ['response', null]]));
      case 'store_result':
      case 'store_raw_result':
      case 'log':
      case 'print':
        return fn(name, () => '');
      case 'exceptions':
        return makeExceptions();
      case 'modules':
        return makeModules(() => Date.now());
      case 'return':
        return fn('return', (a) => {
          throw new ReturnSignal(a[0] ?? null);
        });
      case 'fromjson':
        return fn('fromjson', (a) => {
          try {
            return fromJs(JSON.parse(toStr(a[0] ?? '')));
          } catch {
            return a[1] ?? null;
          }
        });
      case 'tojson':
        return fn('tojson', (a, k) => JSON.stringify(toJs(a[0] ?? null), null, k.has('indent') ? toInt(k.get('indent')!) : undefined) ?? 'null');
      case 'fromyaml':
        return fn('fromyaml', (a) => {
          try {
            return fromJs(parseYaml(toStr(a[0] ?? '')));
          } catch {
            return a[1] ?? null;
          }
        });
      case 'toyaml':
        return fn('toyaml', (a) => stringifyYaml(toJs(a[0] ?? null)));
      case 'range':
        return fn('range', rangeFn);
      case 'dict':
        return fn('dict', (a, k) => {
          const d: PyDict = new Map();
          if (a[0] !== undefined) {
            if (isDict(a[0])) for (const [key, v] of a[0]) d.set(key, v);
            else for (const pair of iterate(a[0])) {
              const kv = iterate(pair);
              d.set(kv[0], kv[1]);
            }
          }
          for (const [key, v] of k) d.set(key, v);
          return d;
        });
      case 'namespace':
        return fn('namespace', (a, k) => {
          const fields = new Map<string, Value>();
          if (isDict(a[0] ?? null)) for (const [key, v] of a[0] as PyDict) fields.set(toStr(key), v);
          for (const [key, v] of k) fields.set(key, v);
          return new Namespace(fields);
        });
      case 'zip':
      case 'zip_strict':
        return fn(name, (a) => {
          const lists = a.map(iterate);
          const n = lists.length ? Math.min(...lists.map((l) => l.length)) : 0;
          return Array.from({ length: n }, (_, i) => tuple(lists.map((l) => l[i])));
        });
      case 'set':
      case 'set_strict':
        return fn(name, (a) => {
          const out: Value[] = [];
          for (const x of iterate(a[0] ?? [])) if (!out.some((y) => y === x)) out.push(x);
          return out;
        });
      case 'list':
        return fn('list', (a) => (a[0] === undefined ? [] : iterate(a[0]).slice()));
      case 'joiner':
        return fn('joiner', (a) => {
          let first = true;
          const sep = toStr(a[0] ?? ', ');
          return new PyFunction('joiner', () => {
            if (first) {
              first = false;
              return '';
            }
            return sep;
          });
        });
      case 'local_md5':
        return fn('local_md5', (a) => createHash('md5').update(toStr(a[0] ?? '')).digest('hex'));
      case 'invocation_id':
        return '00000000-0000-0000-0000-000000000000';
      case 'run_started_at':
        return new DateTimeValue(Date.now());
      case 'dbt_version':
        return '1.9.0';
      case 'selected_resources':
        return [];
      case 'flags':
        return new PyRecord(
          'flags',
          new Map<string, Value>([
            ['FULL_REFRESH', false],
            ['STORE_FAILURES', false],
            ['WHICH', 'compile'],
            ['WARN_ERROR', false],
            ['DEBUG', false],
            ['EMPTY', false],
          ]),
        );
      case 'builtins':
        return new PyRecord(
          'builtins',
          new Map<string, Value>([
            ['ref', fn('ref', (a, k, c) => this.ref(a, k, c))],
            ['source', fn('source', (a, k, c) => this.source(a, k, c))],
            ['config', this.global('config') ?? null],
          ]),
        );
      case 'model': {
        const self = this.ctx.self;
        return new Map<Value, Value>([
          ['name', self?.identifier ?? null],
          ['alias', self?.identifier ?? null],
          ['schema', self?.schema ?? null],
          ['database', self?.database ?? null],
          ['package_name', this.nodePackage],
          ['resource_type', 'model'],
          ['original_file_path', this.file ?? null],
          ['config', this.config],
        ]);
      }
      case 'graph':
        return new Map<Value, Value>(['nodes', 'sources', 'exposures', 'metrics', 'groups', 'semantic_models', 'saved_queries'].map((k) => [k, new Map()]));
    }
    return undefined;
  }
}

function rangeFn(args: Value[]): Value {
  const n = args.map((a) => toInt(a, 'range() argument'));
  const [start, stop, step] = n.length === 1 ? [0, n[0], 1] : [n[0] ?? 0, n[1] ?? 0, n[2] ?? 1];
  if (step === 0) throw new JinjaRuntimeError('range() arg 3 must not be zero');
  const count = Math.max(0, Math.ceil((stop - start) / step));
  if (count > MAX_RANGE) throw new JinjaRuntimeError(`range() of ${count} items is larger than the limit of ${MAX_RANGE}`);
  const out: Value[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = start + i * step;
  return out;
}

/** `dbt_utils`, `my_package`, `dbt`: macros of one package as attributes. */
class PackageNamespace extends PyObject {
  readonly typeName = 'MacroNamespace';
  constructor(
    readonly pkg: string,
    private readonly session: DbtSession,
  ) {
    super();
  }
  override getAttr(name: string): Value | undefined {
    return this.session.resolveQualified(this.pkg, name) ?? new Undefined(`${this.pkg}.${name}`, `'${this.pkg}.${name}' is undefined: no macro '${name}' in package '${this.pkg}'`);
  }
  override toStr(): string {
    return `<MacroNamespace ${this.pkg}>`;
  }
}

/** `config(...)` plus `config.get` / `config.require`. */
class ConfigObject extends PyObject {
  readonly typeName = 'Config';
  constructor(
    private readonly merge: (args: Value[], kwargs: Kwargs) => Value,
    private readonly read: (key: string) => Value | undefined,
  ) {
    super();
  }
  override callable(): boolean {
    return true;
  }
  override call(args: Value[], kwargs: Kwargs): Value {
    return this.merge(args, kwargs);
  }
  override getAttr(name: string): Value | undefined {
    switch (name) {
      case 'get':
        return new PyFunction('config.get', (a, k) => {
          const v = this.read(toStr(a[0] ?? ''));
          return v !== undefined ? v : (a[1] ?? k.get('default') ?? null);
        });
      case 'require':
        return new PyFunction('config.require', (a) => {
          const key = toStr(a[0] ?? '');
          const v = this.read(key);
          if (v === undefined) throw new JinjaRuntimeError(`Required config '${key}' is not set`);
          return v;
        });
      case 'set':
        return new PyFunction('config.set', (a) => this.merge([new Map([[a[0] ?? '', a[1] ?? null]])], new Map()));
      case 'has':
        return new PyFunction('config.has', (a) => this.read(toStr(a[0] ?? '')) !== undefined);
      case 'meta_get':
        return new PyFunction('config.meta_get', (a) => {
          const meta = this.read('meta');
          const v = isDict(meta ?? null) ? (meta as PyDict).get(a[0] ?? '') : undefined;
          return v !== undefined ? v : (a[1] ?? null);
        });
    }
    return undefined;
  }
}
