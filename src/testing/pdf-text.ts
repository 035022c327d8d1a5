import { inflateSync } from "node:zlib";

/**
 * The text of a PDF as Chromium writes it (uncompressed object table, Flate streams, Type 0 fonts
 * with ToUnicode maps), for tests that must read what a PDF says. Not a general PDF parser.
 */
export const pdfText = (pdf: Buffer): string => {
  const raw = pdf.toString("latin1");
  const objects = new Map<string, { dict: string; stream: string | null }>();
  for (const m of raw.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2] ?? "";
    const at = body.indexOf("stream");
    let stream: string | null = null;
    if (at >= 0) {
      const start = (m.index ?? 0) + m[0].indexOf(body) + at + "stream".length;
      const from = raw[start] === "\r" ? start + 2 : start + 1;
      const to = raw.indexOf("endstream", from);
      const bytes = pdf.subarray(from, to);
      try {
        stream = /FlateDecode/.test(body.slice(0, at))
          ? inflateSync(bytes).toString("latin1")
          : bytes.toString("latin1");
      } catch {
        stream = null;
      }
    }
    objects.set(m[1] ?? "", { dict: at >= 0 ? body.slice(0, at) : body, stream });
  }
  const cmapOf = (fontRef: string) => {
    const font = objects.get(fontRef)?.dict ?? "";
    const ref = /\/ToUnicode (\d+) 0 R/.exec(font)?.[1];
    const map = new Map<number, string>();
    const cmap = ref ? (objects.get(ref)?.stream ?? "") : "";
    const hex = (h: string) =>
      String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((c) => Number.parseInt(c, 16)));
    for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
      for (const p of (block[1] ?? "").matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
        map.set(Number.parseInt(p[1] ?? "", 16), hex(p[2] ?? ""));
    for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
      for (const p of (block[1] ?? "").matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        const [lo, hi, base] = [p[1], p[2], p[3]].map((v) => Number.parseInt(v ?? "", 16)) as [
          number,
          number,
          number,
        ];
        for (let g = lo; g <= hi; g++) map.set(g, String.fromCodePoint(base + g - lo));
      }
    return map;
  };
  const lines: string[] = [];
  // Fonts by resource name, from every font dictionary in the file (Chromium names them uniquely).
  const fonts = new Map<string, Map<number, string>>();
  for (const r of raw.matchAll(/\/Font\s*<<([^>]*)>>/g))
    for (const f of (r[1] ?? "").matchAll(/\/(\w+) (\d+) 0 R/g)) fonts.set(f[1] ?? "", cmapOf(f[2] ?? ""));
  for (const { stream } of objects.values()) {
    if (!stream || !/\bTf\b/.test(stream)) continue;
    let cmap = new Map<number, string>();
    let line = "";
    for (const op of stream.matchAll(
      /\/(\w+) [\d.]+ Tf|\[((?:[^\]])*)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj|\bT[d*]\b|\bTm\b/g,
    )) {
      if (op[1]) cmap = fonts.get(op[1]) ?? new Map();
      else if (op[2] !== undefined || op[3] !== undefined) {
        for (const h of (op[2] ?? `<${op[3]}>`).matchAll(/<([0-9A-Fa-f]*)>/g))
          for (const g of (h[1] ?? "").match(/.{4}/g) ?? []) line += cmap.get(Number.parseInt(g, 16)) ?? "";
      } else {
        if (line) lines.push(line);
        line = "";
      }
    }
    if (line) lines.push(line);
  }
  return lines.join("\n");
};
