/**
 * Static validation of a check file for the editor and the CLI: syntax,
 * unknown datasets, unknown columns — no warehouse needed.
 */
import type { Diagnostic } from '../core/diagnostic';
import type { CheckCatalog } from './catalog';
import { parseCheckFile } from './parse_check_file';
import { planCheckFile } from './plan_checks';

export function validateChecks(file: string, text: string, catalog: CheckCatalog): Diagnostic[] {
  return planCheckFile(parseCheckFile(file, text), catalog).diagnostics;
}

/** True for the files the check engine owns. */
export function isCheckFile(path: string): boolean {
  return /\.checks\.ya?ml$/i.test(path);
}
