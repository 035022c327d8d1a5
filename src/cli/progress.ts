import cliProgress from "cli-progress";
import type { Progress } from "../ingest/connector.ts";

/** Shows sync progress: bars on a terminal, nothing in pipes and CI logs (the summary says it all). */
export interface ProgressView {
  update(sourceId: string, progress: Progress): void;
  stop(): void;
}

export const progressView = (stream: NodeJS.WriteStream = process.stderr): ProgressView => {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const multi = new cliProgress.MultiBar(
    {
      stream,
      format: " {label} |{bar}| {value}/{total} pages",
      hideCursor: true,
      clearOnComplete: false,
      barCompleteChar: "█",
      barIncompleteChar: "░",
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    update(sourceId, { stream: name, done, total, note }) {
      const key = `${sourceId} ${name}`;
      const label = (note ? `${key} (${note})` : key).padEnd(36);
      const bar = bars.get(key) ?? multi.create(total ?? done, 0, { label });
      bars.set(key, bar);
      if (total !== null) bar.setTotal(total);
      else if (done > bar.getTotal()) bar.setTotal(done);
      bar.update(done, { label });
    },
    stop: () => multi.stop(),
  };
};
