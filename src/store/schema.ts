/**
 * Row types of Baton's tables, as the typed query layer sees them (camelCase; the database uses
 * snake_case). Booleans are stored as 0/1 integers and JSON as text on both dialects, so rows read
 * back identically from SQLite and PostgreSQL.
 */

export interface CustomersTable {
  id: string;
  name: string;
}

export interface EngagementsTable {
  id: string;
  customerId: string;
  name: string;
  status: string;
  sprintLengthDays: number;
  reportDay: string;
  reviewSlaHours: number;
  timeZone: string;
  startDate: string;
}

export interface PeopleTable {
  id: string;
  name: string;
  email: string | null;
  timeZone: string;
  /** Comma-separated ISO weekday numbers, e.g. `1,2,3,4,5`. */
  workingDays: string;
  workStart: string;
  workEnd: string;
  /** JSON array of `YYYY-MM-DD`. */
  holidays: string;
}

export interface PersonIdentitiesTable {
  source: string;
  externalId: string;
  personId: string;
}

export interface PodMembershipsTable {
  id: string;
  engagementId: string;
  personId: string;
  role: string;
  allocationPct: number;
  fromDate: string;
  toDate: string | null;
}

export interface DmAssignmentsTable {
  id: string;
  engagementId: string;
  personId: string;
  role: string;
  fromDate: string;
  toDate: string | null;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: string;
  passwordHash: string | null;
  customerId: string | null;
  personId: string | null;
  createdAt: string;
}

export interface SourcesTable {
  id: string;
  engagementId: string;
  kind: string;
  /** JSON object, validated by the connector. Secrets are never stored: only env-var names. */
  config: string;
  createdAt: string;
}

/** A payload exactly as a source delivered it, with where and when it came from. */
export interface RawRecordsTable {
  /** `<sourceId>:<stream>:<contentHash>`: the same payload fetched twice is stored once. */
  id: string;
  sourceId: string;
  stream: string;
  url: string;
  /** JSON object of the request parameters. */
  params: string;
  fetchedAt: string;
  /** Order of fetches within one instant. */
  fetchSeq: number;
  contentHash: string;
  payload: string;
}

export interface SyncCursorsTable {
  sourceId: string;
  stream: string;
  cursor: string;
  updatedAt: string;
}

export interface SyncRunsTable {
  id: string;
  sourceId: string;
  mode: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  fetched: number;
  converted: number;
  skipped: number;
  failed: number;
  /** JSON array of problems: `{ stage, sourceRecordId, reason }`. */
  problems: string;
  error: string | null;
}

export interface WorkItemsTable {
  id: string;
  engagementId: string;
  sourceId: string;
  key: string;
  title: string;
  type: string;
  status: string;
  statusCategory: string;
  createdAt: string;
  resolvedAt: string | null;
  points: number | null;
  assignee: string | null;
  parentId: string | null;
  customerVisible: number;
}

export interface SprintsTable {
  id: string;
  engagementId: string;
  sourceId: string;
  name: string;
  state: string;
  startAt: string | null;
  endAt: string | null;
  completedAt: string | null;
  goal: string | null;
}

export interface PullRequestsTable {
  id: string;
  engagementId: string;
  sourceId: string;
  repo: string;
  number: number;
  title: string;
  author: string;
  state: string;
  draft: number;
  createdAt: string;
  mergedAt: string | null;
  closedAt: string | null;
  firstCommitAt: string | null;
  additions: number;
  deletions: number;
  changedFiles: number;
  baseBranch: string;
  /** JSON array of work-item keys. */
  itemKeys: string;
}

export interface DeploymentsTable {
  id: string;
  engagementId: string;
  sourceId: string;
  environment: string;
  status: string;
  ref: string;
  createdAt: string;
  finishedAt: string | null;
  firstCommitAt: string | null;
}

export interface MilestonesTable {
  id: string;
  engagementId: string;
  sourceId: string | null;
  name: string;
  targetDate: string;
  epicId: string | null;
  closedAt: string | null;
}

export interface EventsTable {
  id: string;
  engagementId: string;
  sourceId: string;
  entity: string;
  entityId: string;
  at: string;
  kind: string;
  fromValue: string | null;
  toValue: string | null;
  fromLabel: string | null;
  toLabel: string | null;
  actor: string | null;
  actorIsBot: number;
  seq: number;
}

/** One forecast as it was made: when, from what inputs, with what percentiles. */
export interface ForecastsTable {
  /** `<engagement>:<milestone or items>:<kind>:<asOf>`: the same forecast made again replaces itself. */
  id: string;
  engagementId: string;
  milestoneId: string | null;
  /** `when` (dates for remaining items) or `how_many` (items by a date). */
  kind: string;
  asOf: string;
  madeAt: string;
  /** Dates (`when`) or item counts (`how_many`) as text. */
  p50: string | null;
  p85: string | null;
  p95: string | null;
  targetDate: string | null;
  probability: number | null;
  /** JSON: the inputs the forecast states (window, samples, trials, seed, scope, capacity). */
  inputs: string;
  /** JSON: the full result. */
  result: string;
}

export interface WebhookDeliveriesTable {
  sourceId: string;
  deliveryId: string;
  event: string;
  receivedAt: string;
  runId: string;
}

export interface EscalationsTable {
  id: string;
  engagementId: string;
  title: string;
  level: string;
  suggestedLevel: string;
  levelReason: string;
  levelConfirmed: number;
  severity: string;
  customerImpact: string;
  impactDate: string | null;
  impact: string;
  ask: string;
  askedOf: string;
  dueDate: string | null;
  customerVisible: number;
  status: string;
  resolution: string | null;
  warranted: number | null;
  signalId: string | null;
  mergedInto: string | null;
  raisedBy: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
}

export interface BlockersTable {
  id: string;
  engagementId: string;
  itemId: string | null;
  title: string;
  owner: string;
  since: string;
  resolvedAt: string | null;
  note: string | null;
}

export interface DependenciesTable {
  id: string;
  engagementId: string;
  title: string;
  dependentKind: string;
  dependentId: string;
  prerequisiteKind: string;
  prerequisiteId: string | null;
  owner: string;
  dueDate: string | null;
  customerOwed: number;
  status: string;
  createdAt: string;
  closedAt: string | null;
}

export interface DecisionsTable {
  id: string;
  engagementId: string;
  number: number;
  title: string;
  context: string;
  /** JSON array of strings. */
  options: string;
  decision: string | null;
  consequences: string | null;
  status: string;
  decidedBy: string | null;
  decidedAt: string | null;
  supersededBy: string | null;
  customerVisible: number;
  askCustomer: number;
  /** JSON array of strings. */
  links: string;
  createdAt: string;
}

export interface MilestoneMissesTable {
  id: string;
  engagementId: string;
  milestoneId: string;
  milestoneName: string;
  ownerId: string | null;
  targetDate: string;
  openedAt: string;
  cause: string | null;
  recoveryPlan: string | null;
  newDate: string | null;
  customerCommunication: string | null;
  status: string;
  closedAt: string | null;
}

export interface SearchDocumentsTable {
  id: string;
  kind: string;
  engagementId: string;
  customerId: string;
  customerVisible: number;
  title: string;
  body: string;
  /** What a user opens: an item key, an escalation or decision id. */
  ref: string;
  updatedAt: string;
  /** Access-scope words for the full-text index (engagement, visibility, kind). */
  scope: string;
}

export interface ReportsTable {
  id: string;
  engagementId: string;
  kind: string;
  /** The period the report covers, e.g. the weekly status's last day. */
  period: string;
  status: string;
  /** 0 for the draft; 1, 2, … for published versions. */
  version: number;
  /** JSON: the facts the report was written from. */
  facts: string;
  markdown: string;
  edited: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  publishedBy: string | null;
  /** Unified diff against the previous published version. */
  diff: string | null;
  /** JSON: how the text was written (`Narration`); null when narration was not asked for. */
  narration: string | null;
}

/** One respondent's answer to a monthly review's question: how likely they recommend the team, 0–10. */
export interface CsatResponsesTable {
  /** `<engagement>:<month>:<respondent>`: answering again replaces the answer. */
  id: string;
  engagementId: string;
  /** `YYYY-MM`, the month the review covered. */
  month: string;
  reportId: string | null;
  /** The respondent's email, lower-cased. */
  respondent: string;
  /** The signed-in customer who answered in the portal; null for an emailed link. */
  userId: string | null;
  via: string;
  score: number;
  comment: string | null;
  answeredAt: string;
  /** JSON: earlier answers this one replaced, oldest first. */
  history: string;
}

/** A secret the server keeps for itself, created on first use and shared by every instance. */
export interface ServerSecretsTable {
  name: string;
  value: string;
  createdAt: string;
}

/** A signed-in browser. The id is the SHA-256 of the cookie's value, never the value itself. */
export interface SessionsTable {
  id: string;
  userId: string;
  /** Sent back by the browser in `X-CSRF-Token` (or a form field) on every state change. */
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

/** A personal API token: shown once, stored as its SHA-256, revocable. */
export interface ApiTokensTable {
  /** Public handle (`tok_…`) used to list and revoke. */
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  /** `read` or `write` (write includes read). */
  scope: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** An invitation for a customer's person to create their login. */
export interface InvitationsTable {
  id: string;
  tokenHash: string;
  email: string;
  customerId: string;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
}

/** One change made by a person: who, what, when, before and after (JSON). */
export interface AuditLogTable {
  /** `<at>#<random>`: sorts by time, so it doubles as the pagination cursor. */
  id: string;
  at: string;
  actorId: string;
  actorEmail: string;
  /** `session`, `token` or `cli`. */
  via: string;
  action: string;
  targetType: string;
  targetId: string;
  engagementId: string | null;
  before: string | null;
  after: string | null;
}

/** A job of the in-process queue (SQLite). One row per scheduled run; the id makes it unique per tick. */
export interface JobsTable {
  id: string;
  /** `sync` or `deliver-report`. */
  kind: string;
  /** The source a sync job syncs; empty for other kinds. */
  sourceId: string;
  /** The published version a deliver-report job sends; null for other kinds. */
  reportId: string | null;
  /** `queued`, `running`, `succeeded` or `failed`. */
  state: string;
  attempts: number;
  maxAttempts: number;
  runAfter: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  instance: string | null;
  error: string | null;
  /** JSON summary of what the run did. */
  output: string | null;
}

/** One signal per engagement and condition key, with its lifecycle. */
export interface SignalsTable {
  /** `sig-` and 8 hex digits of the engagement and key: short enough to type. */
  id: string;
  engagementId: string;
  /** The condition key a detector gave, e.g. `scope_drift:<milestone id>`. */
  key: string;
  pattern: string;
  /** `open`, `acknowledged`, `snoozed`, `dismissed` or `resolved`. */
  state: string;
  severity: string;
  escalationLevel: string;
  title: string;
  summary: string;
  suggestedAction: string;
  /** JSON: items, pull requests, series and thresholds behind the signal. */
  evidence: string;
  measure: number;
  /** As-of instants of the evaluations that first and last found the condition. */
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  stateChangedAt: string;
  snoozedUntil: string | null;
  /** Why it was acknowledged, snoozed or dismissed. */
  reason: string | null;
  /** The measure when dismissed: it reopens only when materially worse. */
  dismissedMeasure: number | null;
  /** How many times the condition has opened (first time and every reopening). */
  occurrences: number;
}

/** What happened to a signal, in order: opened, updated, acknowledged, snoozed, dismissed, resolved, reopened. */
export interface SignalEventsTable {
  id: string;
  signalId: string;
  at: string;
  kind: string;
  /** The state after the event. */
  state: string;
  measure: number | null;
  reason: string | null;
}

/** Where an engagement's notifications go. */
export interface NotificationSettingsTable {
  engagementId: string;
  slackWebhookUrl: string | null;
  /** JSON array of email addresses. */
  emailRecipients: string;
  /** The lowest severity that notifies (`high` by default). */
  minSeverity: string;
  /** At most one message per recipient and channel within this many minutes. */
  digestMinutes: number;
}

/** Every notification sent (or attempted), for rate limits and audit. */
export interface NotificationsSentTable {
  id: string;
  engagementId: string;
  /** `slack` or `email`. */
  channel: string;
  recipient: string;
  /** JSON array of the signal ids and review-request ids the message carried. */
  subjectKeys: string;
  sentAt: string;
  /** `sent` or `failed`. */
  status: string;
  error: string | null;
}

/** Who receives an engagement's published reports. */
export interface ReportRecipientsTable {
  engagementId: string;
  /** JSON array of email addresses. */
  emails: string;
  /** A Slack incoming-webhook URL, or null for no Slack message. */
  slackWebhookUrl: string | null;
  updatedAt: string;
}

/** One published version sent (or to be sent) over one channel to one recipient. */
export interface ReportDeliveriesTable {
  /** `dlv-` and a hash of report, channel and recipient: a version is sent once per recipient. */
  id: string;
  reportId: string;
  engagementId: string;
  /** `email` or `slack`. */
  channel: string;
  /** The email address, or the webhook URL. */
  recipient: string;
  /** `queued`, `sending`, `sent` or `failed`. */
  status: string;
  attempts: number;
  lastError: string | null;
  queuedAt: string;
  updatedAt: string;
  sentAt: string | null;
}

export interface Database {
  customers: CustomersTable;
  engagements: EngagementsTable;
  people: PeopleTable;
  personIdentities: PersonIdentitiesTable;
  podMemberships: PodMembershipsTable;
  dmAssignments: DmAssignmentsTable;
  users: UsersTable;
  sources: SourcesTable;
  rawRecords: RawRecordsTable;
  syncCursors: SyncCursorsTable;
  syncRuns: SyncRunsTable;
  workItems: WorkItemsTable;
  sprints: SprintsTable;
  pullRequests: PullRequestsTable;
  deployments: DeploymentsTable;
  milestones: MilestonesTable;
  events: EventsTable;
  forecasts: ForecastsTable;
  webhookDeliveries: WebhookDeliveriesTable;
  escalations: EscalationsTable;
  blockers: BlockersTable;
  dependencies: DependenciesTable;
  decisions: DecisionsTable;
  milestoneMisses: MilestoneMissesTable;
  searchDocuments: SearchDocumentsTable;
  reports: ReportsTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  invitations: InvitationsTable;
  auditLog: AuditLogTable;
  jobs: JobsTable;
  signals: SignalsTable;
  signalEvents: SignalEventsTable;
  notificationSettings: NotificationSettingsTable;
  notificationsSent: NotificationsSentTable;
  csatResponses: CsatResponsesTable;
  serverSecrets: ServerSecretsTable;
  reportRecipients: ReportRecipientsTable;
  reportDeliveries: ReportDeliveriesTable;
}

/** The tables that hold converted source data; a re-conversion rebuilds exactly these. */
export const DOMAIN_TABLES = [
  "workItems",
  "sprints",
  "pullRequests",
  "deployments",
  "milestones",
  "events",
] as const satisfies readonly (keyof Database)[];
export type DomainTable = (typeof DOMAIN_TABLES)[number];
