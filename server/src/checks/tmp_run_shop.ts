import { readProjectInput } from '../io/discover';
import { analyzeProject, DEFAULT_TARGET } from '../analysis/analyze_project';
import { openDuckDb } from '../warehouse/duckdb';
import { checkCommand } from '../cli/commands/check';
(async () => {
  const root = 'examples/shop';
  const input = await readProjectInput(root);
  const a = analyzeProject(input, { dialect: 'duckdb', target: DEFAULT_TARGET });
  const files = new Map([...input.files].filter(([f]) => f.endsWith('.checks.yml')));
  console.log([...files.keys()]);
  const w = await openDuckDb({ path: '/tmp/dwshop/dev.duckdb', targetName: 'dev', readOnly: true });
  const code = await checkCommand({ analysis: a, checkFiles: files, warehouse: w, format: (process.argv[2] as 'text') ?? 'text', historyPath: '/tmp/dwshop/history.duckdb', out: process.stdout, isTTY: false, now: process.argv[3] ? new Date(process.argv[3]) : undefined });
  console.log('exit', code);
  await w.close();
})();
