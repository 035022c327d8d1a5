import {
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  sql,
} from "kysely";
import { BatonError } from "../errors.ts";
import { createSearchIndex } from "./dialect.ts";

// Migrations take Kysely<unknown>: they must not depend on today's row types.
type Db = Kysely<unknown>;

const double = sql`double precision`;

const initial: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("customers")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("engagements")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("customer_id", "text", (c) => c.notNull().references("customers.id"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("sprint_length_days", "integer", (c) => c.notNull())
      .addColumn("report_day", "text", (c) => c.notNull())
      .addColumn("review_sla_hours", double, (c) => c.notNull())
      .addColumn("time_zone", "text", (c) => c.notNull())
      .addColumn("start_date", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("people")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("email", "text")
      .addColumn("time_zone", "text", (c) => c.notNull())
      .addColumn("working_days", "text", (c) => c.notNull())
      .addColumn("work_start", "text", (c) => c.notNull())
      .addColumn("work_end", "text", (c) => c.notNull())
      .addColumn("holidays", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("people_email").on("people").column("email").execute();

    await db.schema
      .createTable("person_identities")
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("external_id", "text", (c) => c.notNull())
      .addColumn("person_id", "text", (c) => c.notNull().references("people.id"))
      .addPrimaryKeyConstraint("person_identities_pk", ["source", "external_id"])
      .execute();

    for (const table of ["pod_memberships", "dm_assignments"]) {
      let builder = db.schema
        .createTable(table)
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
        .addColumn("person_id", "text", (c) => c.notNull().references("people.id"))
        .addColumn("role", "text", (c) => c.notNull());
      if (table === "pod_memberships")
        builder = builder.addColumn("allocation_pct", double, (c) => c.notNull());
      await builder
        .addColumn("from_date", "text", (c) => c.notNull())
        .addColumn("to_date", "text")
        .execute();
      await db.schema.createIndex(`${table}_engagement`).on(table).column("engagement_id").execute();
    }

    await db.schema
      .createTable("users")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("email", "text", (c) => c.notNull().unique())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("password_hash", "text")
      .addColumn("customer_id", "text", (c) => c.references("customers.id"))
      .addColumn("person_id", "text", (c) => c.references("people.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("sources")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("config", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("raw_records")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("source_id", "text", (c) => c.notNull().references("sources.id"))
      .addColumn("stream", "text", (c) => c.notNull())
      .addColumn("url", "text", (c) => c.notNull())
      .addColumn("params", "text", (c) => c.notNull())
      .addColumn("fetched_at", "text", (c) => c.notNull())
      .addColumn("fetch_seq", "integer", (c) => c.notNull())
      .addColumn("content_hash", "text", (c) => c.notNull())
      .addColumn("payload", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("raw_records_replay")
      .on("raw_records")
      .columns(["source_id", "fetched_at", "fetch_seq"])
      .execute();

    await db.schema
      .createTable("sync_cursors")
      .addColumn("source_id", "text", (c) => c.notNull().references("sources.id"))
      .addColumn("stream", "text", (c) => c.notNull())
      .addColumn("cursor", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("sync_cursors_pk", ["source_id", "stream"])
      .execute();

    await db.schema
      .createTable("sync_runs")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("source_id", "text", (c) => c.notNull().references("sources.id"))
      .addColumn("mode", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("started_at", "text", (c) => c.notNull())
      .addColumn("finished_at", "text")
      .addColumn("fetched", "integer", (c) => c.notNull())
      .addColumn("converted", "integer", (c) => c.notNull())
      .addColumn("skipped", "integer", (c) => c.notNull())
      .addColumn("failed", "integer", (c) => c.notNull())
      .addColumn("problems", "text", (c) => c.notNull())
      .addColumn("error", "text")
      .execute();
    await db.schema
      .createIndex("sync_runs_source")
      .on("sync_runs")
      .columns(["source_id", "started_at"])
      .execute();

    await db.schema
      .createTable("work_items")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("engagement_id", "text", (c) => c.notNull())
      .addColumn("source_id", "text", (c) => c.notNull())
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("status_category", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("resolved_at", "text")
      .addColumn("points", double)
      .addColumn("assignee", "text")
      .addColumn("parent_id", "text")
      .addColumn("customer_visible", "integer", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("sprints")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("engagement_id", "text", (c) => c.notNull())
      .addColumn("source_id", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("start_at", "text")
      .addColumn("end_at", "text")
      .addColumn("completed_at", "text")
      .addColumn("goal", "text")
      .execute();

    await db.schema
      .createTable("pull_requests")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("engagement_id", "text", (c) => c.notNull())
      .addColumn("source_id", "text", (c) => c.notNull())
      .addColumn("repo", "text", (c) => c.notNull())
      .addColumn("number", "integer", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("author", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("draft", "integer", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("merged_at", "text")
      .addColumn("closed_at", "text")
      .addColumn("first_commit_at", "text")
      .addColumn("additions", "integer", (c) => c.notNull())
      .addColumn("deletions", "integer", (c) => c.notNull())
      .addColumn("changed_files", "integer", (c) => c.notNull())
      .addColumn("base_branch", "text", (c) => c.notNull())
      .addColumn("item_keys", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("deployments")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("engagement_id", "text", (c) => c.notNull())
      .addColumn("source_id", "text", (c) => c.notNull())
      .addColumn("environment", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("ref", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("finished_at", "text")
      .addColumn("first_commit_at", "text")
      .execute();

    await db.schema
      .createTable("milestones")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("engagement_id", "text", (c) => c.notNull())
      .addColumn("source_id", "text")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("target_date", "text", (c) => c.notNull())
      .addColumn("epic_id", "text")
      .addColumn("closed_at", "text")
      .execute();

    for (const table of ["work_items", "sprints", "pull_requests", "deployments", "milestones"]) {
      await db.schema.createIndex(`${table}_engagement`).on(table).column("engagement_id").execute();
      await db.schema.createIndex(`${table}_source`).on(table).column("source_id").execute();
    }

    await db.schema
      .createTable("events")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("engagement_id", "text", (c) => c.notNull())
      .addColumn("source_id", "text", (c) => c.notNull())
      .addColumn("entity", "text", (c) => c.notNull())
      .addColumn("entity_id", "text", (c) => c.notNull())
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("from_value", "text")
      .addColumn("to_value", "text")
      .addColumn("from_label", "text")
      .addColumn("to_label", "text")
      .addColumn("actor", "text")
      .addColumn("actor_is_bot", "integer", (c) => c.notNull())
      .addColumn("seq", "integer", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("events_engagement")
      .on("events")
      .columns(["engagement_id", "entity", "at"])
      .execute();
    await db.schema.createIndex("events_entity").on("events").columns(["entity_id", "at"]).execute();
    await db.schema.createIndex("events_source").on("events").column("source_id").execute();
  },
};

/** Forecast history: every forecast made, so reports can show how it moved and backtests can score it. */
const forecasts: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("forecasts")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
      .addColumn("milestone_id", "text")
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("as_of", "text", (c) => c.notNull())
      .addColumn("made_at", "text", (c) => c.notNull())
      .addColumn("p50", "text")
      .addColumn("p85", "text")
      .addColumn("p95", "text")
      .addColumn("target_date", "text")
      .addColumn("probability", double)
      .addColumn("inputs", "text", (c) => c.notNull())
      .addColumn("result", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("forecasts_engagement")
      .on("forecasts")
      .columns(["engagement_id", "milestone_id", "as_of"])
      .execute();
  },
};

/** Webhook deliveries already stored, so a sender's retry of the same delivery is ignored. */
const webhookDeliveries: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("webhook_deliveries")
      .addColumn("source_id", "text", (c) => c.notNull().references("sources.id"))
      .addColumn("delivery_id", "text", (c) => c.notNull())
      .addColumn("event", "text", (c) => c.notNull())
      .addColumn("received_at", "text", (c) => c.notNull())
      .addColumn("run_id", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("webhook_deliveries_pk", ["source_id", "delivery_id"])
      .execute();
  },
};

/** The DM's own records: escalations, blockers, dependencies, decisions, missed milestones. */
const workflows: Migration = {
  async up(db: Db) {
    const engagement = (c: ColumnDefinitionBuilder) => c.notNull().references("engagements.id");
    await db.schema
      .createTable("escalations")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("engagement_id", "text", engagement)
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("level", "text", (c) => c.notNull())
      .addColumn("suggested_level", "text", (c) => c.notNull())
      .addColumn("level_reason", "text", (c) => c.notNull())
      .addColumn("level_confirmed", "integer", (c) => c.notNull())
      .addColumn("severity", "text", (c) => c.notNull())
      .addColumn("customer_impact", "text", (c) => c.notNull())
      .addColumn("impact_date", "text")
      .addColumn("impact", "text", (c) => c.notNull())
      .addColumn("ask", "text", (c) => c.notNull())
      .addColumn("asked_of", "text", (c) => c.notNull())
      .addColumn("due_date", "text")
      .addColumn("customer_visible", "integer", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("resolution", "text")
      .addColumn("warranted", "integer")
      .addColumn("signal_id", "text")
      .addColumn("merged_into", "text")
      .addColumn("raised_by", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("acknowledged_at", "text")
      .addColumn("resolved_at", "text")
      .execute();
    await db.schema
      .createIndex("escalations_engagement")
      .on("escalations")
      .columns(["engagement_id", "status"])
      .execute();

    await db.schema
      .createTable("blockers")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("engagement_id", "text", engagement)
      .addColumn("item_id", "text")
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("owner", "text", (c) => c.notNull())
      .addColumn("since", "text", (c) => c.notNull())
      .addColumn("resolved_at", "text")
      .addColumn("note", "text")
      .execute();

    await db.schema
      .createTable("dependencies")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("engagement_id", "text", engagement)
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("dependent_kind", "text", (c) => c.notNull())
      .addColumn("dependent_id", "text", (c) => c.notNull())
      .addColumn("prerequisite_kind", "text", (c) => c.notNull())
      .addColumn("prerequisite_id", "text")
      .addColumn("owner", "text", (c) => c.notNull())
      .addColumn("due_date", "text")
      .addColumn("customer_owed", "integer", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("closed_at", "text")
      .execute();

    await db.schema
      .createTable("decisions")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("engagement_id", "text", engagement)
      .addColumn("number", "integer", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("context", "text", (c) => c.notNull())
      .addColumn("options", "text", (c) => c.notNull())
      .addColumn("decision", "text")
      .addColumn("consequences", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("decided_by", "text")
      .addColumn("decided_at", "text")
      .addColumn("superseded_by", "text")
      .addColumn("customer_visible", "integer", (c) => c.notNull())
      .addColumn("ask_customer", "integer", (c) => c.notNull())
      .addColumn("links", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addUniqueConstraint("decisions_number", ["engagement_id", "number"])
      .execute();

    await db.schema
      .createTable("milestone_misses")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("engagement_id", "text", engagement)
      .addColumn("milestone_id", "text", (c) => c.notNull())
      .addColumn("milestone_name", "text", (c) => c.notNull())
      .addColumn("owner_id", "text")
      .addColumn("target_date", "text", (c) => c.notNull())
      .addColumn("opened_at", "text", (c) => c.notNull())
      .addColumn("cause", "text")
      .addColumn("recovery_plan", "text")
      .addColumn("new_date", "text")
      .addColumn("customer_communication", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("closed_at", "text")
      .addUniqueConstraint("milestone_misses_target", ["milestone_id", "target_date"])
      .execute();
  },
};

/** One searchable document per record (items, escalations, decisions, …), with its access scope. */
const search: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("search_documents")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
      .addColumn("customer_id", "text", (c) => c.notNull())
      .addColumn("customer_visible", "integer", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("body", "text", (c) => c.notNull())
      .addColumn("ref", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("scope", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("search_documents_scope")
      .on("search_documents")
      .columns(["engagement_id", "kind"])
      .execute();
    await createSearchIndex(db);
  },
};

/** Report drafts and their published, immutable versions, each with the facts it was written from. */
const reports: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("reports")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("period", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("facts", "text", (c) => c.notNull())
      .addColumn("markdown", "text", (c) => c.notNull())
      .addColumn("edited", "integer", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("published_at", "text")
      .addColumn("published_by", "text")
      .addColumn("diff", "text")
      .addUniqueConstraint("reports_version", ["engagement_id", "kind", "period", "version"])
      .execute();
  },
};

/**
 * The server's own state: browser sessions, personal API tokens, customer invitations, the audit
 * log of changes made by people, and the in-process job queue used on SQLite (on PostgreSQL the
 * queue is pg-boss's, in its own schema).
 */
const server: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("sessions")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
      .addColumn("csrf_token", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

    await db.schema
      .createTable("api_tokens")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("scope", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("last_used_at", "text")
      .addColumn("revoked_at", "text")
      .execute();
    await db.schema.createIndex("api_tokens_user").on("api_tokens").column("user_id").execute();

    await db.schema
      .createTable("invitations")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("email", "text", (c) => c.notNull())
      .addColumn("customer_id", "text", (c) => c.notNull().references("customers.id"))
      .addColumn("invited_by", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .addColumn("accepted_at", "text")
      .execute();

    await db.schema
      .createTable("audit_log")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("actor_id", "text", (c) => c.notNull())
      .addColumn("actor_email", "text", (c) => c.notNull())
      .addColumn("via", "text", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("target_type", "text", (c) => c.notNull())
      .addColumn("target_id", "text", (c) => c.notNull())
      .addColumn("engagement_id", "text")
      .addColumn("before", "text")
      .addColumn("after", "text")
      .execute();
    await db.schema
      .createIndex("audit_log_engagement")
      .on("audit_log")
      .columns(["engagement_id", "id"])
      .execute();

    await db.schema
      .createTable("jobs")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("source_id", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull())
      .addColumn("max_attempts", "integer", (c) => c.notNull())
      .addColumn("run_after", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("started_at", "text")
      .addColumn("finished_at", "text")
      .addColumn("instance", "text")
      .addColumn("error", "text")
      .addColumn("output", "text")
      .execute();
    await db.schema.createIndex("jobs_due").on("jobs").columns(["state", "run_after"]).execute();
  },
};

/**
 * Signals with their lifecycle (one row per engagement and condition key), the history of each
 * signal, per-engagement notification settings and the log of notifications sent (rate limits).
 */
const signals: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("signals")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("pattern", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("severity", "text", (c) => c.notNull())
      .addColumn("escalation_level", "text", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("summary", "text", (c) => c.notNull())
      .addColumn("suggested_action", "text", (c) => c.notNull())
      .addColumn("evidence", "text", (c) => c.notNull())
      .addColumn("measure", double, (c) => c.notNull())
      .addColumn("first_seen_at", "text", (c) => c.notNull())
      .addColumn("last_seen_at", "text", (c) => c.notNull())
      .addColumn("resolved_at", "text")
      .addColumn("state_changed_at", "text", (c) => c.notNull())
      .addColumn("snoozed_until", "text")
      .addColumn("reason", "text")
      .addColumn("dismissed_measure", double)
      .addColumn("occurrences", "integer", (c) => c.notNull())
      .addUniqueConstraint("signals_engagement_key", ["engagement_id", "key"])
      .execute();
    await db.schema.createIndex("signals_pattern").on("signals").columns(["pattern", "state"]).execute();

    await db.schema
      .createTable("signal_events")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("signal_id", "text", (c) => c.notNull().references("signals.id"))
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("measure", double)
      .addColumn("reason", "text")
      .execute();
    await db.schema
      .createIndex("signal_events_signal")
      .on("signal_events")
      .columns(["signal_id", "at"])
      .execute();

    await db.schema
      .createTable("notification_settings")
      .addColumn("engagement_id", "text", (c) => c.primaryKey().references("engagements.id"))
      .addColumn("slack_webhook_url", "text")
      .addColumn("email_recipients", "text", (c) => c.notNull())
      .addColumn("min_severity", "text", (c) => c.notNull())
      .addColumn("digest_minutes", "integer", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("notifications_sent")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
      .addColumn("channel", "text", (c) => c.notNull())
      .addColumn("recipient", "text", (c) => c.notNull())
      .addColumn("subject_keys", "text", (c) => c.notNull())
      .addColumn("sent_at", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("error", "text")
      .execute();
    await db.schema
      .createIndex("notifications_sent_recipient")
      .on("notifications_sent")
      .columns(["engagement_id", "channel", "recipient", "sent_at"])
      .execute();
  },
};

/**
 * Customer satisfaction: one answer per respondent per engagement and month to the monthly
 * review's question (a new answer replaces the old one, which is kept in `history`), and the
 * server's own secrets, such as the key that signs the answer links sent by email.
 */
const csat: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("csat_responses")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
      .addColumn("month", "text", (c) => c.notNull())
      .addColumn("report_id", "text")
      .addColumn("respondent", "text", (c) => c.notNull())
      .addColumn("user_id", "text")
      .addColumn("via", "text", (c) => c.notNull())
      .addColumn("score", "integer", (c) => c.notNull())
      .addColumn("comment", "text")
      .addColumn("answered_at", "text", (c) => c.notNull())
      .addColumn("history", "text", (c) => c.notNull())
      .addUniqueConstraint("csat_responses_once", ["engagement_id", "month", "respondent"])
      .execute();
    await db.schema
      .createTable("server_secrets")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
  },
};

/**
 * Report delivery: who receives an engagement's published reports (emails and a Slack webhook),
 * and one row per published version, channel and recipient with its status, so a version is
 * never sent twice to the same recipient and a failed send can be retried; jobs name the version
 * a delivery job sends.
 */
const reportDelivery: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("report_recipients")
      .addColumn("engagement_id", "text", (c) => c.primaryKey().references("engagements.id"))
      .addColumn("emails", "text", (c) => c.notNull())
      .addColumn("slack_webhook_url", "text")
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("report_deliveries")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("report_id", "text", (c) => c.notNull().references("reports.id"))
      .addColumn("engagement_id", "text", (c) => c.notNull().references("engagements.id"))
      .addColumn("channel", "text", (c) => c.notNull())
      .addColumn("recipient", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull())
      .addColumn("last_error", "text")
      .addColumn("queued_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("sent_at", "text")
      .addUniqueConstraint("report_deliveries_recipient", ["report_id", "channel", "recipient"])
      .execute();

    // The in-process queue runs report deliveries too; a sync job has no report.
    await db.schema.alterTable("jobs").addColumn("report_id", "text").execute();
  },
};

/** How each report's text was written: by the narrating model, or by the template and why (JSON). */
const reportNarration: Migration = {
  async up(db: Db) {
    await db.schema.alterTable("reports").addColumn("narration", "text").execute();
  },
};

/** Every migration, in order. One set serves SQLite and PostgreSQL. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001_initial": initial,
  "0002_forecasts": forecasts,
  "0003_webhook_deliveries": webhookDeliveries,
  "0004_signals": signals,
  "0005_server": server,
  "0006_workflows": workflows,
  "0007_search": search,
  "0008_reports": reports,
  "0009_csat": csat,
  "0010_report_delivery": reportDelivery,
  "0011_report_narration": reportNarration,
};

const provider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };

/**
 * Brings the schema up to date; safe to call on every start. With `schema` (PostgreSQL), the
 * migration bookkeeping lives in that schema too, so several Baton databases can share a server.
 */
export const migrateToLatest = async (db: Kysely<unknown>, schema?: string): Promise<void> => {
  // Migrations are independent of one another, so one added beside a newer one still applies.
  const migrator = new Migrator({
    db,
    provider,
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new BatonError("config_invalid", `database migration ${failed} failed: ${String(error)}`);
  }
};
