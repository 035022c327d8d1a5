/** Renders rows as an aligned plain-text table; the first row is the header. */
export const table = (
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string => {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null ? "—" : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "─".repeat(w))), ...cells.slice(1).map(line)].join("\n");
};

/** Where a command writes: stdout for results, stderr for progress and notices. */
export interface Output {
  readonly json: boolean;
  result(text: string, data: unknown): void;
  notice(text: string): void;
}

export const consoleOutput = (json: boolean): Output => ({
  json,
  result: (text, data) => {
    process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text}\n`);
  },
  notice: (text) => {
    process.stderr.write(`${text}\n`);
  },
});

/** A share (0–1) as a whole percentage; "—" when unknown. */
export const pct = (share: number | null) => (share === null ? "—" : `${Math.round(share * 100)} %`);

/** Hours for reading: hours below two days, days above; "—" when unknown. */
export const hours = (h: number | null) =>
  h === null ? "—" : h >= 48 ? `${(h / 24).toFixed(1)} d` : `${h.toFixed(1)} h`;

/** Days to one decimal; "—" when unknown. */
export const days = (d: number | null) => (d === null ? "—" : `${d.toFixed(1)} d`);
