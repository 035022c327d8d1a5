import { useState } from "react";
import { api, enc } from "../api.ts";
import { useAction } from "./ui.tsx";

/** A form's error, across the whole form, announced to screen readers. */
export const FormError = ({ error }: { error: string | null }) =>
  error ? (
    <div className="wide error" role="alert">
      {error}
    </div>
  ) : null;

/** Marking a blocker by hand: what is blocked, who must act to unblock it, and a note. */
export const BlockerForm = ({ engagementId, onDone }: { engagementId: string; onDone: () => void }) => {
  const { busy, error, run } = useAction();
  const [title, setTitle] = useState("");
  const [item, setItem] = useState("");
  const [owner, setOwner] = useState("");
  const [note, setNote] = useState("");
  return (
    <form
      className="form"
      aria-label="Mark blocked"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await api.post(`/api/v1/engagements/${enc(engagementId)}/blockers`, {
            title,
            owner,
            ...(item.trim() ? { item: item.trim() } : {}),
            ...(note.trim() ? { note } : {}),
          });
          onDone();
        });
      }}
    >
      <label className="wide">
        What is blocked
        <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} required />
      </label>
      <label>
        Item key (optional)
        <input name="item" value={item} onChange={(e) => setItem(e.target.value)} placeholder="ACME-12" />
      </label>
      <label>
        Who must act
        <input name="owner" value={owner} onChange={(e) => setOwner(e.target.value)} required />
      </label>
      <label className="wide">
        Note
        <input name="note" value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <FormError error={error} />
      <div className="wide row">
        <button type="submit" className="primary" disabled={busy}>
          Mark blocked
        </button>
      </div>
    </form>
  );
};

type OnKind = "item" | "milestone" | "pod" | "external";
const ON_LABEL: Record<OnKind, string> = {
  item: "Item key it waits on",
  milestone: "Milestone it waits on",
  pod: "Engagement id of the other pod",
  external: "",
};

/**
 * Recording a dependency: what waits (an item or a milestone) on what (an item, a milestone,
 * another pod or an external party), who owes it and by when. The API refuses a loop and names it.
 */
export const DependencyForm = ({
  engagementId,
  milestones,
  onDone,
}: {
  engagementId: string;
  milestones: readonly string[];
  onDone: () => void;
}) => {
  const { busy, error, run } = useAction();
  const [title, setTitle] = useState("");
  const [dependentKind, setDependentKind] = useState<"item" | "milestone">("item");
  const [dependent, setDependent] = useState("");
  const [onKind, setOnKind] = useState<OnKind>("external");
  const [on, setOn] = useState("");
  const [owner, setOwner] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [customerOwed, setCustomerOwed] = useState(false);
  const milestoneList = `dep-milestones-${engagementId}`;
  return (
    <form
      className="form"
      aria-label="Add dependency"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await api.post(`/api/v1/engagements/${enc(engagementId)}/dependencies`, {
            title,
            [dependentKind]: dependent.trim(),
            onKind,
            ...(onKind !== "external" ? { on: on.trim() } : {}),
            owner,
            ...(dueDate ? { dueDate } : {}),
            customerOwed,
          });
          onDone();
        });
      }}
    >
      <datalist id={milestoneList}>
        {milestones.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
      <label className="wide">
        What is owed
        <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} required />
      </label>
      <label>
        What waits
        <select
          name="dependentKind"
          value={dependentKind}
          onChange={(e) => setDependentKind(e.target.value as "item" | "milestone")}
        >
          <option value="item">an item</option>
          <option value="milestone">a milestone</option>
        </select>
      </label>
      <label>
        {dependentKind === "item" ? "Item key" : "Milestone"}
        <input
          name="dependent"
          value={dependent}
          onChange={(e) => setDependent(e.target.value)}
          list={dependentKind === "milestone" ? milestoneList : undefined}
          required
        />
      </label>
      <label>
        Waits on
        <select name="onKind" value={onKind} onChange={(e) => setOnKind(e.target.value as OnKind)}>
          <option value="item">another item</option>
          <option value="milestone">a milestone</option>
          <option value="pod">another pod</option>
          <option value="external">an external party</option>
        </select>
      </label>
      {onKind !== "external" && (
        <label>
          {ON_LABEL[onKind]}
          <input
            name="on"
            value={on}
            onChange={(e) => setOn(e.target.value)}
            list={onKind === "milestone" ? milestoneList : undefined}
            required
          />
        </label>
      )}
      <label>
        Owed by
        <input name="owner" value={owner} onChange={(e) => setOwner(e.target.value)} required />
      </label>
      <label>
        Due {onKind === "external" ? "" : "(optional)"}
        <input
          type="date"
          name="dueDate"
          value={dueDate}
          onChange={(e) => setDueDate(e.target.value)}
          required={onKind === "external"}
        />
      </label>
      <label className="check">
        <input type="checkbox" checked={customerOwed} onChange={(e) => setCustomerOwed(e.target.checked)} />
        The customer owes it
      </label>
      <FormError error={error} />
      <div className="wide row">
        <button type="submit" className="primary" disabled={busy}>
          Add dependency
        </button>
      </div>
    </form>
  );
};

/** Proposing a decision (an ADR), optionally asking the customer to choose among its options. */
export const DecisionForm = ({ engagementId, onDone }: { engagementId: string; onDone: () => void }) => {
  const { busy, error, run } = useAction();
  const [title, setTitle] = useState("");
  const [context, setContext] = useState("");
  const [options, setOptions] = useState("");
  const [askCustomer, setAskCustomer] = useState(false);
  const optionList = options
    .split("\n")
    .map((o) => o.trim())
    .filter((o) => o !== "");
  return (
    <form
      className="form"
      aria-label="Propose decision"
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await api.post(`/api/v1/engagements/${enc(engagementId)}/decisions`, {
            title,
            context,
            options: optionList,
            askCustomer,
          });
          onDone();
        });
      }}
    >
      <label className="wide">
        Title
        <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} required />
      </label>
      <label className="wide">
        Context: why a decision is needed
        <textarea
          name="context"
          rows={2}
          value={context}
          onChange={(e) => setContext(e.target.value)}
          required
        />
      </label>
      <label className="wide">
        Options, one a line
        <textarea name="options" rows={3} value={options} onChange={(e) => setOptions(e.target.value)} />
      </label>
      <label className="check wide">
        <input type="checkbox" checked={askCustomer} onChange={(e) => setAskCustomer(e.target.checked)} />
        Ask the customer to decide (they will see it; needs two options or more)
      </label>
      <FormError error={error} />
      <div className="wide row">
        <button type="submit" className="primary" disabled={busy || (askCustomer && optionList.length < 2)}>
          Propose decision
        </button>
      </div>
    </form>
  );
};

/** One line of text and a button: a resolution, a reason for rejecting. */
export const TextAction = ({
  label,
  submit,
  busy,
  onSubmit,
  onCancel,
}: {
  label: string;
  submit: string;
  busy: boolean;
  onSubmit: (text: string) => void;
  onCancel: () => void;
}) => {
  const [text, setText] = useState("");
  return (
    <form
      className="row inline-form"
      aria-label={submit}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(text);
      }}
    >
      <label className="grow">
        <span className="sr-only">{label}</span>
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder={label} required />
      </label>
      <button type="submit" className="primary" disabled={busy || text.trim() === ""}>
        {submit}
      </button>
      <button type="button" className="ghost" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
};
