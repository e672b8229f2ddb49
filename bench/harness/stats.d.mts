// Types for stats.mjs.
export function median(values: number[]): number;
export function percentile(values: number[], p: number): number;
export function max(values: number[]): number;
