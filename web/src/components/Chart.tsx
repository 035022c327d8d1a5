import { useEffect, useMemo, useRef, useState } from "react";
import { chartHover, chartSummary, chartSvg, chartTable } from "../../../src/charts/index.ts";
import type { ChartData } from "../../../src/reports/chart-data.ts";

const darkQuery = "(prefers-color-scheme: dark)";

/** Light or dark, following the system and its changes. */
const useTheme = (): "light" | "dark" => {
  const [dark, setDark] = useState(() => window.matchMedia(darkQuery).matches);
  useEffect(() => {
    const query = window.matchMedia(darkQuery);
    const change = () => setDark(query.matches);
    query.addEventListener("change", change);
    return () => query.removeEventListener("change", change);
  }, []);
  return dark ? "dark" : "light";
};

/** The width the chart has to fill, followed as the layout changes. */
const useWidth = (ref: React.RefObject<HTMLElement | null>) => {
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(320, Math.round(entry.contentRect.width)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
};

const ChartTableView = ({ data, className }: { data: ChartData; className?: string }) => {
  const table = chartTable(data);
  return (
    <table className={`data ${className ?? ""}`}>
      <caption className="sr-only">{table.caption}</caption>
      <thead>
        <tr>
          {table.columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {table.rows.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: chart rows have no identity of their own
          <tr key={i}>
            {row.map((cell, j) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: cells of one row
              <td key={j}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
};

/**
 * A chart drawn by `src/charts` (the same SVG reports use), sized to its container, in the
 * system's light or dark theme, with the value under the pointer. Screen readers get the data
 * table instead of the picture; anyone can open the table below the chart.
 */
export const Chart = ({ data, height = 240 }: { data: ChartData; height?: number }) => {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const theme = useTheme();
  const [tip, setTip] = useState<{ label: string; left: number; top: number } | null>(null);
  const [showTable, setShowTable] = useState(false);
  // chartSvg escapes every text it draws; the string holds no script and no event handler.
  const svg = useMemo(() => chartSvg(data, { width, height, theme }), [data, width, height, theme]);
  const onMove = (event: React.PointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const scale = width / rect.width;
    const hit = chartHover(
      data,
      { width, height, theme },
      (event.clientX - rect.left) * scale,
      (event.clientY - rect.top) * scale,
    );
    setTip(hit ? { label: hit.label, left: hit.x / scale, top: hit.y / scale } : null);
  };
  return (
    <figure className="chart" style={{ margin: 0 }}>
      <div
        ref={box}
        className="chart-canvas"
        aria-hidden="true"
        onPointerMove={onMove}
        onPointerLeave={() => setTip(null)}
        // biome-ignore lint/security/noDangerouslySetInnerHtml: chartSvg escapes all text; the SVG is static markup
        dangerouslySetInnerHTML={{ __html: svg }}
      />
      {tip && (
        <div className="tip" style={{ left: tip.left, top: tip.top }}>
          {tip.label}
        </div>
      )}
      <figcaption
        className="row"
        style={{ justifyContent: "space-between", marginTop: 4, flexWrap: "nowrap" }}
      >
        <span className="muted">{chartSummary(data)}</span>
        <button
          type="button"
          className="ghost"
          style={{ flexShrink: 0 }}
          aria-expanded={showTable}
          onClick={() => setShowTable((s) => !s)}
        >
          {showTable ? "Hide table" : "Show table"}
        </button>
      </figcaption>
      {showTable ? (
        <div className="table-wrap" style={{ maxHeight: 260, overflow: "auto" }}>
          <ChartTableView data={data} />
        </div>
      ) : (
        <ChartTableView data={data} className="sr-only" />
      )}
    </figure>
  );
};
