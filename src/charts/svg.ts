import type { ChartOptions, Layout, Mark, Tone } from "./layout.ts";

/**
 * Draws a laid-out chart as a self-contained SVG string: no scripts, no external fonts or styles,
 * every text escaped, so it can be inlined in an email, a PDF or the web app as it is.
 */

const PALETTE: Record<
  ChartOptions["theme"],
  Record<Tone | "text" | "axis" | "grid" | "background", string>
> = {
  light: {
    background: "#ffffff",
    text: "#1c2024",
    axis: "#5f6b76",
    grid: "#e8ebef",
    primary: "#2e6fd8",
    secondary: "#7a5af8",
    good: "#2f9e5e",
    warn: "#d9730d",
    muted: "#98a2b3",
    accent: "#2e6fd8",
  },
  dark: {
    background: "#1a1d20",
    text: "#e6e8eb",
    axis: "#9aa4ae",
    grid: "#2b3035",
    primary: "#6ea8fe",
    secondary: "#a48afb",
    good: "#47cd89",
    warn: "#f79009",
    muted: "#667085",
    accent: "#6ea8fe",
  },
};

/** Escapes text for SVG/XML content and attribute values. */
export const escapeXml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

const n = (v: number) => (Math.round(v * 10) / 10).toString();
const path = (points: readonly (readonly [number, number])[]) =>
  points.map(([x, y], i) => `${i === 0 ? "M" : "L"}${n(x)} ${n(y)}`).join(" ");

const FONT = `font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"`;

const drawMark = (m: Mark, colour: (tone: Tone) => string, layout: Layout): string => {
  const { plot } = layout;
  switch (m.type) {
    case "line":
      return `<path d="${path(m.points)}" fill="none" stroke="${colour(m.tone)}" stroke-width="2" stroke-linejoin="round"${m.dashed ? ' stroke-dasharray="6 4"' : ""}/>`;
    case "area":
      return `<path d="${path(m.points)} Z" fill="${colour(m.tone)}" fill-opacity="${m.opacity}" stroke="none"/>`;
    case "dot":
      return `<circle cx="${n(m.x)}" cy="${n(m.y)}" r="3.5" fill="${colour(m.tone)}" fill-opacity="0.85"><title>${escapeXml(m.label)}</title></circle>`;
    case "bar":
      return m.height <= 0
        ? ""
        : `<rect x="${n(m.x)}" y="${n(m.y)}" width="${n(m.width)}" height="${n(m.height)}" fill="${colour(m.tone)}"><title>${escapeXml(m.label)}</title></rect>`;
    case "rule":
      return m.orientation === "vertical"
        ? `<line x1="${n(m.at)}" x2="${n(m.at)}" y1="${plot.top}" y2="${plot.bottom}" stroke="${colour(m.tone)}" stroke-width="1.5" stroke-dasharray="4 3"/><text x="${n(m.at - 4)}" y="${plot.top + 12}" text-anchor="end" font-size="11" fill="${colour(m.tone)}" ${FONT}>${escapeXml(m.label)}</text>`
        : `<line x1="${plot.left}" x2="${plot.right}" y1="${n(m.at)}" y2="${n(m.at)}" stroke="${colour(m.tone)}" stroke-width="1.2" stroke-dasharray="4 3"/><text x="${plot.right - 2}" y="${n(m.at - 4)}" text-anchor="end" font-size="11" fill="${colour(m.tone)}" ${FONT}>${escapeXml(m.label)}</text>`;
    case "text":
      return `<text x="${n(m.x)}" y="${n(m.y)}" text-anchor="middle" font-size="10" fill="${colour(m.tone)}" ${FONT}>${escapeXml(m.text)}</text>`;
  }
};

/** A short id from the chart's own text, so the same chart always renders the same SVG. */
const idOf = (text: string) => {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return `chart-${(hash >>> 0).toString(36)}`;
};

/** The chart as an `<svg>` element string, sized `width` × `height`. */
export const renderSvg = (layout: Layout): string => {
  const { options, plot } = layout;
  const palette = PALETTE[options.theme];
  const colour = (tone: Tone) => palette[tone];
  const id = idOf(
    `${layout.title}|${layout.description}|${options.width}x${options.height}|${options.theme}`,
  );
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${options.width}" height="${options.height}" viewBox="0 0 ${options.width} ${options.height}" role="img" aria-labelledby="${id}-t ${id}-d">`,
    `<title id="${id}-t">${escapeXml(layout.title)}</title>`,
    `<desc id="${id}-d">${escapeXml(layout.description)}</desc>`,
    `<rect width="100%" height="100%" fill="${palette.background}"/>`,
  );
  // Legend across the top.
  let lx = plot.left;
  for (const item of layout.legend) {
    parts.push(
      item.dashed
        ? `<line x1="${lx}" x2="${lx + 14}" y1="14" y2="14" stroke="${colour(item.tone)}" stroke-width="2" stroke-dasharray="4 2"/>`
        : `<rect x="${lx}" y="9" width="14" height="10" rx="2" fill="${colour(item.tone)}"/>`,
      `<text x="${lx + 19}" y="18" font-size="11" fill="${palette.text}" ${FONT}>${escapeXml(item.label)}</text>`,
    );
    lx += 19 + item.label.length * 6.2 + 14;
  }
  // Grid and axes.
  for (const t of layout.yTicks)
    parts.push(
      `<line x1="${plot.left}" x2="${plot.right}" y1="${n(t.at)}" y2="${n(t.at)}" stroke="${palette.grid}"/>`,
      `<text x="${plot.left - 6}" y="${n(t.at + 4)}" text-anchor="end" font-size="11" fill="${palette.axis}" ${FONT}>${escapeXml(t.label)}</text>`,
    );
  for (const t of layout.xTicks)
    parts.push(
      `<line x1="${n(t.at)}" x2="${n(t.at)}" y1="${plot.bottom}" y2="${plot.bottom + 4}" stroke="${palette.axis}"/>`,
      `<text x="${n(t.at)}" y="${plot.bottom + 17}" text-anchor="middle" font-size="11" fill="${palette.axis}" ${FONT}>${escapeXml(t.label)}</text>`,
    );
  parts.push(
    `<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}" stroke="${palette.axis}"/>`,
    `<text x="${(plot.left + plot.right) / 2}" y="${options.height - 6}" text-anchor="middle" font-size="11" fill="${palette.axis}" ${FONT}>${escapeXml(layout.xLabel)}</text>`,
    `<text transform="translate(13 ${(plot.top + plot.bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="11" fill="${palette.axis}" ${FONT}>${escapeXml(layout.yLabel)}</text>`,
  );
  if (layout.empty)
    parts.push(
      `<text x="${(plot.left + plot.right) / 2}" y="${(plot.top + plot.bottom) / 2}" text-anchor="middle" font-size="13" fill="${palette.axis}" ${FONT}>${escapeXml(layout.empty)}</text>`,
    );
  for (const m of layout.marks) parts.push(drawMark(m, colour, layout));
  parts.push("</svg>");
  return parts.join("");
};
