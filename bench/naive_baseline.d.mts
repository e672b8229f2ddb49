// Types for naive_baseline.mjs.
export function naiveRender(template: string): string;
export function listModelFiles(projectDir: string): string[];
export function measureNaiveBaseline(
  projectDir: string,
  options: { models: number; sample?: number },
): { sample: number; parsed: number; failed: number; firstError: string | null; perModelMs: number; extrapolatedMs: number };
