/**
 * The template syntax tree. Every node keeps its template offsets so that
 * errors, refs and the source map can point back at the text.
 */

export interface Span {
  start: number;
  end: number;
}

// ------------------------------------------------------------------ expressions

export type Expr =
  | (Span & { type: 'Const'; value: string | number | boolean | null })
  | (Span & { type: 'Name'; name: string })
  | (Span & { type: 'List'; items: Expr[] })
  | (Span & { type: 'Tuple'; items: Expr[] })
  | (Span & { type: 'Dict'; keys: Expr[]; values: Expr[] })
  | (Span & { type: 'GetAttr'; obj: Expr; attr: string })
  | (Span & { type: 'GetItem'; obj: Expr; index: Expr })
  | (Span & { type: 'Slice'; obj: Expr; lo?: Expr; hi?: Expr; step?: Expr })
  | (Span & { type: 'Call'; fn: Expr; args: Expr[]; kwargs: KwArg[]; starArgs?: Expr; starKwargs?: Expr })
  | (Span & { type: 'Filter'; expr: Expr; name: string; args: Expr[]; kwargs: KwArg[] })
  | (Span & { type: 'Test'; expr: Expr; name: string; args: Expr[]; negated: boolean })
  | (Span & { type: 'Bin'; op: string; left: Expr; right: Expr })
  | (Span & { type: 'Cmp'; first: Expr; ops: { op: string; expr: Expr }[] })
  | (Span & { type: 'And'; left: Expr; right: Expr })
  | (Span & { type: 'Or'; left: Expr; right: Expr })
  | (Span & { type: 'Not'; expr: Expr })
  | (Span & { type: 'Neg'; expr: Expr })
  | (Span & { type: 'Pos'; expr: Expr })
  | (Span & { type: 'Cond'; test: Expr; then: Expr; else?: Expr });

export interface KwArg {
  name: string;
  value: Expr;
}

/** Assignment targets: `x`, `a, b`, `ns.attr`. */
export type Target =
  | (Span & { type: 'Name'; name: string })
  | (Span & { type: 'Tuple'; items: Target[] })
  | (Span & { type: 'NsAttr'; ns: string; attr: string });

export interface Param {
  name: string;
  default?: Expr;
}

// ------------------------------------------------------------------ statements

export interface MacroNode extends Span {
  type: 'Macro';
  name: string;
  params: Param[];
  body: Node[];
  nameStart: number;
  nameEnd: number;
  /** Between the end of the opening tag and the start of the closing tag. */
  bodyStart: number;
  bodyEnd: number;
}

/** A parsed filter application in `{% filter upper %}` or `{% set x | trim %}`. */
export interface FilterCall extends Span {
  name: string;
  args: Expr[];
  kwargs: KwArg[];
}

export type Node =
  | (Span & { type: 'Data'; text: string })
  | (Span & { type: 'Output'; expr: Expr })
  | (Span & { type: 'If'; branches: { test: Expr; body: Node[] }[]; else?: Node[] })
  | (Span & { type: 'For'; target: Target; iter: Expr; cond?: Expr; body: Node[]; else?: Node[]; recursive: boolean })
  | (Span & { type: 'Set'; target: Target; value: Expr })
  | (Span & { type: 'SetBlock'; target: Target; filters: FilterCall[]; body: Node[] })
  | MacroNode
  | (Span & { type: 'CallBlock'; call: Expr; params: Param[]; body: Node[] })
  | (Span & { type: 'Do'; expr: Expr })
  | (Span & { type: 'FilterBlock'; filters: FilterCall[]; body: Node[] })
  | (Span & { type: 'With'; targets: Target[]; values: Expr[]; body: Node[] })
  /** dbt's `{% snapshot name %}` / unknown-but-tolerated blocks: the body renders as is. */
  | (Span & { type: 'Block'; body: Node[] })
  | (Span & { type: 'Break' })
  | (Span & { type: 'Continue' });
