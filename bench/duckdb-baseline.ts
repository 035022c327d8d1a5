import { type DuckDBConnection, DuckDBInstance, timestampValue } from "@duckdb/node-api";
import type { BenchPortfolio } from "./portfolio.ts";

/**
 * The DuckDB side of the metrics benchmark: the portfolio loaded into an in-memory DuckDB with the
 * Appender, and the SQL that recomputes the figures the engine computes (docs/metrics.md), with
 * the same semantics on this data. metrics.bench.ts builds the same keys from the engine's
 * reports and compares them one by one.
 *
 * Instants are TIMESTAMP (UTC). `ord` is each event's position in its entity's chronological
 * order (instant, source order, id), as `EngagementHistory.eventsOf` gives it; DuckDB computes it
 * while loading, as `buildHistory` sorts the engine's events before its timing starts.
 */

export interface DuckBaseline {
  readonly connection: DuckDBConnection;
  /** Appender load plus the ordering pass, in milliseconds. */
  readonly loadMs: number;
  close(): void;
}

const SCHEMA = `
  set TimeZone = 'UTC';
  create table engagements (id varchar, time_zone varchar);
  create table items (engagement_id varchar, id varchar, type varchar);
  create table sprints (engagement_id varchar, id varchar, start_at timestamp, completed_at timestamp);
  create table pull_requests (engagement_id varchar, id varchar, author varchar, first_commit_at timestamp);
  create table deployments (engagement_id varchar, id varchar, environment varchar, status varchar,
    created_at timestamp, finished_at timestamp);
  create table raw_events (engagement_id varchar, entity varchar, entity_id varchar, id varchar, instant timestamp,
    kind varchar, from_value varchar, to_value varchar, from_label varchar, to_label varchar, actor varchar,
    actor_is_bot boolean, seq integer);`;

type Cell = string | number | boolean | null;

/**
 * Appends `rows` (plain objects) to `table`; `spec` lists the fields in column order, each a
 * varchar unless suffixed `:t` (timestamp, from an ISO instant), `:b` (boolean) or `:i` (integer).
 */
const append = async (connection: DuckDBConnection, table: string, spec: string, rows: readonly object[]) => {
  const columns = spec.split(" ").map((c) => c.split(":"));
  const a = await connection.createAppender(table);
  for (const row of rows as readonly Record<string, Cell>[]) {
    for (const [field, kind] of columns) {
      const v = row[field!] ?? null;
      if (v === null) a.appendNull();
      else if (kind === "t") a.appendTimestamp(timestampValue(BigInt(Date.parse(String(v))) * 1000n));
      else if (kind === "b") a.appendBoolean(v === true);
      else if (kind === "i") a.appendInteger(Number(v));
      else a.appendVarchar(String(v));
    }
    a.endRow();
  }
  a.closeSync();
};

/** Loads the portfolio's entity rows and every event into a fresh in-memory DuckDB. */
export const loadDuckDb = async (portfolio: BenchPortfolio): Promise<DuckBaseline> => {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const start = performance.now();
  await connection.run(SCHEMA);
  const hs = portfolio.histories;
  const engagements = hs.map((h) => h.engagement);
  await append(connection, "engagements", "id timeZone", engagements);
  const items = hs.flatMap((h) => h.items);
  await append(connection, "items", "engagementId id type", items);
  const sprints = hs.flatMap((h) => h.sprints);
  await append(connection, "sprints", "engagementId id startAt:t completedAt:t", sprints);
  const prs = hs.flatMap((h) => h.pullRequests);
  await append(connection, "pull_requests", "engagementId id author firstCommitAt:t", prs);
  const deployments = hs.flatMap((h) => h.deployments);
  const spec = "engagementId id environment status createdAt:t finishedAt:t";
  await append(connection, "deployments", spec, deployments);
  const events = portfolio.batches.flatMap((b) => b.events ?? []);
  const fields =
    "engagementId entity entityId id at:t kind from to fromLabel toLabel actor actorIsBot:b seq:i";
  await append(connection, "raw_events", fields, events);
  await connection.run(`
    create table events as
      select *, (row_number() over (partition by entity_id order by instant, seq, id))::integer as ord
      from raw_events order by entity_id, ord;
    drop table raw_events;`);
  const loadMs = performance.now() - start;
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  return { connection, loadMs, close };
};

const literal = (instant: string) => `timestamp '${instant.replace("T", " ").replace("Z", "")}'`;
const r2 = (x: string) => `round((${x}) * 100) / 100`;
const hours = (from: string, to: string) => `(epoch_ms(${to}) - epoch_ms(${from}))::double / 3600000`;

/**
 * The SQL statements, in order. Each but the `create` returns one row per subject: its key
 * prefix first, then one column per figure, named as the figure.
 */
export const baselineSql = (asOfInstant: string, fromInstant: string): readonly string[] => {
  const asOf = literal(asOfInstant);
  const from = literal(fromInstant);
  const points = (v: string) => `case when isfinite(try_cast(nullif(${v}, '') as double))
    then try_cast(nullif(${v}, '') as double) end`;
  // (a) Sprints: window from created/sprint_state events, membership by crossings, state at the start,
  // at the first add after the start and at completion (or as-of) from each item's events.
  const sprints = `
  with life as (
    select s.id as sprint_id, e.kind, e.to_value as st, e.instant, e.ord,
      case when s.start_at <= ${asOf} then s.start_at end as row_start,
      case when s.completed_at <= ${asOf} then s.completed_at end as row_completed,
      max(case when e.kind = 'sprint_state' and e.to_value = 'future' then e.ord end)
        over (partition by s.id) as reset_ord
    from sprints s join events e on e.entity_id = s.id
    where e.kind in ('created', 'sprint_state') and e.instant <= ${asOf}),
  w0 as (
    select sprint_id,
      arg_min({'kind': kind, 'st': st, 'instant': instant, 'row_start': row_start}, ord)
        filter (where st <> 'future' and ord > coalesce(reset_ord, -1)) as first_on,
      arg_max({'kind': kind, 'st': st, 'instant': instant, 'row_completed': row_completed}, ord) as last_ev
    from life group by sprint_id),
  win as (
    select * from (select sprint_id,
      case when first_on.kind = 'sprint_state' and first_on.st = 'active' then first_on.instant
        else least(coalesce(first_on.row_start, first_on.instant), first_on.instant) end as started_at,
      coalesce(case when last_ev.st = 'closed' then greatest(started_at, case when last_ev.kind = 'created'
        then coalesce(last_ev.row_completed, last_ev.instant) else last_ev.instant end) end, ${asOf}) as evaluated_at
    from w0) where started_at is not null
    union all
    select s.id, s.start_at, case when s.completed_at <= ${asOf} and s.completed_at >= s.start_at
      then s.completed_at else ${asOf} end
    from sprints s where s.start_at <= ${asOf} and s.id not in (select sprint_id from life)),
  memx as (
    select entity_id as item_id, case when kind = 'sprint_added' then to_value else from_value end as sprint_id,
      kind = 'sprint_added' as is_add, instant, ord,
      coalesce(lag(is_add) over (partition by item_id, sprint_id order by ord), false) as was_member
    from events where entity = 'item' and kind in ('sprint_added', 'sprint_removed') and instant <= ${asOf}),
  pair as (
    select m.item_id, w.sprint_id, any_value(w.started_at) as started_at,
      any_value(w.evaluated_at) as evaluated_at,
      coalesce(arg_max(m.is_add, m.ord) filter (where m.instant <= w.started_at), false) as start_member,
      coalesce(arg_max(m.is_add, m.ord) filter (where m.instant <= w.evaluated_at), false) as end_member,
      min(m.ord) filter (where m.is_add and not m.was_member and m.instant > w.started_at
        and m.instant <= w.evaluated_at) as add_ord
    from memx m join win w on w.sprint_id = m.sprint_id
    where m.item_id in (select id from items)
    group by m.item_id, w.sprint_id having bool_or(m.is_add)),
  st as (
    select entity_id as item_id, instant, ord, to_value as v, kind = 'estimate' as sets_pts,
      kind = 'status' or (kind = 'created' and to_value is not null) as sets_cat
    from events where entity = 'item' and kind in ('created', 'status', 'estimate') and instant <= ${asOf}),
  ps as (
    select p.sprint_id, any_value(p.start_member) as start_member, any_value(p.end_member) as end_member,
      any_value(p.add_ord) as add_ord,
      arg_max({'v': s.v}, s.ord) filter (where s.sets_cat and s.instant <= p.started_at) as start_cat,
      arg_max({'v': s.v}, s.ord) filter (where s.sets_cat and s.ord < p.add_ord) as add_cat,
      arg_max({'v': s.v}, s.ord) filter (where s.sets_cat and s.instant <= p.evaluated_at) as end_cat,
      arg_max({'v': s.v}, s.ord) filter (where s.sets_pts and s.instant <= p.started_at) as start_pts,
      arg_max({'v': s.v}, s.ord) filter (where s.sets_pts and s.instant <= p.evaluated_at) as end_pts
    from pair p left join st s on s.item_id = p.item_id
    group by p.item_id, p.sprint_id),
  f as (
    select *, coalesce(case when start_member then start_cat.v = 'done'
      else add_ord is not null and add_cat.v = 'done' end, false) as outside
    from ps)
  select 'sprint ' || w.sprint_id,
    (count(*) filter (where f.start_member and not f.outside))::double as "planned items",
    ${r2(`coalesce(sum(coalesce(${points("f.start_pts.v")}, 0))
      filter (where f.start_member and not f.outside), 0)`)} as "planned points",
    (count(*) filter (where f.end_member and f.end_cat.v = 'done' and not f.outside))::double as "completed items",
    ${r2(`coalesce(sum(coalesce(${points("f.end_pts.v")}, 0))
      filter (where f.end_member and f.end_cat.v = 'done' and not f.outside), 0)`)} as velocity
  from win w left join f on f.sprint_id = w.sprint_id group by w.sprint_id`;

  // (b) Finished items: category changes from created/status events; cycle = time in In Progress
  // from first start to the last Done, lead = created → last Done.
  const finished = `
  create or replace temp table finished as
  with ev as (
    select engagement_id, entity_id as item_id, kind, to_value as c, instant, ord
    from events where entity = 'item' and instant <= ${asOf} and entity_id in (select id from items)),
  cat as (
    select item_id, instant, ord, c, lag(c) over (partition by item_id order by ord) as prev
    from ev where kind in ('created', 'status') and c is not null),
  chg as (
    select item_id, instant, ord, c, lead(instant) over (partition by item_id order by ord) as next_at
    from cat where prev is distinct from c),
  flow as (
    select item_id, arg_max(c, ord) as last_c, max(instant) as done_at, bool_or(c = 'in_progress') as started,
      sum(epoch_ms(coalesce(next_at, ${asOf})) - epoch_ms(instant)) filter (where c = 'in_progress') as ip_ms
    from chg group by item_id),
  created as (
    select item_id, any_value(engagement_id) as engagement_id,
      coalesce(min(instant) filter (where kind = 'created'), min(instant)) as created_at
    from ev group by item_id)
  select f.item_id, c.engagement_id, f.done_at,
    case when f.started then ${r2("f.ip_ms::double / 3600000")} end as cycle_h,
    round((epoch_ms(f.done_at) - epoch_ms(c.created_at))::double / 36000) / 100 as lead_h
  from flow f join created c on c.item_id = f.item_id
  where f.last_c = 'done' and f.done_at >= ${from} and f.done_at <= ${asOf}`;
  const perItem = `select 'item ' || item_id, cycle_h as "cycle h", lead_h as "lead h" from finished`;
  const percentiles = `
  select 'flow ' || engagement_id, count(*)::double as finished,
    ${r2("quantile_cont(cycle_h, 0.5)")} as "cycle p50", ${r2("quantile_cont(cycle_h, 0.85)")} as "cycle p85",
    ${r2("quantile_cont(lead_h, 0.5)")} as "lead p50", ${r2("quantile_cont(lead_h, 0.85)")} as "lead p85"
  from finished group by engagement_id`;
  // (c) Throughput: items whose last Done falls in each local ISO week (Monday) of the engagement.
  const weeks = `
  select 'week ' || f.engagement_id || ' '
      || strftime(date_trunc('week', case when g.time_zone = 'UTC' then f.done_at
      else timezone(g.time_zone, f.done_at::timestamptz) end), '%Y-%m-%d'),
    count(*)::double as throughput
  from finished f join engagements g on g.id = f.engagement_id group by all`;
  // (d) Review requests to one person on pull requests never back in draft, closed or reopened:
  // ready wall-clock hours from the request (the first while open) to that person's first review.
  const reviews = `
  with pe as (
    select p.id as pr_id, p.author, e.kind, e.to_value, e.actor, e.actor_is_bot, e.instant, e.ord, e.id
    from pull_requests p join events e on e.entity_id = p.id where e.instant <= ${asOf}),
  simple as (
    select pr_id,
      min(instant) filter (where (kind = 'created' and to_value is distinct from 'draft')
        or kind = 'ready_for_review') as ready_at,
      min(instant) filter (where kind = 'merged') as merged_at
    from pe group by pr_id
    having count(*) filter (where kind in ('converted_to_draft', 'closed', 'reopened')) = 0
      and count(*) filter (where kind = 'created') = 1),
  req as (
    select pe.pr_id, to_value as reviewer, ord, instant, id, true as is_req, false as by_review
    from pe semi join simple s on s.pr_id = pe.pr_id
    where kind = 'review_requested' and to_value is not null and not starts_with(to_value, 'team:')
      and not ends_with(to_value, '[bot]') and to_value <> author),
  stream as (
    select * from req
    union all
    select pr_id, to_value, ord, instant, id, false, false from pe
    where kind = 'review_request_removed' and to_value is not null and not starts_with(to_value, 'team:')
    union all
    select pr_id, actor, ord, instant, id, false, true from pe
    where kind = 'reviewed' and to_value is distinct from 'pending' and actor is not null
      and not actor_is_bot and not ends_with(actor, '[bot]') and actor <> author
    union all
    select pe.pr_id, r.reviewer, pe.ord, pe.instant, pe.id, false, false
    from pe join (select distinct pr_id, reviewer from req) r on r.pr_id = pe.pr_id
    where pe.kind in ('merged', 'closed')),
  g as (
    select *, sum(case when is_req then 0 else 1 end)
      over (partition by pr_id, reviewer order by ord rows unbounded preceding) as grp
    from stream where pr_id in (select pr_id from req)),
  clocks as (
    select pr_id, reviewer, grp, arg_min(id, ord) as req_id, min(instant) as req_at
    from g where is_req group by pr_id, reviewer, grp),
  ends as (select pr_id, reviewer, grp - 1 as grp, by_review, instant as end_at from g where not is_req)
  select 'request ' || c.req_id, case when s.ready_at is null then 0
    else greatest(0, ${hours("greatest(c.req_at, s.ready_at)", "least(e.end_at, coalesce(s.merged_at, e.end_at))")})
    end as hours
  from clocks c join ends e on e.pr_id = c.pr_id and e.reviewer = c.reviewer and e.grp = c.grp
    join simple s on s.pr_id = c.pr_id
  where e.by_review`;
  return [sprints, finished, perItem, percentiles, weeks, reviews, dora(asOf, from)];
};

// (e) DORA: production deployments settled in the window, change lead time (first commit → the
// first successful production deployment at or after the merge) and recovery (failure → next success).
const dora = (asOf: string, from: string) => `
  with dep as (
    select d.id, d.engagement_id, d.environment, d.created_at, d.status as row_status, d.finished_at as row_fin,
      arg_max({'kind': e.kind, 'v': e.to_value}, e.ord) as last_life,
      arg_max({'v': e.to_value, 'instant': e.instant}, e.ord) filter (where e.kind = 'deployment_status') as last_status
    from deployments d left join events e
      on e.entity_id = d.id and e.kind in ('created', 'deployment_status') and e.instant <= ${asOf}
    where lower(d.environment) like 'prod%'
    group by d.id, d.engagement_id, d.environment, d.created_at, d.status, d.finished_at),
  settled as (
    select * from (
      select id, engagement_id, environment,
        case when last_life is null then row_status when last_life.kind = 'created'
          then coalesce(last_life.v, 'pending') else last_life.v end as status,
        case when last_life is null then (case when row_fin <= ${asOf} then row_fin end)
          when last_status.v is distinct from 'pending' then last_status.instant end as fin
      from dep) where fin is not null),
  win as (select * from settled where fin >= ${from} and fin <= ${asOf}),
  succ as (select * from settled where status = 'success'),
  merged as (
    select p.engagement_id, p.first_commit_at, max(e.instant) as merged_at
    from pull_requests p join events e on e.entity_id = p.id and e.kind = 'merged' and e.instant <= ${asOf}
    where p.first_commit_at is not null group by p.id, p.engagement_id, p.first_commit_at),
  lead as (
    select m.engagement_id, ${r2(hours("m.first_commit_at", "s.fin"))} as h
    from merged m asof join succ s on s.engagement_id = m.engagement_id and s.fin >= m.merged_at
    where s.fin >= ${from} and s.fin <= ${asOf}),
  rec as (
    select f.engagement_id, ${r2(hours("f.fin", "s.fin"))} as h
    from (select * from win where status = 'failure') f asof left join succ s
      on s.engagement_id = f.engagement_id and s.environment = f.environment and s.fin > f.fin),
  per as (
    select g.id, (select count(*) from win where engagement_id = g.id and status = 'success')::double as ok,
      (select count(*) from win where engagement_id = g.id and status = 'failure')::double as failed
    from engagements g)
  select 'dora ' || per.id, ok as successful, failed,
    case when ok + failed > 0 then ${r2("failed / (ok + failed)")} end as "change failure rate",
    ${r2(`ok / greatest(${hours(from, asOf)} / 168, 1 / 7)`)} as "per week",
    (select ${r2("quantile_cont(h, 0.5)")} from lead where engagement_id = per.id) as "lead p50",
    (select ${r2("quantile_cont(h, 0.85)")} from lead where engagement_id = per.id) as "lead p85",
    (select count(*) from lead where engagement_id = per.id)::double as changes,
    (select ${r2("quantile_cont(h, 0.5)")} from rec where engagement_id = per.id) as "recovery p50",
    (select count(h) from rec where engagement_id = per.id)::double as recoveries
  from per`;
