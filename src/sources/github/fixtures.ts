import { gh, type PullFixture, type RepoFixture } from "./test-server.ts";

/*
 * A fortnight of one repository's delivery, 2–11 March 2026, in GitHub's documented shapes. The
 * pod works in Europe/Berlin (UTC+1 then), 09:00–17:00 local, i.e. 08:00–16:00 UTC, Monday to
 * Friday. Eleven pull requests cover what review clocks must get right: a plain review, a draft
 * later made ready, a team request, bot reviews and comments, a pull request reviewed only by its
 * author, changes requested and a re-request, a weekend, a return to draft, a removed request, a
 * close and reopen, and one still waiting.
 */

export const REPO = "acme/mobile-app";

const pull = (
  spec: Omit<Parameters<typeof gh.pull>[0], "repo" | "updatedAt"> & { readonly updatedAt?: string },
  timeline: PullFixture["timeline"],
  commits: PullFixture["commits"],
): PullFixture => ({
  pull: gh.pull({
    repo: REPO,
    updatedAt: spec.updatedAt ?? spec.mergedAt ?? spec.closedAt ?? spec.createdAt,
    ...spec,
  }),
  timeline,
  commits,
});

const merge = (id: number, at: string, actor: string) => [
  gh.event(id, "merged", at, actor),
  gh.event(id + 1, "closed", at, actor),
];

export const pullFixtures = (): PullFixture[] => [
  pull(
    {
      number: 101,
      title: "ACME-101: Login screen",
      author: "alice",
      head: "feature/ACME-101-login",
      body: "Closes ACME-101; the copy follows ACME-7.",
      createdAt: "2026-03-02T09:00:00Z",
      mergedAt: "2026-03-02T12:00:00Z",
      additions: 120,
      deletions: 30,
      changedFiles: 6,
    },
    [
      gh.reviewRequested(1011, "2026-03-02T09:00:00Z", "alice", { user: "bob" }),
      gh.reviewed(5011, "2026-03-02T11:30:00Z", "bob", "approved"),
      ...merge(1012, "2026-03-02T12:00:00Z", "alice"),
    ],
    [gh.commit("a101", "2026-03-02T07:30:00Z"), gh.commit("b101", "2026-03-02T08:10:00Z")],
  ),
  pull(
    {
      number: 102,
      title: "Offline banner",
      author: "alice",
      head: "ACME-102-offline-banner",
      createdAt: "2026-03-02T10:00:00Z",
      mergedAt: "2026-03-03T10:00:00Z",
    },
    [
      gh.reviewRequested(1021, "2026-03-02T10:30:00Z", "alice", { user: "carol" }),
      gh.event(1022, "ready_for_review", "2026-03-02T14:00:00Z", "alice"),
      gh.reviewed(5021, "2026-03-03T09:00:00Z", "carol", "approved"),
      ...merge(1023, "2026-03-03T10:00:00Z", "alice"),
    ],
    [gh.commit("a102", "2026-03-02T08:00:00Z")],
  ),
  pull(
    {
      number: 103,
      title: "ACME-103 Push token refresh",
      author: "bob",
      createdAt: "2026-03-02T15:00:00Z",
      mergedAt: "2026-03-03T11:30:00Z",
    },
    [
      gh.reviewRequested(1031, "2026-03-02T15:00:00Z", "bob", { team: "mobile-core" }),
      gh.reviewed(5031, "2026-03-03T10:00:00Z", "dave", "commented"),
      gh.reviewed(5032, "2026-03-03T11:00:00Z", "dave", "approved"),
      ...merge(1032, "2026-03-03T11:30:00Z", "bob"),
    ],
    [gh.commit("a103", "2026-03-02T13:00:00Z", "bob")],
  ),
  pull(
    {
      number: 104,
      title: "Crash reporter upgrade",
      author: "carol",
      createdAt: "2026-03-03T09:00:00Z",
      mergedAt: "2026-03-03T13:30:00Z",
    },
    [
      gh.reviewRequested(1041, "2026-03-03T09:00:00Z", "carol", { user: "alice" }),
      gh.commented(7041, "2026-03-03T09:02:00Z", "github-actions[bot]"),
      gh.reviewed(5041, "2026-03-03T09:05:00Z", "lint-bot[bot]", "commented"),
      gh.reviewed(5042, "2026-03-03T13:00:00Z", "alice", "approved"),
      ...merge(1042, "2026-03-03T13:30:00Z", "carol"),
    ],
    [gh.commit("a104", "2026-03-03T08:00:00Z", "carol")],
  ),
  pull(
    {
      number: 105,
      title: "Fix typo in onboarding",
      author: "dave",
      createdAt: "2026-03-03T10:00:00Z",
      mergedAt: "2026-03-03T12:00:00Z",
    },
    [
      gh.commented(7051, "2026-03-03T10:30:00Z", "dave"),
      gh.reviewed(5051, "2026-03-03T11:00:00Z", "dave", "commented"),
      ...merge(1051, "2026-03-03T12:00:00Z", "dave"),
    ],
    [gh.commit("a105", "2026-03-03T09:50:00Z", "dave")],
  ),
  pull(
    {
      number: 106,
      title: "ACME-106: Payment retries",
      author: "alice",
      createdAt: "2026-03-04T08:00:00Z",
      mergedAt: "2026-03-05T09:30:00Z",
    },
    [
      gh.reviewRequested(1061, "2026-03-04T08:00:00Z", "alice", { user: "bob" }),
      gh.reviewed(5061, "2026-03-04T12:00:00Z", "bob", "changes_requested"),
      gh.commented(7061, "2026-03-04T13:00:00Z", "alice"),
      gh.reviewRequested(1062, "2026-03-04T14:00:00Z", "alice", { user: "bob" }),
      gh.reviewed(5062, "2026-03-05T09:00:00Z", "bob", "approved"),
      ...merge(1063, "2026-03-05T09:30:00Z", "alice"),
    ],
    [gh.commit("a106", "2026-03-03T15:00:00Z")],
  ),
  pull(
    {
      number: 107,
      title: "ACME-107: Settings sync",
      author: "bob",
      createdAt: "2026-03-06T14:00:00Z",
      mergedAt: "2026-03-10T11:00:00Z",
    },
    [
      gh.reviewRequested(1071, "2026-03-06T14:00:00Z", "bob", { user: "carol" }),
      gh.reviewed(5071, "2026-03-10T10:00:00Z", "carol", "approved"),
      ...merge(1072, "2026-03-10T11:00:00Z", "bob"),
    ],
    [gh.commit("a107", "2026-03-06T09:00:00Z", "bob")],
  ),
  pull(
    {
      number: 108,
      title: "ACME-108: Dark mode",
      author: "carol",
      createdAt: "2026-03-09T09:00:00Z",
      mergedAt: "2026-03-09T15:30:00Z",
    },
    [
      gh.reviewRequested(1081, "2026-03-09T09:00:00Z", "carol", { user: "dave" }),
      gh.event(1082, "convert_to_draft", "2026-03-09T10:00:00Z", "carol"),
      gh.event(1083, "ready_for_review", "2026-03-09T13:00:00Z", "carol"),
      gh.reviewed(5081, "2026-03-09T15:00:00Z", "dave", "approved"),
      ...merge(1084, "2026-03-09T15:30:00Z", "carol"),
    ],
    [gh.commit("a108", "2026-03-09T08:00:00Z", "carol")],
  ),
  pull(
    {
      number: 109,
      title: "ACME-109: Analytics consent",
      author: "dave",
      createdAt: "2026-03-09T10:00:00Z",
      mergedAt: "2026-03-09T16:00:00Z",
    },
    [
      gh.reviewRequested(1091, "2026-03-09T10:00:00Z", "dave", { user: "alice" }),
      gh.reviewRequested(1092, "2026-03-09T10:00:00Z", "dave", { user: "bob" }),
      gh.commented(7091, "2026-03-09T11:00:00Z", "bob"),
      gh.reviewRequested(1093, "2026-03-09T11:30:00Z", "dave", { user: "alice" }, "review_request_removed"),
      gh.reviewed(5091, "2026-03-09T14:00:00Z", "bob", "approved"),
      ...merge(1094, "2026-03-09T16:00:00Z", "dave"),
    ],
    [gh.commit("a109", "2026-03-09T09:00:00Z", "dave")],
  ),
  pull(
    {
      number: 110,
      title: "ACME-110: Image cache",
      author: "alice",
      createdAt: "2026-03-10T09:00:00Z",
      mergedAt: "2026-03-11T12:00:00Z",
    },
    [
      gh.reviewRequested(1101, "2026-03-10T09:00:00Z", "alice", { user: "carol" }),
      gh.event(1102, "closed", "2026-03-10T10:00:00Z", "alice"),
      gh.event(1103, "reopened", "2026-03-11T09:00:00Z", "alice"),
      gh.reviewed(5101, "2026-03-11T11:00:00Z", "carol", "approved"),
      ...merge(1104, "2026-03-11T12:00:00Z", "alice"),
    ],
    [gh.commit("a110", "2026-03-10T08:00:00Z")],
  ),
  pull(
    {
      number: 111,
      title: "ACME-111: Tablet layout",
      author: "bob",
      createdAt: "2026-03-11T13:00:00Z",
    },
    [gh.reviewRequested(1111, "2026-03-11T13:00:00Z", "bob", { team: "mobile-core" })],
    [gh.commit("a111", "2026-03-11T10:00:00Z", "bob")],
  ),
];

const deploymentStatus = (id: number, deploymentId: number, state: string, at: string) => ({
  url: `https://api.github.com/repos/${REPO}/deployments/${deploymentId}/statuses/${id}`,
  id,
  node_id: `DES_${id}`,
  state,
  creator: gh.user("deploy-bot[bot]"),
  description: "",
  environment: "production",
  target_url: "",
  created_at: at,
  updated_at: at,
});

const deployment = (id: number, environment: string, createdAt: string, updatedAt: string) => ({
  url: `https://api.github.com/repos/${REPO}/deployments/${id}`,
  id,
  node_id: `DE_${id}`,
  sha: "d".repeat(40),
  ref: "main",
  task: "deploy",
  payload: {},
  original_environment: environment,
  environment,
  description: null,
  creator: gh.user("deploy-bot[bot]"),
  created_at: createdAt,
  updated_at: updatedAt,
});

/** The whole repository: the pull requests above, two issues, milestones, deployments, a release. */
export const repoFixture = (): RepoFixture => ({
  pulls: pullFixtures(),
  issues: [
    {
      number: 201,
      title: "Crash on launch",
      user: gh.user("carol"),
      state: "closed",
      state_reason: "completed",
      created_at: "2026-03-02T08:00:00Z",
      updated_at: "2026-03-04T10:00:00Z",
      closed_at: "2026-03-04T10:00:00Z",
      assignee: gh.user("alice"),
      labels: [{ id: 1, name: "bug" }],
    },
    {
      number: 202,
      title: "Tablet support",
      user: gh.user("dave"),
      state: "open",
      state_reason: null,
      created_at: "2026-03-05T08:00:00Z",
      updated_at: "2026-03-05T08:00:00Z",
      closed_at: null,
      assignee: null,
      labels: [],
    },
  ],
  milestones: [
    {
      number: 1,
      title: "Beta",
      state: "open",
      due_on: "2026-04-01T07:00:00Z",
      created_at: "2026-03-01T10:00:00Z",
      updated_at: "2026-03-01T10:00:00Z",
      closed_at: null,
    },
    {
      number: 2,
      title: "Someday",
      state: "open",
      due_on: null,
      created_at: "2026-03-01T10:00:00Z",
      updated_at: "2026-03-01T10:00:00Z",
      closed_at: null,
    },
  ],
  deployments: [
    {
      deployment: deployment(9001, "production", "2026-03-05T10:00:00Z", "2026-03-05T10:10:00Z"),
      statuses: [
        deploymentStatus(1, 9001, "pending", "2026-03-05T10:00:05Z"),
        deploymentStatus(2, 9001, "in_progress", "2026-03-05T10:01:00Z"),
        deploymentStatus(3, 9001, "success", "2026-03-05T10:10:00Z"),
        deploymentStatus(7, 9001, "inactive", "2026-03-10T12:30:00Z"),
      ],
    },
    {
      deployment: deployment(9002, "production", "2026-03-10T12:00:00Z", "2026-03-10T12:05:00Z"),
      statuses: [deploymentStatus(4, 9002, "failure", "2026-03-10T12:05:00Z")],
    },
    {
      deployment: deployment(9003, "production", "2026-03-11T13:00:00Z", "2026-03-11T13:10:00Z"),
      statuses: [deploymentStatus(5, 9003, "success", "2026-03-11T13:10:00Z")],
    },
  ],
  releases: [
    {
      url: `https://api.github.com/repos/${REPO}/releases/3001`,
      id: 3001,
      tag_name: "v1.4.0",
      name: "1.4.0",
      draft: false,
      prerelease: false,
      created_at: "2026-03-11T13:00:00Z",
      published_at: "2026-03-11T13:05:00Z",
      author: gh.user("alice"),
    },
  ],
});
