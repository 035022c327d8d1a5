import type { ChartData } from "../../../src/reports/chart-data.ts";

/** The table behind a chart: what screen readers get and what shows when a chart cannot be drawn. */
export const chartRows = (data: ChartData): { caption: string; columns: string[]; rows: string[][] } => {
  switch (data.kind) {
    case "burnup":
      return {
        caption: `${data.title} (${data.unit})`,
        columns: ["Date", `Done (${data.unit})`, `Scope (${data.unit})`],
        rows: data.points.map((p) => [p.date, String(p.done), String(p.scope)]),
      };
    case "cycle_time":
      return {
        caption: `${data.title} (days)`,
        columns: ["Finished", "Item", "Cycle time (days)"],
        rows: data.points.map((p) => [p.date, p.key, String(p.days)]),
      };
    case "review_sla":
      return {
        caption: `${data.title} (SLA ${data.limitHours} h)`,
        columns: ["Week ending", "Within SLA", "Late"],
        rows: data.weeks.map((w) => [w.weekEnding, String(w.met), String(w.breached)]),
      };
    case "cfd":
      return {
        caption: `${data.title} (items)`,
        columns: ["Date", ...data.states],
        rows: data.days.map((d) => [d.date, ...d.counts.map(String)]),
      };
  }
};

/** A chart: for now its data table, the same one screen readers get. */
export const Chart = ({ data }: { data: ChartData }) => {
  const table = chartRows(data);
  return (
    <figure className="chart" style={{ margin: 0 }}>
      <figcaption className="muted">{table.caption}</figcaption>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.slice(-12).map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows of a chart table have no identity
              <tr key={i}>
                {r.map((cell, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells of a row
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
};
