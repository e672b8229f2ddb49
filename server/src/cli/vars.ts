import { parse } from 'yaml';
import { UsageError } from './args';

/** `--vars` takes YAML (as dbt does): a mapping of var names to values. */
export function loadYamlVars(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    throw new UsageError(`--vars is not valid YAML: ${(e as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError('--vars must be a YAML mapping, e.g. {start_date: 2024-01-01}');
  return value as Record<string, unknown>;
}
