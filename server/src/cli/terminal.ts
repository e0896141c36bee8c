/** ANSI colour for a terminal: on only when stdout is a TTY and `NO_COLOR` is not set (https://no-color.org). */

export type Colors = boolean;

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  yellow: [33, 39],
  blue: [34, 39],
  cyan: [36, 39],
  green: [32, 39],
  magenta: [35, 39],
} as const;

export type Style = keyof typeof CODES;

export function paint(colors: Colors, style: Style, text: string): string {
  if (!colors || !text) return text;
  const [on, off] = CODES[style];
  return `\u001b[${on}m${text}\u001b[${off}m`;
}

export function useColors(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Colors {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return !!stream.isTTY;
}

/** Display width of a string for alignment: escape sequences take no room. */
export function visibleLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return [...s.replace(/\u001b\[[0-9;]*m/g, '')].length;
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - visibleLength(s)));
}

export function padStart(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - visibleLength(s))) + s;
}
