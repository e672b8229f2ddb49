/** ANSI colours, only when writing to a terminal and NO_COLOR is unset. */
export interface Colors {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  blue(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export function colors(enabled: boolean): Colors {
  const wrap = (code: number, reset: number) => (s: string) => (enabled ? `\u001b[${code}m${s}\u001b[${reset}m` : s);
  return { red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), blue: wrap(34, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

export function useColor(stream: NodeJS.WritableStream & { isTTY?: boolean }): boolean {
  return !!stream.isTTY && !process.env.NO_COLOR;
}
