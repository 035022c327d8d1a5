import { type ReactNode, useState } from "react";
import type { Blocker, Dependency } from "../api.ts";
import { type Load, Loaded, Panel } from "./ui.tsx";
import { BlockerForm, DependencyForm } from "./WorkflowForms.tsx";
import { BlockerList } from "./Workflows.tsx";

type Opening = "blocker" | "dependency" | null;

/**
 * Blockers and dependencies of one engagement; DMs, directors and admins mark blockers and record
 * dependencies in place. `graph` renders below the list (the dependency graph).
 */
export const BlockersPanel = ({
  engagementId,
  milestones,
  blockers,
  dependencies,
  canAct,
  onChange,
  graph,
}: {
  engagementId: string;
  milestones: readonly string[];
  blockers: Load<{ blockers: Blocker[] }>;
  dependencies: Load<{ dependencies: Dependency[] }>;
  canAct: boolean;
  onChange: () => void;
  graph?: ReactNode;
}) => {
  const [open, setOpen] = useState<Opening>(null);
  const toggle = (what: Exclude<Opening, null>, label: string) => (
    <button
      type="button"
      onClick={() => setOpen((o) => (o === what ? null : what))}
      aria-expanded={open === what}
    >
      {open === what ? "Cancel" : label}
    </button>
  );
  const done = () => {
    setOpen(null);
    onChange();
  };
  const both: Load<{ blockers: Blocker[]; dependencies: Dependency[] }> =
    blockers.state !== "ready"
      ? blockers
      : dependencies.state !== "ready"
        ? dependencies
        : { state: "ready", data: { ...blockers.data, ...dependencies.data } };
  return (
    <Panel
      title="Blockers and dependencies"
      id="blockers"
      aside={
        canAct ? (
          <span className="row">
            {toggle("blocker", "Mark blocked")}
            {toggle("dependency", "Add dependency")}
          </span>
        ) : undefined
      }
    >
      {open === "blocker" && (
        <div className="action-form">
          <BlockerForm engagementId={engagementId} onDone={done} />
        </div>
      )}
      {open === "dependency" && (
        <div className="action-form">
          <DependencyForm engagementId={engagementId} milestones={milestones} onDone={done} />
        </div>
      )}
      <Loaded load={both} what="Blockers">
        {(data) => (
          <>
            <BlockerList
              blockers={data.blockers}
              dependencies={data.dependencies}
              canAct={canAct}
              onChange={onChange}
            />
            {graph}
          </>
        )}
      </Loaded>
    </Panel>
  );
};
