import type { Rng } from "../../domain/random.ts";
import { addDays } from "../../domain/time.ts";
import { HOUR, workdayStart } from "./calendar.ts";
import type { SimContext } from "./context.ts";
import { change, type DeploymentDraft } from "./model.ts";
import { DEPLOYMENT_FAILURE_SHARE } from "./params.ts";

const DEPLOY_BOT = "deploy-bot[bot]";
const MINUTE = 60_000;

const hexRef = (rng: Rng) => {
  let text = "";
  for (let i = 0; i < 7; i++) text += "0123456789abcdef"[rng.int(0, 15)];
  return `main@${text}`;
};

const isWeekday = (date: string) => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day >= 1 && day <= 5;
};

/**
 * Production deployments: each working afternoon that has merges waiting, the pipeline ships
 * them. A failed deployment ships nothing; a retry two hours later usually succeeds. Each
 * deployment's first commit is that of the oldest change it brings to production.
 */
export const generateDeployments = (ctx: SimContext): DeploymentDraft[] => {
  const rng = ctx.rng.fork("deployments");
  const merges = ctx.pullRequests
    .filter((pr) => pr.mergedAt !== null && pr.mergedAt <= ctx.cutoff)
    .map((pr) => ({ at: pr.mergedAt!, firstCommitAt: pr.firstCommitAt }))
    .sort((a, b) => a.at - b.at);
  const deployments: DeploymentDraft[] = [];
  let next = 0;
  let waitingSince: number | null = null;
  const deploy = (at: number, succeed: boolean) => {
    const finishedAt = at + (4 + rng.int(0, 16)) * MINUTE;
    deployments.push({
      id: `D${deployments.length + 1}`,
      ref: hexRef(rng),
      createdAt: at,
      firstCommitAt: waitingSince,
      history: [
        change(at, "created", { to: "pending", actor: DEPLOY_BOT, bot: true }),
        change(finishedAt, "deployment_status", {
          from: "pending",
          to: succeed ? "success" : "failure",
          actor: DEPLOY_BOT,
          bot: true,
        }),
      ],
    });
    if (succeed) waitingSince = null;
    return succeed;
  };
  if (merges.length === 0) return deployments;
  for (let date = ctx.config.startDate; date <= ctx.config.endDate; date = addDays(date, 1)) {
    if (!isWeekday(date)) continue;
    const at = workdayStart(ctx.cal, date) + 6 * HOUR + rng.int(0, 59) * MINUTE;
    let shipped = false;
    while (next < merges.length && merges[next]!.at < at) {
      const merge = merges[next++]!;
      waitingSince =
        waitingSince === null ? merge.firstCommitAt : Math.min(waitingSince, merge.firstCommitAt);
      shipped = true;
    }
    if (!shipped && waitingSince === null) continue;
    if (!deploy(at, !rng.chance(DEPLOYMENT_FAILURE_SHARE))) deploy(at + 2 * HOUR, rng.chance(0.9));
  }
  return deployments;
};
