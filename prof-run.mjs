// src/domain/time.ts
var DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
var ISO_INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
var parseInstant = (text) => {
  const value = text.trim();
  if (DATE_ONLY.test(value)) {
    const ms3 = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(ms3) || new Date(ms3).toISOString().slice(0, 10) !== value ? null : new Date(ms3).toISOString();
  }
  if (!ISO_INSTANT.test(value)) return null;
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(value);
  let normalised = value.replace(" ", "T");
  normalised = normalised.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  const ms2 = Date.parse(hasOffset ? normalised : `${normalised}Z`);
  return Number.isNaN(ms2) ? null : new Date(ms2).toISOString();
};
var parseCalendarDate = (text) => {
  const value = text.trim();
  if (!DATE_ONLY.test(value)) return null;
  const ms2 = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(ms2) || new Date(ms2).toISOString().slice(0, 10) !== value ? null : value;
};
var addDays = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 864e5).toISOString().slice(0, 10);
var digits = (s, from2, to) => {
  let n = 0;
  for (let i = from2; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
};
var instantMs = (instant3) => instant3.length === 24 && instant3.charCodeAt(23) === 90 && instant3.charCodeAt(10) === 84 ? Date.UTC(
  digits(instant3, 0, 4),
  digits(instant3, 5, 7) - 1,
  digits(instant3, 8, 10),
  digits(instant3, 11, 13),
  digits(instant3, 14, 16),
  digits(instant3, 17, 19),
  digits(instant3, 20, 23)
) : Date.parse(instant3);

// src/engine/instants.ts
var HOUR = 36e5;
var DAY = 864e5;
var daysFromCivil = (year, month, day) => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
};
var digit = (s, i) => s.charCodeAt(i) - 48;
var monthStarts = new Float64Array(300 * 12).fill(Number.NaN);
var monthStart = (year, month) => {
  if (year < 1900 || year >= 2200) return daysFromCivil(year, month, 1);
  const index = (year - 1900) * 12 + month - 1;
  let days = monthStarts[index];
  if (Number.isNaN(days)) {
    days = daysFromCivil(year, month, 1);
    monthStarts[index] = days;
  }
  return days;
};
var canonicalMs = (instant3) => {
  if (instant3.length !== 24 || instant3.charCodeAt(23) !== 90 || instant3.charCodeAt(10) !== 84)
    return instantMs(instant3);
  const year = digit(instant3, 0) * 1e3 + digit(instant3, 1) * 100 + digit(instant3, 2) * 10 + digit(instant3, 3);
  const month = digit(instant3, 5) * 10 + digit(instant3, 6);
  if (year < 100 || year > 9999 || month < 1 || month > 12) return instantMs(instant3);
  const day = digit(instant3, 8) * 10 + digit(instant3, 9);
  return (monthStart(year, month) + day - 1) * DAY + (digit(instant3, 11) * 10 + digit(instant3, 12)) * HOUR + (digit(instant3, 14) * 10 + digit(instant3, 15)) * 6e4 + (digit(instant3, 17) * 10 + digit(instant3, 18)) * 1e3 + digit(instant3, 20) * 100 + digit(instant3, 21) * 10 + digit(instant3, 22);
};
var TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));
var THREE_DIGITS = Array.from({ length: 1e3 }, (_, i) => String(i).padStart(3, "0"));
var isoOf = (value) => {
  if (!Number.isInteger(value)) return new Date(value).toISOString();
  const days = Math.floor(value / DAY);
  let rest = value - days * DAY;
  const z3 = days + 719468;
  const era = Math.floor(z3 / 146097);
  const doe = z3 - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 1e3 || year > 9999) return new Date(value).toISOString();
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / 6e4);
  rest -= minutes * 6e4;
  const seconds = Math.floor(rest / 1e3);
  rest -= seconds * 1e3;
  return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[rest]}Z`;
};

// src/engine/stats.ts
var percentile = (values, p) => values.length === 0 ? null : percentileOfSorted(Float64Array.from(values).sort(), p);
var percentiles = (values, ps) => {
  if (values.length === 0) return ps.map(() => null);
  const sorted = Float64Array.from(values).sort();
  return ps.map((p) => percentileOfSorted(sorted, p));
};
var percentileOfSorted = (sorted, p) => {
  const rank = p / 100 * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
};
var median = (values) => percentile(values, 50);
var mean = (values) => values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
var hoursBetween = (from2, to) => (instantMs(to) - instantMs(from2)) / 36e5;
var round2 = (n) => Math.round(n * 100) / 100;
var select = (a, left, right, k) => {
  let lo = left;
  let hi = right;
  while (hi > lo) {
    const mid = lo + hi >>> 1;
    const x = a[lo];
    const y = a[mid];
    const z3 = a[hi];
    const pivot = x < y ? y < z3 ? y : Math.max(x, z3) : x < z3 ? x : Math.max(y, z3);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
};
var minimum = (a, from2, to) => {
  let min = a[from2];
  for (let i = from2 + 1; i < to; i++) if (a[i] < min) min = a[i];
  return min;
};
var percentilesInPlace = (values, n, ps) => {
  const out = [];
  if (n === 0) return out;
  let left = 0;
  for (const p of ps) {
    const rank = p / 100 * (n - 1);
    const lo = Math.floor(rank);
    const hi = Math.ceil(rank);
    const low = select(values, left, n - 1, lo);
    const high = hi === lo ? low : minimum(values, lo + 1, n);
    out.push(low + (high - low) * (rank - lo));
    left = lo;
  }
  return out;
};

// src/engine/timeline.ts
var K = {
  created: 0,
  status: 1,
  sprint_added: 2,
  sprint_removed: 3,
  estimate: 4,
  assignee: 5,
  blocked: 6,
  parent: 7,
  sprint_state: 8,
  review_requested: 9,
  review_request_removed: 10,
  reviewed: 11,
  commented: 12,
  ready_for_review: 13,
  converted_to_draft: 14,
  merged: 15,
  closed: 16,
  reopened: 17,
  deployment_status: 18,
  target_date: 19,
  other: 255
};
var codeOf = (kind) => K[kind] ?? K.other;
var EMPTY_TIMELINE = {
  events: [],
  times: new Float64Array(0),
  kinds: new Uint8Array(0)
};
var buildTimelines = (lists) => {
  const all = [...lists];
  let total = 0;
  for (const list of all) total += list.length;
  const times = new Float64Array(total);
  const kinds = new Uint8Array(total);
  const out = /* @__PURE__ */ new Map();
  let offset = 0;
  for (const events of all) {
    if (events.length === 0) continue;
    const n = events.length;
    for (let i = 0; i < n; i++) {
      const event = events[i];
      times[offset + i] = canonicalMs(event.at);
      kinds[offset + i] = codeOf(event.kind);
    }
    out.set(events[0].entityId, {
      events,
      times: times.subarray(offset, offset + n),
      kinds: kinds.subarray(offset, offset + n)
    });
    offset += n;
  }
  return out;
};
var countUpTo = (times, asOfMs) => {
  const n = times.length;
  if (n === 0 || times[n - 1] <= asOfMs) return n;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (times[mid] <= asOfMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

// src/engine/dora.ts
var PRODUCTION = (environment) => /^prod/i.test(environment);
var deploymentAsOf = (history2, deployment, asOf2) => {
  let status = null;
  let finishedAt = null;
  const evidence = [];
  for (const event of history2.eventsOf(deployment.id)) {
    if (event.at > asOf2) break;
    if (event.kind === "created") status = event.to ?? "pending";
    else if (event.kind === "deployment_status") {
      status = event.to;
      finishedAt = status === "pending" ? null : event.at;
    } else continue;
    evidence.push(event.id);
  }
  if (status === null) {
    if (deployment.createdAt > asOf2) return null;
    const settled = deployment.finishedAt !== null && deployment.finishedAt <= asOf2;
    status = settled ? deployment.status : "pending";
    finishedAt = settled ? deployment.finishedAt : null;
  }
  return {
    id: deployment.id,
    environment: deployment.environment,
    ref: deployment.ref,
    status,
    createdAt: deployment.createdAt,
    finishedAt,
    evidence
  };
};
var firstAtOrAfter = (finishes, ms2) => {
  let lo = 0;
  let hi = finishes.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (finishes[mid] < ms2) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
var mergedAtAsOf = ({ events, times, kinds }, asOfMs) => {
  for (let i = countUpTo(times, asOfMs) - 1; i >= 0; i--) if (kinds[i] === K.merged) return events[i].at;
  return null;
};
var sortByDeployment = (changes, shippedBy, finishes) => {
  const n = changes.length;
  const rank = new Float64Array(finishes.length);
  for (let i = 1; i < finishes.length; i++) rank[i] = finishes[i] === finishes[i - 1] ? rank[i - 1] : i;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = rank[shippedBy[i]] * n + i;
  keys.sort();
  const sorted = Array.from(keys, (key) => changes[key % n]);
  for (let i = 0; i < n; i++) changes[i] = sorted[i];
};
var doraMetrics = (history2, asOf2, options) => {
  const isProduction = options.isProduction ?? PRODUCTION;
  const to = options.to < asOf2 ? options.to : asOf2;
  const from2 = options.from;
  const production = history2.deployments.filter((d) => isProduction(d.environment)).map((d) => deploymentAsOf(history2, d, asOf2)).filter((d) => d !== null && d.finishedAt !== null).sort(
    (a, b) => a.finishedAt < b.finishedAt ? -1 : a.finishedAt > b.finishedAt ? 1 : a.id < b.id ? -1 : 1
  );
  const inWindow = production.filter((d) => d.finishedAt >= from2 && d.finishedAt <= to);
  const successful = inWindow.filter((d) => d.status === "success");
  const failed = inWindow.filter((d) => d.status === "failure");
  const weeks = Math.max(hoursBetween(from2, to) / (24 * 7), 1 / 7);
  const successes = production.filter((d) => d.status === "success");
  const finishes = Float64Array.from(successes, (d) => canonicalMs(d.finishedAt));
  const asOfMs = canonicalMs(asOf2);
  const changes = [];
  const shippedBy = [];
  const pullRequests = history2.pullRequests;
  for (let i = 0; i < pullRequests.length; i++) {
    const pr = pullRequests[i];
    if (pr.firstCommitAt === null) continue;
    const mergedAt = mergedAtAsOf(history2.timelines.pullRequests[i], asOfMs);
    if (mergedAt === null) continue;
    const shippedIndex = firstAtOrAfter(finishes, canonicalMs(mergedAt));
    const shipped = successes[shippedIndex];
    if (!shipped || shipped.finishedAt < from2 || shipped.finishedAt > to) continue;
    shippedBy.push(shippedIndex);
    changes.push({
      pullRequestId: pr.id,
      firstCommitAt: pr.firstCommitAt,
      mergedAt,
      deploymentId: shipped.id,
      deployedAt: shipped.finishedAt,
      hours: round2(hoursBetween(pr.firstCommitAt, shipped.finishedAt))
    });
  }
  sortByDeployment(changes, shippedBy, finishes);
  const recoveries = failed.map((failure) => {
    const next = production.find(
      (d) => d.status === "success" && d.environment === failure.environment && d.finishedAt > failure.finishedAt
    );
    return {
      failedDeploymentId: failure.id,
      failedAt: failure.finishedAt,
      recoveredByDeploymentId: next?.id ?? null,
      recoveredAt: next?.finishedAt ?? null,
      hours: next ? round2(hoursBetween(failure.finishedAt, next.finishedAt)) : null
    };
  });
  const recovered = recoveries.flatMap((r) => r.hours === null ? [] : [r.hours]);
  const leadTimes = changes.map((c) => c.hours);
  const [leadMedian = null, leadP85 = null] = percentiles(leadTimes, [50, 85]);
  const settled = successful.length + failed.length;
  const roundOrNull = (n) => n === null ? null : round2(n);
  return {
    asOf: asOf2,
    from: from2,
    to,
    environments: [...new Set(production.map((d) => d.environment))].sort(),
    deployments: {
      total: inWindow.length,
      successful: successful.length,
      failed: failed.length,
      ids: inWindow.map((d) => d.id)
    },
    deploymentFrequencyPerWeek: round2(successful.length / weeks),
    changeLeadTimeHours: {
      median: roundOrNull(leadMedian),
      p85: roundOrNull(leadP85),
      count: leadTimes.length
    },
    changes,
    changeFailureRate: settled === 0 ? null : round2(failed.length / settled),
    recoveryHours: { median: roundOrNull(median(recovered)), count: recovered.length },
    recoveries
  };
};

// src/errors.ts
var BatonError = class extends Error {
  code;
  details;
  constructor(code, message, details) {
    super(message);
    this.name = "BatonError";
    this.code = code;
    this.details = details;
  }
};
var invalidInput = (message, details) => new BatonError("invalid_input", message, details);

// src/domain/zone.ts
var formatters = /* @__PURE__ */ new Map();
var formatterOf = (timeZone) => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit"
      });
    } catch {
      throw invalidInput(`time zone "${timeZone}" is not an IANA time zone such as Europe/Berlin`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
};
var isTimeZone = (timeZone) => {
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
};
var usableTimeZone = (timeZone) => isTimeZone(timeZone) ? timeZone : "UTC";
var computeOffset = (timeZone, utcMs) => {
  const parts = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(utcMs))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour % 24,
    parts.minute,
    parts.second
  );
  return wall - Math.floor(utcMs / 1e3) * 1e3;
};
var QUARTER_HOUR = 9e5;
var offsets = /* @__PURE__ */ new Map();
var utcOffsetMs = (timeZone, utcMs) => {
  if (timeZone === "UTC") return 0;
  let cache = offsets.get(timeZone);
  if (!cache) {
    cache = /* @__PURE__ */ new Map();
    offsets.set(timeZone, cache);
  }
  const key = Math.floor(utcMs / QUARTER_HOUR);
  let offset = cache.get(key);
  if (offset === void 0) {
    offset = computeOffset(timeZone, key * QUARTER_HOUR);
    if (cache.size > 1e5) cache.clear();
    cache.set(key, offset);
  }
  return offset;
};

// src/engine/flow-days.ts
var DAY_MS = 864e5;
var offsetAt = (ms2, timeZone) => utcOffsetMs(timeZone, ms2);
var localDate = (instant3, timeZone) => {
  const ms2 = Date.parse(instant3);
  return new Date(ms2 + offsetAt(ms2, timeZone)).toISOString().slice(0, 10);
};
var startOfLocalDay = (date, timeZone) => {
  const wall = Date.parse(`${date}T00:00:00.000Z`);
  let ms2 = wall - offsetAt(wall, timeZone);
  ms2 = wall - offsetAt(ms2, timeZone);
  return ms2;
};
var plusDays = (date, days) => new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
var isoWeekday = (date) => {
  const day = (/* @__PURE__ */ new Date(`${date}T00:00:00.000Z`)).getUTCDay();
  return day === 0 ? 7 : day;
};
var localDays = (from2, to, timeZone) => {
  if (to < from2) return [];
  const days = [];
  const last2 = localDate(to, timeZone);
  let date = localDate(from2, timeZone);
  let start = startOfLocalDay(date, timeZone);
  for (; ; ) {
    const next = plusDays(date, 1);
    const nextStart = startOfLocalDay(next, timeZone);
    days.push({ date, start: new Date(start).toISOString(), end: new Date(nextStart - 1).toISOString() });
    if (date >= last2) break;
    date = next;
    start = nextStart;
  }
  return days;
};
var lowerBound = (sorted, instant3) => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (sorted[mid] < instant3) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
var upperBound = (sorted, instant3) => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (sorted[mid] <= instant3) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
var minInstant = (a, b) => a < b ? a : b;
var hoursFrom = (from2, to) => Math.round((Date.parse(to) - Date.parse(from2)) / 36e3) / 100;
var hoursToDays = (hours) => Math.round(hours / 24 * 100) / 100;
var eventsUpTo = (events, asOf2) => {
  const n = events.length;
  if (n === 0 || events[n - 1].at <= asOf2) return events;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (events[mid].at <= asOf2) lo = mid + 1;
    else hi = mid;
  }
  return events.slice(0, lo);
};

// src/engine/flow-item.ts
var BLOCKED_STATUS = /block/i;
var RANK = { todo: 0, in_progress: 1, done: 2 };
var itemFlow = (itemId, events, asOf2) => {
  let createdAt = null;
  let createdEventId = null;
  let category = null;
  let status = null;
  let firstStartAt = null;
  let firstStartEventId = null;
  let doneAt = null;
  let doneEventId = null;
  let reopened = false;
  let inProgressMs = 0;
  let inProgressSince = null;
  const bounceBacks = [];
  const blockedSpells = [];
  const changes = [];
  let flagged = false;
  let spell = null;
  const updateBlocked = (event) => {
    const byStatus = status !== null && BLOCKED_STATUS.test(status);
    if (flagged || byStatus) {
      if (spell === null) spell = { from: event.at, reasons: /* @__PURE__ */ new Set(), eventIds: [event.id] };
      else if (flagged && !spell.reasons.has("flag") || byStatus && !spell.reasons.has("status"))
        spell.eventIds.push(event.id);
      if (flagged) spell.reasons.add("flag");
      if (byStatus) spell.reasons.add("status");
    } else if (spell !== null) {
      blockedSpells.push({
        from: spell.from,
        to: event.at,
        reasons: [...spell.reasons].sort(),
        eventIds: [...spell.eventIds, event.id]
      });
      spell = null;
    }
  };
  for (const event of events) {
    if (event.kind === "created" || event.kind === "status") {
      if (event.kind === "created") {
        createdAt ??= event.at;
        createdEventId ??= event.id;
      }
      const next = event.to ?? category;
      const label = event.toLabel ?? (event.kind === "status" ? null : status);
      if (next !== null && next !== category) {
        const ms2 = Date.parse(event.at);
        if (category === "in_progress" && inProgressSince !== null) inProgressMs += ms2 - inProgressSince;
        if (next === "in_progress") {
          inProgressSince = ms2;
          if (firstStartAt === null) {
            firstStartAt = event.at;
            firstStartEventId = event.id;
          }
        } else inProgressSince = null;
        if (category !== null && RANK[next] < RANK[category]) {
          bounceBacks.push({
            itemId,
            eventId: event.id,
            at: event.at,
            from: category,
            to: next,
            fromLabel: status,
            toLabel: label
          });
        }
        if (category === "done") reopened = true;
        if (next === "done") {
          doneAt = event.at;
          doneEventId = event.id;
        } else {
          doneAt = null;
          doneEventId = null;
        }
        changes.push({ at: event.at, from: category, to: next });
        category = next;
      }
      status = label;
      updateBlocked(event);
    } else if (event.kind === "blocked") {
      flagged = event.to === "true";
      updateBlocked(event);
    }
  }
  if (inProgressSince !== null) inProgressMs += Date.parse(asOf2) - inProgressSince;
  const open = spell;
  if (open !== null)
    blockedSpells.push({
      from: open.from,
      to: null,
      reasons: [...open.reasons].sort(),
      eventIds: open.eventIds
    });
  return {
    itemId,
    createdAt: createdAt ?? events[0]?.at ?? null,
    createdEventId,
    category,
    status,
    firstStartAt,
    firstStartEventId,
    doneAt,
    doneEventId,
    reopened,
    inProgressMs,
    bounceBacks,
    blockedSpells,
    changes
  };
};

// src/engine/flow.ts
var TWELVE_WEEKS_MS = 84 * 864e5;
var ids = (...values) => values.filter((v) => v !== null);
var durationPercentiles = (entries) => {
  const values = entries.map((e) => e.hours);
  const [p50 = null, p85 = null, p95 = null] = percentiles(values, [50, 85, 95]).map(
    (v) => v === null ? null : round2(v)
  );
  const days = (h) => h === null ? null : hoursToDays(h);
  return {
    count: values.length,
    p50Hours: p50,
    p85Hours: p85,
    p95Hours: p95,
    p50Days: days(p50),
    p85Days: days(p85),
    p95Days: days(p95),
    itemIds: entries.map((e) => e.itemId)
  };
};
var finishedItem = (flow) => {
  const doneAt = flow.doneAt;
  const cycle = flow.firstStartAt === null ? null : round2(flow.inProgressMs / 36e5);
  const lead = flow.createdAt === null ? null : hoursFrom(flow.createdAt, doneAt);
  return {
    itemId: flow.itemId,
    createdAt: flow.createdAt,
    startedAt: flow.firstStartAt,
    doneAt,
    cycleTimeHours: cycle,
    cycleTimeDays: cycle === null ? null : hoursToDays(cycle),
    leadTimeHours: lead,
    leadTimeDays: lead === null ? null : hoursToDays(lead),
    reopened: flow.reopened,
    eventIds: ids(flow.createdEventId, flow.firstStartEventId, flow.doneEventId)
  };
};
var overlapMs = (spell, from2, to, asOf2) => {
  const start = Math.max(Date.parse(spell.from), Date.parse(from2));
  const end = Math.min(Date.parse(spell.to ?? asOf2), Date.parse(to));
  return Math.max(0, end - start);
};
var flowMetrics = (history2, asOf2, options = {}) => {
  const timeZone = usableTimeZone(history2.engagement.timeZone);
  const to = options.to === void 0 ? asOf2 : minInstant(options.to, asOf2);
  const from2 = options.from ?? new Date(Date.parse(to) - TWELVE_WEEKS_MS).toISOString();
  const days = localDays(from2, to, timeZone);
  const starts = days.map((d) => d.start);
  const evals = days.map((d) => minInstant(d.end, to));
  const cfd = {
    todo: new Array(days.length + 1).fill(0),
    in_progress: new Array(days.length + 1).fill(0),
    done: new Array(days.length + 1).fill(0)
  };
  const perDay = days.map(() => []);
  const finished = [];
  const wip = [];
  const bounceBacks = [];
  const blocked = [];
  for (const item of history2.items) {
    if (options.includeItem && !options.includeItem(item)) continue;
    const flow = itemFlow(item.id, eventsUpTo(history2.eventsOf(item.id), asOf2), asOf2);
    for (const change2 of flow.changes) {
      const index = lowerBound(evals, change2.at);
      if (index >= evals.length) break;
      if (change2.from !== null) cfd[change2.from][index] -= 1;
      cfd[change2.to][index] += 1;
    }
    if (flow.doneAt !== null && flow.doneAt >= from2 && flow.doneAt <= to) {
      finished.push(finishedItem(flow));
      const day = upperBound(starts, flow.doneAt) - 1;
      if (day >= 0) perDay[day].push(flow.itemId);
    }
    if (flow.category === "in_progress" && flow.firstStartAt !== null) wip.push(flow);
    for (const bounce of flow.bounceBacks) if (bounce.at >= from2 && bounce.at <= to) bounceBacks.push(bounce);
    const spells = flow.blockedSpells.filter((s) => overlapMs(s, from2, to, asOf2) > 0);
    if (spells.length > 0) {
      const hours = round2(spells.reduce((sum, s) => sum + overlapMs(s, from2, to, asOf2), 0) / 36e5);
      blocked.push({
        itemId: flow.itemId,
        hours,
        days: hoursToDays(hours),
        blockedNow: flow.blockedSpells.at(-1)?.to === null,
        spells
      });
    }
  }
  finished.sort(
    (a, b) => a.doneAt < b.doneAt ? -1 : a.doneAt > b.doneAt ? 1 : a.itemId < b.itemId ? -1 : 1
  );
  const cycleTime = durationPercentiles(
    finished.filter((f) => f.cycleTimeHours !== null).map((f) => ({ itemId: f.itemId, hours: f.cycleTimeHours }))
  );
  const leadTime = durationPercentiles(
    finished.filter((f) => f.leadTimeHours !== null).map((f) => ({ itemId: f.itemId, hours: f.leadTimeHours }))
  );
  const running = { todo: 0, in_progress: 0, done: 0 };
  const cumulativeFlow = days.map((day, i) => {
    running.todo += cfd.todo[i];
    running.in_progress += cfd.in_progress[i];
    running.done += cfd.done[i];
    return {
      date: day.date,
      at: evals[i],
      todo: running.todo,
      inProgress: running.in_progress,
      done: running.done
    };
  });
  const dailyBuckets = days.map(
    (day, i) => ({
      date: day.date,
      days: 1,
      count: perDay[i].length,
      itemIds: perDay[i].sort()
    })
  );
  const weekly = /* @__PURE__ */ new Map();
  for (const bucket of dailyBuckets) {
    const monday = plusDays(bucket.date, 1 - isoWeekday(bucket.date));
    const week = weekly.get(monday) ?? { days: 0, itemIds: [] };
    week.days += 1;
    week.itemIds.push(...bucket.itemIds);
    weekly.set(monday, week);
  }
  const wipItems = wip.map((flow) => {
    const ageHours = hoursFrom(flow.firstStartAt, asOf2);
    const beyond = cycleTime.p95Hours !== null && ageHours > cycleTime.p95Hours ? "p95" : cycleTime.p85Hours !== null && ageHours > cycleTime.p85Hours ? "p85" : cycleTime.p50Hours !== null && ageHours > cycleTime.p50Hours ? "p50" : null;
    return {
      itemId: flow.itemId,
      status: flow.status,
      startedAt: flow.firstStartAt,
      ageHours,
      ageDays: hoursToDays(ageHours),
      beyond,
      blocked: flow.blockedSpells.at(-1)?.to === null,
      eventIds: ids(flow.firstStartEventId)
    };
  }).sort((a, b) => b.ageHours - a.ageHours || (a.itemId < b.itemId ? -1 : 1));
  bounceBacks.sort((a, b) => a.at < b.at ? -1 : a.at > b.at ? 1 : a.eventId < b.eventId ? -1 : 1);
  blocked.sort((a, b) => b.hours - a.hours || (a.itemId < b.itemId ? -1 : 1));
  const blockedHours = round2(blocked.reduce((s, b) => s + b.hours, 0));
  return {
    asOf: asOf2,
    timeZone,
    from: from2,
    to,
    finished,
    cycleTime,
    leadTime,
    throughput: {
      total: finished.length,
      perDay: dailyBuckets,
      perWeek: [...weekly].map(([date, w]) => ({
        date,
        days: w.days,
        count: w.itemIds.length,
        itemIds: w.itemIds
      }))
    },
    wip: { count: wipItems.length, items: wipItems },
    cumulativeFlow,
    bounceBacks,
    blocked: { totalHours: blockedHours, totalDays: hoursToDays(blockedHours), items: blocked }
  };
};

// src/engine/as-of.ts
var compareEvents = (a, b) => a.at < b.at ? -1 : a.at > b.at ? 1 : a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

// src/engine/history.ts
var buildHistory = (input) => {
  const grouped = /* @__PURE__ */ new Map();
  for (const event of input.events) {
    const list = grouped.get(event.entityId);
    if (list) list.push(event);
    else grouped.set(event.entityId, [event]);
  }
  for (const list of grouped.values()) list.sort(compareEvents);
  const ordered = /* @__PURE__ */ new Set();
  for (const entities of [
    input.items,
    input.pullRequests,
    input.sprints,
    input.deployments,
    input.milestones
  ])
    for (const entity of entities ?? []) {
      const list = grouped.get(entity.id);
      if (list !== void 0) ordered.add(list);
    }
  for (const list of grouped.values()) ordered.add(list);
  const byId = buildTimelines(ordered);
  const timelineOf = (entityId) => byId.get(entityId) ?? EMPTY_TIMELINE;
  const aligned = (entities) => entities.map((e) => timelineOf(e.id));
  const items = input.items ?? [];
  const sprints = input.sprints ?? [];
  const pullRequests = input.pullRequests ?? [];
  const deployments = input.deployments ?? [];
  const milestones = input.milestones ?? [];
  const none = [];
  return {
    engagement: input.engagement,
    items,
    sprints,
    pullRequests,
    deployments,
    milestones,
    people: input.people ?? [],
    identities: input.identities ?? [],
    eventsOf: (entityId) => grouped.get(entityId) ?? none,
    timelineOf,
    timelines: {
      items: aligned(items),
      sprints: aligned(sprints),
      pullRequests: aligned(pullRequests),
      deployments: aligned(deployments),
      milestones: aligned(milestones)
    }
  };
};
var defaultCalendar = (engagement) => ({
  timeZone: engagement.timeZone,
  workingDays: [1, 2, 3, 4, 5],
  workStart: "09:00",
  workEnd: "17:00",
  holidays: []
});
var calendarResolver = (history2) => {
  const byId = new Map(history2.people.map((p) => [p.id, p]));
  const byEmail = new Map(history2.people.filter((p) => p.email).map((p) => [p.email.toLowerCase(), p]));
  const byAccount = new Map(history2.identities.map((i) => [i.externalId, i.personId]));
  const fallback = defaultCalendar(history2.engagement);
  return (account) => {
    const person = byId.get(account) ?? byId.get(byAccount.get(account) ?? "") ?? byEmail.get(account.toLowerCase());
    return person?.calendar ?? fallback;
  };
};

// src/engine/calendar.ts
var MINUTE = 6e4;
var HOUR2 = 36e5;
var DAY2 = 864e5;
var DAYS_BEFORE = 2;
var HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;
var minutesOf = (text, field, calendar) => {
  const match = HHMM.exec(text);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!match || minutes > 24 * 60) {
    throw invalidInput(`working calendar ${field} "${text}" is not a time of day HH:MM`, {
      timeZone: calendar.timeZone
    });
  }
  return minutes;
};
var instantOfLocal = (timeZone, localMs) => {
  const before = utcOffsetMs(timeZone, localMs - DAY2);
  const after = utcOffsetMs(timeZone, localMs + DAY2);
  if (before === after) return localMs - before;
  const early = localMs - before;
  const late = localMs - after;
  const earlyValid = utcOffsetMs(timeZone, early) === before;
  const lateValid = utcOffsetMs(timeZone, late) === after;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  return early;
};
var CalendarClock = class {
  timeZone;
  startMinutes;
  endMinutes;
  workingDays;
  holidays;
  windows = /* @__PURE__ */ new Map();
  constructor(calendar) {
    if (!isTimeZone(calendar.timeZone)) {
      throw invalidInput(`working calendar time zone "${calendar.timeZone}" is not an IANA time zone`);
    }
    this.timeZone = calendar.timeZone;
    this.startMinutes = minutesOf(calendar.workStart, "workStart", calendar);
    this.endMinutes = minutesOf(calendar.workEnd, "workEnd", calendar);
    if (this.startMinutes === 24 * 60) {
      throw invalidInput(`working calendar workStart "${calendar.workStart}" must be before 24:00`);
    }
    if (this.startMinutes === this.endMinutes) {
      throw invalidInput(
        `working calendar has no working hours: workStart and workEnd are both "${calendar.workStart}"`,
        { timeZone: calendar.timeZone }
      );
    }
    this.workingDays = new Set(calendar.workingDays.filter((d) => Number.isInteger(d) && d >= 1 && d <= 7));
    if (this.workingDays.size === 0) {
      throw invalidInput("working calendar has no working days", { timeZone: calendar.timeZone });
    }
    this.holidays = new Set(calendar.holidays);
  }
  /** The working window of local date number `day` (days since 1970-01-01), or null. */
  window(day) {
    const cached = this.windows.get(day);
    if (cached !== void 0) return cached;
    const window = this.computeWindow(day);
    this.windows.set(day, window);
    return window;
  }
  computeWindow(day) {
    const weekday = ((day + 3) % 7 + 7) % 7 + 1;
    if (!this.workingDays.has(weekday)) return null;
    if (this.holidays.size > 0 && this.holidays.has(new Date(day * DAY2).toISOString().slice(0, 10))) {
      return null;
    }
    const endDay = this.endMinutes <= this.startMinutes ? day + 1 : day;
    const start = instantOfLocal(this.timeZone, day * DAY2 + this.startMinutes * MINUTE);
    const end = instantOfLocal(this.timeZone, endDay * DAY2 + this.endMinutes * MINUTE);
    return end > start ? { start, end } : null;
  }
};
var byObject = /* @__PURE__ */ new WeakMap();
var bySignature = /* @__PURE__ */ new Map();
var clockOf = (calendar) => {
  let clock2 = byObject.get(calendar);
  if (clock2) return clock2;
  const signature = [
    calendar.timeZone,
    calendar.workStart,
    calendar.workEnd,
    calendar.workingDays.join(","),
    calendar.holidays.join(",")
  ].join("|");
  clock2 = bySignature.get(signature);
  if (!clock2) {
    clock2 = new CalendarClock(calendar);
    bySignature.set(signature, clock2);
  }
  byObject.set(calendar, clock2);
  return clock2;
};
var workingMsBetween = (calendar, fromMs, toMs) => {
  if (!(toMs > fromMs)) return 0;
  const clock2 = clockOf(calendar);
  const last2 = Math.floor(toMs / DAY2) + 1;
  let total = 0;
  for (let day = Math.floor(fromMs / DAY2) - DAYS_BEFORE; day <= last2; day++) {
    const window = clock2.window(day);
    if (window === null) continue;
    const start = Math.max(window.start, fromMs);
    const end = Math.min(window.end, toMs);
    if (end > start) total += end - start;
  }
  return total;
};
var addWorkingMs = (calendar, fromMs, ms2) => {
  if (!Number.isFinite(ms2) || ms2 < 0) {
    throw invalidInput(`working time to add must be a finite number of hours \u2265 0, got ${ms2 / HOUR2}`);
  }
  const clock2 = clockOf(calendar);
  let remaining = ms2;
  for (let day = Math.floor(fromMs / DAY2) - DAYS_BEFORE; ; day++) {
    const window = clock2.window(day);
    if (window === null || window.end <= fromMs) continue;
    const start = Math.max(window.start, fromMs);
    const available = window.end - start;
    if (remaining < available) {
      return start + Math.floor(remaining + 1e-6);
    }
    remaining -= available;
  }
};

// src/engine/reviews-pr.ts
var HOUR3 = 36e5;
var ms = canonicalMs;
var isBot = (event) => event.actorIsBot || (event.actor?.endsWith("[bot]") ?? false);
var readySpans = (intervals, from2, to, spans) => {
  let covering = false;
  for (let i = 0; i < intervals.length; i += 2) {
    const intervalStart = intervals[i];
    const end = intervals[i + 1];
    const covers = intervalStart <= to && end > to;
    if (covers) covering = true;
    const start = Math.max(intervalStart, from2);
    const stop = Math.min(end, to);
    if (stop > start || stop === start && covers) spans.push(start, stop);
  }
  return covering;
};
var readyMs = (intervals, from2, to) => {
  let total = 0;
  for (let i = 0; i < intervals.length; i += 2) {
    const intervalStart = intervals[i];
    const end = intervals[i + 1];
    const start = Math.max(intervalStart, from2);
    const stop = Math.min(end, to);
    if (stop > start) total += stop - start;
  }
  return total;
};
var clock = (intervals, start, startMs, end, endMs, eventIds) => {
  const wall = Math.max(0, endMs - startMs);
  const ready = readyMs(intervals, startMs, endMs);
  return { startAt: start, endAt: end, hours: ready / HOUR3, pausedHours: (wall - ready) / HOUR3, eventIds };
};
var dueOf = (calendar, spans, working, covering, limitMs) => {
  let remaining = limitMs;
  const count = spans.length / 2;
  for (let index = 0; index < count; index++) {
    const start = spans[2 * index];
    const due = addWorkingMs(calendar, start, remaining);
    if (due < spans[2 * index + 1] || covering && index === count - 1) return due;
    remaining -= working[index];
  }
  return null;
};
var finishRequest = (draft, pr, intervals, asOfMs, ctx) => {
  const reviewer = draft.event.to ?? "";
  const calendar = ctx.calendarOf(reviewer);
  const from2 = ms(draft.event.at);
  const end = draft.end;
  const to = end ? ms(end.at) : asOfMs;
  const spans = [];
  const spanWorking = [];
  const covering = readySpans(intervals, from2, to, spans);
  let wall = 0;
  let working = 0;
  for (let i = 0; i < spans.length; i += 2) {
    const s = spans[i];
    const e = spans[i + 1];
    wall += e - s;
    const w = workingMsBetween(calendar, s, e);
    spanWorking.push(w);
    working += w;
  }
  const limitMs = ctx.limitHours * HOUR3;
  const due = dueOf(calendar, spans, spanWorking, covering, limitMs);
  const over = working > limitMs;
  const endedBy = draft.endedBy;
  const status = over ? "breached" : endedBy === "review" ? "met" : endedBy === null ? "open" : "withdrawn";
  const eventIds = draft.eventIds;
  if (end) {
    eventIds.push(end.id);
  }
  return {
    id: draft.event.id,
    prId: pr.id,
    reviewer,
    team: reviewer.startsWith("team:"),
    requestedAt: draft.event.at,
    status,
    endedBy,
    endedAt: end?.at ?? null,
    reviewedBy: draft.reviewedBy,
    reviewState: endedBy === "review" ? end?.to ?? null : null,
    dueAt: due === null ? null : isoOf(due),
    limitHours: ctx.limitHours,
    hours: wall / HOUR3,
    workingHours: working / HOUR3,
    timeZone: calendar.timeZone,
    eventIds
  };
};
var endRequest = (open, key, how, event, reviewedBy) => {
  for (let i = 0; i < open.length; i++) {
    const request = open[i];
    if (request.key !== key) continue;
    request.endedBy = how;
    request.end = event;
    request.reviewedBy = reviewedBy;
    open.splice(i, 1);
    return;
  }
};
var endAll = (open, how, event, reviewedBy, teamsOnly) => {
  let kept = 0;
  for (let i = 0; i < open.length; i++) {
    const request = open[i];
    if (teamsOnly && !request.key.startsWith("team:")) {
      open[kept++] = request;
      continue;
    }
    request.endedBy = how;
    request.end = event;
    request.reviewedBy = reviewedBy;
  }
  open.length = kept;
};
var replayPullRequest = (pr, allEvents, asOf2, asOfMs, ctx, reviews) => {
  const count = allEvents.length;
  let created = null;
  let hasCreatedEvent = false;
  let firstStateChange = null;
  for (let i = 0; i < count; i++) {
    const e = allEvents[i];
    const kind = e.kind;
    if (kind === "created") {
      hasCreatedEvent = true;
      if (created === null && e.at <= asOf2) created = e;
    } else if (firstStateChange === null && (kind === "ready_for_review" || kind === "converted_to_draft") && e.at <= asOf2) {
      firstStateChange = e;
    }
  }
  if (created === null && (hasCreatedEvent || pr.createdAt > asOf2)) return null;
  const createdAt = created?.at ?? pr.createdAt;
  const personOf = ctx.personOf;
  const author = personOf(pr.author);
  let draft = created ? created.to === "draft" : firstStateChange?.kind === "ready_for_review";
  let open = true;
  let merged = null;
  let pickup = null;
  let firstReview = null;
  const intervals = [];
  let isReadyNow = false;
  let readySince = 0;
  let readyFirstAt = null;
  let readyFirstMs = 0;
  let readyFirst = null;
  const reviewers = [];
  const ignored = [];
  const openRequests = [];
  const requests = [];
  if (!created && !draft) {
    isReadyNow = true;
    readySince = ms(createdAt);
    readyFirstAt = createdAt;
    readyFirstMs = readySince;
  }
  for (let i = 0; i < count; i++) {
    const e = allEvents[i];
    if (e.at > asOf2) continue;
    switch (e.kind) {
      case "created":
        draft = e.to === "draft";
        break;
      case "ready_for_review":
        draft = false;
        break;
      case "converted_to_draft":
        draft = true;
        break;
      case "reopened":
        open = true;
        break;
      case "closed":
        open = false;
        endAll(openRequests, "closed", e, null, false);
        break;
      case "merged":
        merged ??= e;
        endAll(openRequests, "merged", e, null, false);
        break;
      case "review_requested": {
        const target = e.to;
        if (target === null || target.endsWith("[bot]")) break;
        const team = target.startsWith("team:");
        const key = team ? target : personOf(target);
        if (!team && key === author) break;
        let existing = null;
        for (let j = 0; j < openRequests.length; j++) {
          if (openRequests[j].key === key) {
            existing = openRequests[j];
            break;
          }
        }
        if (existing) existing.eventIds.push(e.id);
        else {
          const request = {
            key,
            event: e,
            eventIds: [e.id],
            endedBy: null,
            end: null,
            reviewedBy: null
          };
          openRequests.push(request);
          requests.push(request);
        }
        break;
      }
      case "review_request_removed":
        if (e.to !== null && openRequests.length > 0)
          endRequest(
            openRequests,
            e.to.startsWith("team:") ? e.to : personOf(e.to),
            "request_removed",
            e,
            null
          );
        break;
      case "reviewed":
      case "commented": {
        const actor = e.actor;
        if (actor === null || isBot(e) || personOf(actor) === author) {
          ignored.push(e.id);
          break;
        }
        const submitted = e.kind === "reviewed" && e.to !== "pending";
        if (readyFirstAt !== null && pickup === null && (e.kind === "commented" || submitted)) pickup = e;
        if (submitted) {
          if (!reviewers.includes(actor)) reviewers.push(actor);
          if (reviews !== null) reviews.push(e);
          if (merged === null) firstReview ??= e;
          if (openRequests.length > 0) {
            endRequest(openRequests, personOf(actor), "review", e, actor);
            endAll(openRequests, "review", e, actor, true);
          }
        }
        break;
      }
      default:
        break;
    }
    const isReady = open && !draft && merged === null;
    if (isReady) {
      if (!isReadyNow) {
        isReadyNow = true;
        readySince = ms(e.at);
        if (readyFirstAt === null) {
          readyFirstAt = e.at;
          readyFirstMs = readySince;
          readyFirst = e;
        }
      }
    } else if (isReadyNow) {
      intervals.push(readySince, ms(e.at));
      isReadyNow = false;
    }
  }
  if (isReadyNow) intervals.push(readySince, Number.POSITIVE_INFINITY);
  const readyAt = readyFirstAt;
  const mergedMs = merged === null ? 0 : ms(merged.at);
  const readyId = readyFirst ? readyFirst.id : null;
  const codingTime = readyAt !== null && pr.firstCommitAt !== null && pr.firstCommitAt <= readyAt ? {
    startAt: pr.firstCommitAt,
    endAt: readyAt,
    hours: (readyFirstMs - ms(pr.firstCommitAt)) / HOUR3,
    pausedHours: 0,
    eventIds: readyId === null ? [] : [readyId]
  } : null;
  const finished = [];
  for (let i = 0; i < requests.length; i++)
    finished.push(finishRequest(requests[i], pr, intervals, asOfMs, ctx));
  return {
    prId: pr.id,
    repo: pr.repo,
    number: pr.number,
    title: pr.title,
    author: pr.author,
    phase: merged ? "merged" : !open ? "closed" : draft ? "draft" : "ready",
    createdAt,
    readyAt,
    mergedAt: merged?.at ?? null,
    lines: pr.additions + pr.deletions,
    changedFiles: pr.changedFiles,
    codingTime,
    pickupTime: readyAt && pickup ? clock(
      intervals,
      readyAt,
      readyFirstMs,
      pickup.at,
      ms(pickup.at),
      readyId === null ? [pickup.id] : [readyId, pickup.id]
    ) : null,
    reviewTime: firstReview && merged ? clock(intervals, firstReview.at, ms(firstReview.at), merged.at, mergedMs, [
      firstReview.id,
      merged.id
    ]) : null,
    timeToMerge: readyAt && merged ? clock(
      intervals,
      readyAt,
      readyFirstMs,
      merged.at,
      mergedMs,
      readyId === null ? [merged.id] : [readyId, merged.id]
    ) : null,
    reviewers: reviewers.length > 1 ? reviewers.sort() : reviewers,
    unreviewedMerge: merged !== null && firstReview === null,
    mergeEventId: merged?.id ?? null,
    ignoredEventIds: ignored,
    requests: finished
  };
};

// src/engine/reviews.ts
var SampleList = class {
  samples = [];
  values;
  /** False once a value is NaN or -0, which only a full sort orders the way `percentiles` does. */
  plain = true;
  constructor(capacity) {
    this.values = new Float64Array(capacity);
  }
  add(id, prId, value, eventIds) {
    this.values[this.samples.length] = value;
    this.samples.push({ id, prId, value, eventIds });
    if (Number.isNaN(value) || Object.is(value, -0)) this.plain = false;
  }
};
var distribution = (list) => {
  const samples = list.samples;
  const n = samples.length;
  if (n === 0) return { count: 0, median: null, p85: null, samples };
  let p50;
  let p85;
  if (list.plain) [p50, p85] = percentilesInPlace(list.values, n, [50, 85]);
  else
    [p50, p85] = percentiles(
      samples.map((s) => s.value),
      [50, 85]
    );
  return { count: n, median: p50 ?? null, p85: p85 ?? null, samples };
};
var canonical = (instant3, what) => {
  const ms2 = Date.parse(instant3);
  if (Number.isNaN(ms2)) throw invalidInput(`${what} "${instant3}" is not an ISO instant`);
  return new Date(ms2).toISOString();
};
var memoised = (fn) => {
  const cache = /* @__PURE__ */ new Map();
  return (key) => {
    let value = cache.get(key);
    if (value === void 0) {
      value = fn(key);
      cache.set(key, value);
    }
    return value;
  };
};
var personResolver = (history2) => {
  const ids3 = new Set(history2.people.map((p) => p.id));
  const byAccount = new Map(history2.identities.map((i) => [i.externalId, i.personId]));
  const byEmail = new Map(history2.people.filter((p) => p.email).map((p) => [p.email.toLowerCase(), p.id]));
  return (account) => ids3.has(account) ? account : byAccount.get(account) ?? byEmail.get(account.toLowerCase()) ?? account;
};
var reviewContext = (history2) => {
  const resolve = calendarResolver(history2);
  const team = defaultCalendar(history2.engagement);
  return {
    limitHours: history2.engagement.reviewSla.firstReviewHours,
    calendarOf: memoised((reviewer) => reviewer.startsWith("team:") ? team : resolve(reviewer)),
    personOf: memoised(personResolver(history2))
  };
};
var AggregateWindow = class {
  constructor(from2, to) {
    this.from = from2;
    this.to = to;
  }
  from;
  to;
  has(instant3) {
    return (this.from === null || instant3 >= this.from) && instant3 <= this.to;
  }
};
var byRequestedAt = (a, b) => a.requestedAt < b.requestedAt ? -1 : a.requestedAt > b.requestedAt ? 1 : 0;
var sortByRequestedAt = (requests) => {
  const n = requests.length;
  const keys = new Float64Array(n);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let integers = true;
  for (let i = 0; i < n; i++) {
    const key = canonicalMs(requests[i].requestedAt);
    keys[i] = key;
    if (!Number.isInteger(key)) integers = false;
    if (key < min) min = key;
    if (key > max) max = key;
  }
  let slots = 1;
  while (slots < n) slots *= 2;
  const sorted = [];
  if (n > 1 && integers && (max - min + 1) * slots <= 2 ** 53) {
    for (let i = 0; i < n; i++) keys[i] = (keys[i] - min) * slots + i;
    keys.sort();
    for (let i = 0; i < n; i++) sorted.push(requests[keys[i] % slots]);
  } else {
    const order = [];
    for (let i = 0; i < n; i++) order.push(i);
    order.sort((a, b) => keys[a] - keys[b] || a - b);
    for (let i = 0; i < n; i++) sorted.push(requests[order[i]]);
  }
  for (let i = 1; i < n; i++)
    if (sorted[i - 1].requestedAt > sorted[i].requestedAt) return requests.sort(byRequestedAt);
  return sorted;
};
var reviewMetrics = (history2, asOf2, options = {}) => {
  const at = canonical(asOf2, "asOf");
  const from2 = options.from === void 0 ? null : canonical(options.from, "from");
  const requestedTo = options.to === void 0 ? at : canonical(options.to, "to");
  const to = [requestedTo, at].sort()[0];
  const window = new AggregateWindow(from2, to);
  const ctx = reviewContext(history2);
  const atMs = instantMs(at);
  const pullRequests = [];
  const unsorted = [];
  const reviews = [];
  for (const pr of history2.pullRequests) {
    const review = replayPullRequest(pr, history2.eventsOf(pr.id), at, atMs, ctx, reviews);
    if (review === null) continue;
    pullRequests.push(review);
    for (const request of review.requests) unsorted.push(request);
  }
  const requests = sortByRequestedAt(unsorted);
  const windowed = [];
  const met = [];
  const breached = [];
  const open = [];
  const withdrawn = [];
  let breachedOpen = 0;
  const firstReviews = new SampleList(requests.length);
  for (const r of requests) {
    if (!window.has(r.requestedAt)) continue;
    windowed.push(r);
    switch (r.status) {
      case "met":
        met.push(r.id);
        break;
      case "breached":
        breached.push(r.id);
        if (r.endedBy === null) breachedOpen++;
        break;
      case "open":
        open.push(r.id);
        break;
      case "withdrawn":
        withdrawn.push(r.id);
        break;
    }
    if (r.endedBy === "review") firstReviews.add(r.id, r.prId, r.workingHours, r.eventIds);
  }
  const sla = {
    limitHours: ctx.limitHours,
    requests: windowed.length,
    met: met.length,
    breached: breached.length,
    breachedOpen,
    open: open.length,
    withdrawn: withdrawn.length,
    adherence: met.length + breached.length === 0 ? null : met.length / (met.length + breached.length),
    evidence: { met, breached, open: [...open], withdrawn: [...withdrawn] }
  };
  const codingTime = new SampleList(pullRequests.length);
  const pickupTime = new SampleList(pullRequests.length);
  const reviewTime = new SampleList(pullRequests.length);
  const timeToMerge = new SampleList(pullRequests.length);
  const sizeLines = new SampleList(pullRequests.length);
  const sizeFiles = new SampleList(pullRequests.length);
  const unreviewedMerges = [];
  for (const pr of pullRequests) {
    const id = pr.prId;
    const coding = pr.codingTime;
    if (coding !== null && window.has(coding.endAt)) codingTime.add(id, id, coding.hours, coding.eventIds);
    const pickup = pr.pickupTime;
    if (pickup !== null && window.has(pickup.endAt)) pickupTime.add(id, id, pickup.hours, pickup.eventIds);
    if (pr.mergedAt === null || !window.has(pr.mergedAt)) continue;
    if (pr.reviewTime) reviewTime.add(id, id, pr.reviewTime.hours, pr.reviewTime.eventIds);
    if (pr.timeToMerge) timeToMerge.add(id, id, pr.timeToMerge.hours, pr.timeToMerge.eventIds);
    sizeLines.add(id, id, pr.lines, []);
    sizeFiles.add(id, id, pr.changedFiles, []);
    if (pr.unreviewedMerge)
      unreviewedMerges.push({
        prId: id,
        repo: pr.repo,
        number: pr.number,
        author: pr.author,
        mergedAt: pr.mergedAt,
        eventIds: [pr.mergeEventId, ...pr.ignoredEventIds]
      });
  }
  return {
    asOf: at,
    window: { from: from2, to },
    pullRequests,
    requests,
    sla,
    codingTime: distribution(codingTime),
    pickupTime: distribution(pickupTime),
    timeToFirstReview: distribution(firstReviews),
    reviewTime: distribution(reviewTime),
    timeToMerge: distribution(timeToMerge),
    sizeLines: distribution(sizeLines),
    sizeFiles: distribution(sizeFiles),
    unreviewedMerges,
    reviewers: reviewerLoads(requests, windowed, reviews, ctx, window)
  };
};
var loadOf = (loads, byAccount, ctx, account) => {
  const known = byAccount.get(account);
  if (known !== void 0) return known;
  const key = account.startsWith("team:") ? account : ctx.personOf(account);
  let load = loads.get(key);
  if (!load) {
    load = {
      accounts: /* @__PURE__ */ new Set(),
      openRequestIds: [],
      overdue: 0,
      reviewEventIds: [],
      reviewedIds: [],
      reviewedHours: []
    };
    loads.set(key, load);
  }
  load.accounts.add(account);
  byAccount.set(account, load);
  return load;
};
var reviewerLoads = (requests, windowed, reviews, ctx, window) => {
  const loads = /* @__PURE__ */ new Map();
  const byAccount = /* @__PURE__ */ new Map();
  for (const request of requests) {
    if (request.endedBy !== null) continue;
    const load = loadOf(loads, byAccount, ctx, request.reviewer);
    load.openRequestIds.push(request.id);
    if (request.status === "breached") load.overdue += 1;
  }
  for (const request of windowed) {
    if (request.endedBy === "review") {
      const load = loadOf(loads, byAccount, ctx, request.reviewer);
      load.reviewedIds.push(request.id);
      load.reviewedHours.push(request.workingHours);
    }
  }
  for (const event of reviews) {
    if (window.has(event.at)) loadOf(loads, byAccount, ctx, event.actor).reviewEventIds.push(event.id);
  }
  return [...loads.entries()].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([reviewer, load]) => ({
    reviewer,
    accounts: [...load.accounts].sort(),
    openRequests: load.openRequestIds.length,
    overdueRequests: load.overdue,
    reviewsGiven: load.reviewEventIds.length,
    medianTimeToFirstReview: median(load.reviewedHours),
    openRequestIds: load.openRequestIds,
    reviewEventIds: load.reviewEventIds,
    reviewedRequestIds: load.reviewedIds
  }));
};

// src/engine/sprints-draft.ts
var figure = (entries) => {
  let points = 0;
  let unestimated = 0;
  for (const entry of entries) {
    if (entry.points === null) unestimated++;
    else points += entry.points;
  }
  return { items: entries.length, points: round2(points), unestimated, entries };
};
var ratio = (numerator, denominator) => denominator === 0 ? null : Math.round(numerator / denominator * 1e4) / 1e4;
var ids2 = (...values) => values.filter((v) => v !== null);
var buildDraft = (window, paths, timeZone, withBurndown) => {
  const startedAt = window.startedAt;
  const at = window.evaluatedAt;
  const planned = [];
  const added = [];
  const removed = [];
  const completedPlanned = [];
  const completedAdded = [];
  const notCompleted = [];
  const doneOutside = [];
  const changes = [];
  const burn = [];
  let committedDone = 0;
  for (const path of paths) {
    const { start, end } = path;
    const firstAdd = path.crossings.find((c) => c.kind === "add");
    if (!start.member && firstAdd === void 0) continue;
    if (start.member ? start.category === "done" : firstAdd.category === "done") {
      doneOutside.push({
        itemId: path.itemId,
        points: start.member ? start.points : firstAdd.points,
        at: start.member ? startedAt : firstAdd.at,
        eventIds: ids2(start.member ? start.addEventId : firstAdd.eventId, start.statusEventId)
      });
      continue;
    }
    if (start.member) {
      planned.push({
        itemId: path.itemId,
        points: start.points,
        at: startedAt,
        eventIds: ids2(start.addEventId, start.estimateEventId)
      });
    }
    for (const crossing of path.crossings) {
      (crossing.kind === "add" ? added : removed).push({
        itemId: path.itemId,
        points: crossing.points,
        at: crossing.at,
        eventIds: [crossing.eventId]
      });
    }
    changes.push(...path.reEstimates);
    if (end.member) {
      const entry = {
        itemId: path.itemId,
        points: end.points,
        at,
        eventIds: ids2(end.statusEventId, end.addEventId, end.estimateEventId)
      };
      if (end.category !== "done") notCompleted.push(entry);
      else if (start.member) {
        completedPlanned.push(entry);
        committedDone += start.points ?? 0;
      } else completedAdded.push(entry);
    }
    if (withBurndown) burn.push(...path.burn);
  }
  const plannedFigure = figure(planned);
  const addedFigure = figure(added);
  const removedFigure = figure(removed);
  const completed = figure([...completedPlanned, ...completedAdded]);
  const reDelta = round2(changes.reduce((s, c) => s + c.delta, 0));
  const notCompletedFigure = figure(notCompleted);
  return {
    window,
    report: {
      sprintId: window.sprint.id,
      name: window.sprint.name,
      state: window.state === "closed" ? "closed" : "active",
      startedAt,
      completedAt: window.completedAt,
      evaluatedAt: at,
      eventIds: window.eventIds,
      planned: plannedFigure,
      added: addedFigure,
      removed: removedFigure,
      reEstimated: { count: changes.length, pointsDelta: reDelta, changes },
      scopeChange: {
        items: addedFigure.items - removedFigure.items,
        points: round2(addedFigure.points + reDelta - removedFigure.points)
      },
      completed,
      completedPlanned: figure(completedPlanned),
      completedAdded: figure(completedAdded),
      notCompleted: notCompletedFigure,
      carryover: window.state === "closed" ? notCompletedFigure : figure([]),
      doneOutside: figure(doneOutside),
      velocity: completed.points,
      planningAccuracy: {
        items: ratio(completedPlanned.length, plannedFigure.items),
        points: ratio(committedDone, plannedFigure.points)
      },
      capacityAccuracy: {
        items: ratio(completed.items, plannedFigure.items),
        points: ratio(completed.points, plannedFigure.points)
      },
      burndown: withBurndown ? burndown(plannedFigure, burn, startedAt, at, timeZone) : []
    }
  };
};
var burndown = (planned, deltas, startedAt, evaluatedAt, timeZone) => {
  deltas.sort((a, b) => a.at < b.at ? -1 : a.at > b.at ? 1 : 0);
  let items = planned.items;
  let points = planned.points;
  let doneItems = 0;
  let donePoints = 0;
  const point = (date, at) => ({
    date,
    at,
    scopeItems: items,
    scopePoints: round2(points),
    completedItems: doneItems,
    completedPoints: round2(donePoints),
    remainingItems: items - doneItems,
    remainingPoints: round2(points - donePoints)
  });
  const days = localDays(startedAt, evaluatedAt, timeZone);
  const result = [point(days[0]?.date ?? startedAt.slice(0, 10), startedAt)];
  let next = 0;
  for (const day of days) {
    const at = minInstant(day.end, evaluatedAt);
    while (next < deltas.length && deltas[next].at <= at) {
      const d = deltas[next++];
      items += d.items;
      points += d.points;
      doneItems += d.doneItems;
      donePoints += d.donePoints;
    }
    result.push(point(day.date, at));
  }
  return result;
};

// src/engine/sprints-walk.ts
var usableDate = (date, asOf2) => date !== null && date <= asOf2 ? date : null;
var sprintWindow = (sprint, events, asOf2) => {
  const rowStart = usableDate(sprint.startAt, asOf2);
  const rowCompleted = usableDate(sprint.completedAt, asOf2);
  const lifecycle = events.filter((e) => e.kind === "created" || e.kind === "sprint_state");
  if (lifecycle.length === 0) {
    if (rowStart === null) return null;
    const completedAt2 = rowCompleted !== null && rowCompleted >= rowStart ? rowCompleted : null;
    return {
      sprint,
      state: completedAt2 ? "closed" : "active",
      startedAt: rowStart,
      completedAt: completedAt2,
      evaluatedAt: completedAt2 ?? asOf2,
      createdAt: null,
      eventIds: []
    };
  }
  let state = "future";
  let startedAt = null;
  let completedAt = null;
  let startEvent = null;
  let completeEvent = null;
  for (const event of lifecycle) {
    const to = event.to ?? state;
    if (to === "future") {
      if (event.kind === "sprint_state") {
        startedAt = null;
        completedAt = null;
        startEvent = null;
        completeEvent = null;
      }
    } else {
      if (startedAt === null) {
        startedAt = to === "active" && event.kind === "sprint_state" ? event.at : rowStart ?? event.at;
        if (startedAt > event.at) startedAt = event.at;
        startEvent = event.id;
      }
      if (to === "closed") {
        completedAt = event.kind === "created" ? rowCompleted ?? event.at : event.at;
        if (completedAt < startedAt) completedAt = startedAt;
        completeEvent = event.id;
      } else {
        completedAt = null;
        completeEvent = null;
      }
    }
    state = to;
  }
  return {
    sprint,
    state,
    startedAt,
    completedAt,
    evaluatedAt: completedAt ?? asOf2,
    createdAt: lifecycle[0].at,
    eventIds: [startEvent, completeEvent].filter((id) => id !== null)
  };
};
var parsePoints = (value) => {
  if (value === null || value === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};
var walkItem = (itemId, events, sprintId, startedAt, evaluatedAt) => {
  let member = false;
  let points = null;
  let category = null;
  let addEventId = null;
  let statusEventId = null;
  let estimateEventId = null;
  let start = null;
  const crossings = [];
  const reEstimates = [];
  const burn = [];
  const moment = () => ({ member, points, category, addEventId, statusEventId, estimateEventId });
  let items = 0;
  let pts = 0;
  let doneItems = 0;
  let donePoints = 0;
  for (const event of events) {
    if (event.at > evaluatedAt) break;
    if (start === null && event.at > startedAt) {
      start = moment();
      items = member ? 1 : 0;
      pts = member ? points ?? 0 : 0;
      doneItems = member && category === "done" ? 1 : 0;
      donePoints = doneItems * pts;
    }
    const after = start !== null;
    switch (event.kind) {
      case "created":
        category = event.to ?? category;
        statusEventId = event.id;
        break;
      case "status":
        category = event.to;
        statusEventId = event.id;
        break;
      case "estimate": {
        const next = parsePoints(event.to);
        if (after && member && next !== points) {
          reEstimates.push({
            itemId,
            eventId: event.id,
            at: event.at,
            from: points,
            to: next,
            delta: (next ?? 0) - (points ?? 0)
          });
        }
        points = next;
        estimateEventId = event.id;
        break;
      }
      case "sprint_added":
        if (event.to === sprintId && !member) {
          member = true;
          addEventId = event.id;
          if (after) crossings.push({ kind: "add", at: event.at, eventId: event.id, points, category });
        }
        break;
      case "sprint_removed":
        if (event.from === sprintId && member) {
          member = false;
          addEventId = null;
          if (after) crossings.push({ kind: "remove", at: event.at, eventId: event.id, points, category });
        }
        break;
      default:
        break;
    }
    if (after) {
      const nItems = member ? 1 : 0;
      const nPoints = member ? points ?? 0 : 0;
      const nDoneItems = member && category === "done" ? 1 : 0;
      const nDonePoints = nDoneItems * nPoints;
      if (nItems !== items || nPoints !== pts || nDoneItems !== doneItems || nDonePoints !== donePoints) {
        burn.push({
          at: event.at,
          items: nItems - items,
          points: nPoints - pts,
          doneItems: nDoneItems - doneItems,
          donePoints: nDonePoints - donePoints
        });
        items = nItems;
        pts = nPoints;
        doneItems = nDoneItems;
        donePoints = nDonePoints;
      }
    }
  }
  const end = moment();
  return { itemId, start: start ?? end, crossings, reEstimates, end, burn };
};

// src/engine/sprints.ts
var DEFAULT_VELOCITY_WINDOW = 3;
var rolling = (drafts, window) => {
  const used = drafts.slice(Math.max(0, drafts.length - window));
  const velocities = used.map((d) => d.report.velocity);
  const m = mean(velocities);
  const md = median(velocities);
  return {
    window,
    sprintIds: used.map((d) => d.report.sprintId),
    velocities,
    mean: m === null ? null : round2(m),
    median: md === null ? null : round2(md)
  };
};
var byStart = (a, b) => {
  const x = a.startedAt ?? a.createdAt ?? "";
  const y = b.startedAt ?? b.createdAt ?? "";
  return x < y ? -1 : x > y ? 1 : a.sprint.id < b.sprint.id ? -1 : a.sprint.id > b.sprint.id ? 1 : 0;
};
var byCompletion = (a, b) => {
  const x = a.window.completedAt;
  const y = b.window.completedAt;
  return x < y ? -1 : x > y ? 1 : byStart(a.window, b.window);
};
var computeReports = (history2, asOf2, options, selected) => {
  const velocityWindow = Math.max(1, Math.floor(options.velocityWindow ?? DEFAULT_VELOCITY_WINDOW));
  const timeZone = usableTimeZone(history2.engagement.timeZone);
  const windows = /* @__PURE__ */ new Map();
  for (const sprint of history2.sprints) {
    const window = sprintWindow(sprint, eventsUpTo(history2.eventsOf(sprint.id), asOf2), asOf2);
    if (window) windows.set(sprint.id, window);
  }
  const chosen = [...windows.values()].filter(selected);
  let horizon = "";
  for (const w of chosen) if (w.evaluatedAt > horizon) horizon = w.evaluatedAt;
  const needed = [...windows.values()].filter(
    (w) => selected(w) || w.completedAt !== null && w.completedAt <= horizon
  );
  const neededIds = new Set(needed.map((w) => w.sprint.id));
  const members = /* @__PURE__ */ new Map();
  for (const item of history2.items) {
    const events = eventsUpTo(history2.eventsOf(item.id), asOf2);
    let touched = null;
    for (const event of events) {
      if (event.kind === "sprint_added" && event.to !== null && neededIds.has(event.to)) {
        touched ??= /* @__PURE__ */ new Set();
        touched.add(event.to);
      }
    }
    for (const sprintId of touched ?? []) {
      const list = members.get(sprintId);
      if (list) list.push({ id: item.id, events });
      else members.set(sprintId, [{ id: item.id, events }]);
    }
  }
  const pathsOf = (window) => (members.get(window.sprint.id) ?? []).map(
    ({ id, events }) => walkItem(id, events, window.sprint.id, window.startedAt ?? window.evaluatedAt, window.evaluatedAt)
  );
  const drafts = /* @__PURE__ */ new Map();
  for (const window of needed) {
    if (window.startedAt === null) continue;
    drafts.set(window.sprint.id, buildDraft(window, pathsOf(window), timeZone, selected(window)));
  }
  const closed = [...drafts.values()].filter((d) => d.window.completedAt !== null).sort(byCompletion);
  const carriedTimes = /* @__PURE__ */ new Map();
  const carryover2Plus = /* @__PURE__ */ new Map();
  const rollingOf = /* @__PURE__ */ new Map();
  closed.forEach((draft, index) => {
    const twice = [];
    for (const entry of draft.report.carryover.entries) {
      const times = (carriedTimes.get(entry.itemId) ?? 0) + 1;
      carriedTimes.set(entry.itemId, times);
      if (times >= 2) twice.push(entry);
    }
    carryover2Plus.set(draft.report.sprintId, figure(twice));
    rollingOf.set(draft.report.sprintId, rolling(closed.slice(0, index + 1), velocityWindow));
  });
  const closedBefore = (at) => closed.filter((d) => d.window.completedAt <= at);
  return chosen.sort(byStart).map((window) => {
    const draft = drafts.get(window.sprint.id);
    if (!draft) {
      const scope = pathsOf(window).filter((p) => p.end.member).map((p) => ({
        itemId: p.itemId,
        points: p.end.points,
        at: window.evaluatedAt,
        eventIds: ids2(p.end.addEventId, p.end.estimateEventId)
      }));
      return {
        sprintId: window.sprint.id,
        name: window.sprint.name,
        state: "future",
        scope: figure(scope),
        rollingVelocity: rolling(closedBefore(asOf2), velocityWindow)
      };
    }
    return {
      ...draft.report,
      carryover2Plus: carryover2Plus.get(window.sprint.id) ?? figure([]),
      rollingVelocity: rollingOf.get(window.sprint.id) ?? rolling(closedBefore(window.evaluatedAt), velocityWindow)
    };
  });
};
var sprintMetrics = (history2, asOf2, options = {}) => computeReports(history2, asOf2, options, () => true);

// src/sources/simulator/config.ts
import { z } from "zod";
var SCENARIOS = [
  "healthy",
  "scope_drift",
  "review_bottleneck",
  "carryover_creep",
  "silent_blocker",
  "overcommitment",
  "milestone_slip",
  "hero_dependency"
];
var calendarDate = z.string().refine((v) => parseCalendarDate(v) !== null, "must be a date YYYY-MM-DD");
var personSchema = z.strictObject({
  personId: z.string().min(1),
  login: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be a login without spaces"),
  name: z.string().min(1),
  role: z.enum(["specialist", "tech_lead", "qa", "designer"])
});
var simulatorConfigSchema = z.strictObject({
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  scenario: z.enum(SCENARIOS),
  onsetDate: calendarDate,
  startDate: calendarDate,
  endDate: calendarDate,
  people: z.array(personSchema).min(2).max(30),
  keyPrefix: z.string().regex(/^[A-Z][A-Z0-9]{0,9}$/, "must be 1\u201310 capital letters or digits"),
  sprintLengthDays: z.number().int().min(5).max(28).default(14),
  scale: z.number().min(0.1).max(1e3).default(1),
  timeZone: z.string().refine(isTimeZone, "must be an IANA time zone").default("UTC"),
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "must be owner/name").optional()
}).superRefine((c, ctx) => {
  if (c.endDate <= c.startDate) {
    ctx.addIssue({ code: "custom", path: ["endDate"], message: "must be after startDate" });
  }
  if (c.onsetDate < c.startDate || c.onsetDate > c.endDate) {
    ctx.addIssue({
      code: "custom",
      path: ["onsetDate"],
      message: "must lie between startDate and endDate"
    });
  }
  const authors = c.people.filter((p) => p.role === "specialist" || p.role === "tech_lead");
  if (authors.length < 2) {
    ctx.addIssue({
      code: "custom",
      path: ["people"],
      message: "needs at least two specialists or tech leads"
    });
  }
  const logins = /* @__PURE__ */ new Set();
  c.people.forEach((p, i) => {
    if (logins.has(p.login)) {
      ctx.addIssue({
        code: "custom",
        path: ["people", i, "login"],
        message: `duplicate login "${p.login}"`
      });
    }
    logins.add(p.login);
  });
});
var parseSimulatorConfig = (config) => {
  const result = simulatorConfigSchema.safeParse(config);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const key = issue.path.map(String).join(".") || "(config)";
      return `${key} ${issue.message}`;
    });
    throw new BatonError("config_invalid", `simulator config: ${issues.join("; ")}`, { issues });
  }
  const c = result.data;
  return { ...c, repo: c.repo ?? `${c.keyPrefix.toLowerCase()}/app` };
};
var midpoint = (from2, to) => {
  const a = Date.parse(`${from2}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + Math.floor((b - a) / 864e5 / 2) * 864e5).toISOString().slice(0, 10);
};
var simulatorConfig = (input) => parseSimulatorConfig({
  ...input,
  scenario: input.scenario ?? "healthy",
  onsetDate: input.onsetDate ?? midpoint(input.startDate, input.endDate),
  people: input.people.map((p) => ({ ...p }))
});

// src/sources/simulator/collect.ts
import { createHash } from "node:crypto";

// src/sources/simulator/records.ts
import { z as z2 } from "zod";
var SIM_STREAMS = ["sprints", "milestones", "items", "pull_requests", "deployments"];
var instant = z2.iso.datetime();
var nullableInstant = instant.nullable();
var EVENT_KINDS = [
  "created",
  "status",
  "sprint_added",
  "sprint_removed",
  "estimate",
  "assignee",
  "blocked",
  "parent",
  "sprint_state",
  "review_requested",
  "review_request_removed",
  "reviewed",
  "commented",
  "ready_for_review",
  "converted_to_draft",
  "merged",
  "closed",
  "reopened",
  "deployment_status",
  "target_date"
];
var changeSchema = z2.strictObject({
  at: instant,
  kind: z2.enum(EVENT_KINDS),
  from: z2.string().nullable(),
  to: z2.string().nullable(),
  fromLabel: z2.string().nullable(),
  toLabel: z2.string().nullable(),
  actor: z2.string().nullable(),
  bot: z2.boolean()
});
var history = z2.array(changeSchema);
var simItemSchema = z2.strictObject({
  key: z2.string().min(1),
  type: z2.enum(["epic", "story", "bug", "task"]),
  title: z2.string(),
  status: z2.string().min(1),
  statusCategory: z2.enum(["todo", "in_progress", "done"]),
  createdAt: instant,
  resolvedAt: nullableInstant,
  points: z2.number().nonnegative().nullable(),
  assignee: z2.string().nullable(),
  parentKey: z2.string().nullable(),
  history
});
var simSprintSchema = z2.strictObject({
  number: z2.number().int().positive(),
  name: z2.string().min(1),
  state: z2.enum(["future", "active", "closed"]),
  startAt: instant,
  endAt: instant,
  completedAt: nullableInstant,
  goal: z2.string(),
  history
});
var simPullRequestSchema = z2.strictObject({
  repo: z2.string().min(1),
  number: z2.number().int().positive(),
  title: z2.string(),
  author: z2.string().min(1),
  state: z2.enum(["open", "closed", "merged"]),
  draft: z2.boolean(),
  createdAt: instant,
  mergedAt: nullableInstant,
  closedAt: nullableInstant,
  firstCommitAt: instant,
  additions: z2.number().int().nonnegative(),
  deletions: z2.number().int().nonnegative(),
  changedFiles: z2.number().int().nonnegative(),
  baseBranch: z2.string().min(1),
  itemKeys: z2.array(z2.string()),
  history
});
var simDeploymentSchema = z2.strictObject({
  id: z2.string().min(1),
  environment: z2.string().min(1),
  status: z2.enum(["pending", "success", "failure"]),
  ref: z2.string(),
  createdAt: instant,
  finishedAt: nullableInstant,
  firstCommitAt: nullableInstant,
  history
});
var simMilestoneSchema = z2.strictObject({
  id: z2.string().min(1),
  name: z2.string().min(1),
  targetDate: z2.iso.date(),
  epicKey: z2.string().min(1),
  closedAt: nullableInstant,
  history
});

// src/domain/random.ts
var splitmix32 = (seed) => {
  let state = seed >>> 0;
  return () => {
    state = state + 2654435769 | 0;
    let z3 = state;
    z3 = Math.imul(z3 ^ z3 >>> 16, 2246822507);
    z3 = Math.imul(z3 ^ z3 >>> 13, 3266489909);
    return (z3 ^ z3 >>> 16) >>> 0;
  };
};
var hashLabel = (text) => {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
};
var createRng = (seed) => {
  const mix = splitmix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const nextU32 = () => {
    const t = (a + b | 0) + d | 0;
    d = d + 1 | 0;
    a = b ^ b >>> 9;
    b = c + (c << 3) | 0;
    c = c << 21 | c >>> 11;
    c = c + t | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) nextU32();
  const next = () => nextU32() / 4294967296;
  const normal = () => {
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (items, weights) => {
      const total = weights.reduce((s, w) => s + w, 0);
      let r = next() * total;
      for (let i = 0; i < items.length; i++) {
        r -= weights[i];
        if (r < 0) return items[i];
      }
      return items[items.length - 1];
    },
    logNormal: (median2, sigma) => median2 * Math.exp(sigma * normal()),
    normal,
    fork: (label) => createRng((seed ^ hashLabel(label)) >>> 0)
  };
};

// src/sources/simulator/calendar.ts
var HOUR4 = 36e5;
var DAY3 = 864e5;
var WORK_START = 9 * HOUR4;
var WORK_END = 17 * HOUR4;
var workCalendar = (timeZone, atMs) => ({
  offsetMs: utcOffsetMs(timeZone, atMs)
});
var isWorkingDay = (localDay) => {
  const weekday = (localDay + 3) % 7 + 1;
  return weekday <= 5;
};
var addWorkingHours = (cal, fromMs, hours) => {
  let local = fromMs + cal.offsetMs;
  let remaining = Math.max(0, hours) * HOUR4;
  for (; ; ) {
    const day = Math.floor(local / DAY3);
    const dayStart = day * DAY3 + WORK_START;
    const dayEnd = day * DAY3 + WORK_END;
    if (!isWorkingDay(day) || local >= dayEnd) {
      local = (day + 1) * DAY3 + WORK_START;
      continue;
    }
    if (local < dayStart) local = dayStart;
    const available = dayEnd - local;
    if (remaining < available) return Math.round(local + remaining) - cal.offsetMs;
    remaining -= available;
    local = (day + 1) * DAY3 + WORK_START;
  }
};
var workdayStart = (cal, date) => Date.parse(`${date}T00:00:00Z`) + WORK_START - cal.offsetMs;

// src/sources/simulator/model.ts
var change = (at, kind, fields = {}) => ({
  at,
  kind,
  from: fields.from ?? null,
  to: fields.to ?? null,
  fromLabel: fields.fromLabel ?? null,
  toLabel: fields.toLabel ?? null,
  actor: fields.actor ?? null,
  bot: fields.bot ?? false
});
var STATUS = {
  todo: { name: "To Do", category: "todo" },
  inProgress: { name: "In Progress", category: "in_progress" },
  inReview: { name: "In Review", category: "in_progress" },
  done: { name: "Done", category: "done" }
};
var transition = (item, at, to, actor) => {
  if (item.status === to) return;
  const from2 = STATUS[item.status];
  const next = STATUS[to];
  item.history.push(
    change(at, "status", {
      from: from2.category,
      to: next.category,
      fromLabel: from2.name,
      toLabel: next.name,
      actor
    })
  );
  item.status = to;
};
var assign = (item, at, login, actor) => {
  if (item.assignee === login) return;
  item.history.push(change(at, "assignee", { from: item.assignee, to: login, actor }));
  item.assignee = login;
};
var reestimate = (item, at, points, actor) => {
  if (item.points === points) return;
  item.history.push(
    change(at, "estimate", {
      from: item.points === null ? null : String(item.points),
      to: String(points),
      actor
    })
  );
  item.points = points;
};

// src/sources/simulator/scenario.ts
var HEALTHY_EFFECTS = {
  commitFactor: 1,
  freezeCommitment: false,
  effortFactor: 1,
  capacityFactor: 1,
  reviewFocus: null,
  reviewFocusShare: 0,
  reviewLatencyFactor: 1,
  hero: null,
  heroWeight: 1,
  heroSpeed: 1,
  othersSpeed: 1,
  granularTickets: false,
  silentBlock: false
};
var focusPerson = (scenario, authors) => {
  if (scenario === "hero_dependency")
    return (authors.find((p) => p.role === "tech_lead") ?? authors[0]).login;
  if (scenario === "review_bottleneck") return authors[Math.min(1, authors.length - 1)].login;
  return null;
};
var scenarioEffects = (scenario, person, sprintsSinceOnset) => {
  if (sprintsSinceOnset < 0) return HEALTHY_EFFECTS;
  switch (scenario) {
    case "healthy":
      return HEALTHY_EFFECTS;
    case "scope_drift":
      return { ...HEALTHY_EFFECTS, granularTickets: true };
    case "review_bottleneck":
      return { ...HEALTHY_EFFECTS, reviewFocus: person, reviewFocusShare: 0.8, reviewLatencyFactor: 4 };
    case "carryover_creep":
      return {
        ...HEALTHY_EFFECTS,
        freezeCommitment: true,
        effortFactor: Math.min(2.5, 1.3 + 0.2 * sprintsSinceOnset)
      };
    case "silent_blocker":
      return { ...HEALTHY_EFFECTS, silentBlock: true };
    case "overcommitment":
      return { ...HEALTHY_EFFECTS, commitFactor: 2 };
    case "milestone_slip":
      return { ...HEALTHY_EFFECTS, capacityFactor: 0.45 };
    case "hero_dependency":
      return {
        ...HEALTHY_EFFECTS,
        hero: person,
        heroWeight: 8,
        heroSpeed: 2.5,
        othersSpeed: 0.6,
        reviewFocus: person,
        reviewFocusShare: 0.85
      };
  }
};
var SCENARIO_DESCRIPTIONS = {
  healthy: "No injected problem: steady planning, prompt reviews, milestones on time.",
  scope_drift: "Scope drift via granular tickets: the milestone epic gains many small tickets, ticket size falls and the forecast slides.",
  review_bottleneck: "Reviews concentrate on one reviewer and time to first review rises several-fold.",
  carryover_creep: "Work keeps turning out bigger than estimated while commitment stays; carryover grows sprint on sprint.",
  silent_blocker: "One item goes In Progress and then nothing moves on it: no status change, no flag, no pull request.",
  overcommitment: "Sprints are planned well above rolling velocity; planning accuracy falls below 70 %.",
  milestone_slip: "Throughput drops (people pulled away), so the milestone in progress slips past its target.",
  hero_dependency: "One person authors and reviews most of the merged work."
};

// src/sources/simulator/context.ts
var createContext = (config) => {
  const startMs = Date.parse(`${config.startDate}T12:00:00Z`);
  const cal = workCalendar(config.timeZone, startMs);
  const authors = config.people.filter((p) => p.role === "specialist" || p.role === "tech_lead");
  const planner = (config.people.find((p) => p.role === "tech_lead") ?? authors[0]).login;
  return {
    config,
    cal,
    cutoff: Date.parse(`${config.endDate}T23:59:59.999Z`),
    onsetAt: workdayStart(cal, config.onsetDate),
    authors,
    planner,
    focus: focusPerson(config.scenario, authors),
    teamSlug: `${config.keyPrefix.toLowerCase()}-reviewers`,
    rng: createRng(config.seed),
    items: [],
    itemsByKey: /* @__PURE__ */ new Map(),
    backlog: [],
    milestones: [],
    pullRequests: [],
    maintenanceEpic: "",
    nextItemNumber: 1,
    nextPrNumber: 1,
    stuckItemKey: null,
    affectedMilestone: null
  };
};
var effectsAt = (ctx, at) => scenarioEffects(
  ctx.config.scenario,
  ctx.focus,
  at < ctx.onsetAt ? -1 : Math.floor((at - ctx.onsetAt) / (ctx.config.sprintLengthDays * DAY3))
);
var newItem = (ctx, spec) => {
  const key = `${ctx.config.keyPrefix}-${ctx.nextItemNumber++}`;
  const item = {
    key,
    type: spec.type,
    title: spec.title,
    createdAt: spec.at,
    history: [change(spec.at, "created", { to: "todo", toLabel: "To Do", actor: spec.actor })],
    status: "todo",
    points: null,
    assignee: null,
    parentKey: null,
    startedAt: null,
    doneAt: null,
    milestoneIndex: spec.milestoneIndex
  };
  if (spec.points !== null) {
    item.history.push(
      change(spec.at, "estimate", { from: null, to: String(spec.points), actor: spec.actor })
    );
    item.points = spec.points;
  }
  if (spec.parentKey !== null) {
    item.history.push(change(spec.at, "parent", { from: null, to: spec.parentKey, actor: spec.actor }));
    item.parentKey = spec.parentKey;
  }
  ctx.items.push(item);
  ctx.itemsByKey.set(key, item);
  return item;
};
var workingInstantBetween = (ctx, rng, from2, to) => {
  const span = Math.max(0, (to - from2) / HOUR4);
  const at = Math.floor(from2 + rng.next() * span * HOUR4);
  return Math.floor(Math.min(to, Math.max(from2, alignToWork(ctx, at))));
};
var alignToWork = (ctx, at) => {
  const local = at + ctx.cal.offsetMs;
  const day = Math.floor(local / DAY3);
  const hour = (local - day * DAY3) / HOUR4;
  const weekday = (day + 3) % 7 + 1;
  if (weekday <= 5 && hour >= 9 && hour < 17) return at;
  const daysAhead = hour >= 17 || weekday > 5 ? weekday >= 5 ? 8 - weekday : 1 : 0;
  return (day + daysAhead) * DAY3 + 9 * HOUR4 + at % HOUR4 - ctx.cal.offsetMs;
};

// src/sources/simulator/params.ts
var DERIVED_SPRINT_PARAMS = {
  sprintsRead: 3834,
  rowsSkipped: 0,
  sprintsUsed: 1308,
  identityViolations: 0,
  addedShare: { p25: 0.111, p50: 0.277, p75: 0.455 },
  removedShare: { p25: 0, p50: 0.056, p75: 0.197 },
  completionRatio: { p25: 0, p50: 0.27, p75: 0.778 },
  velocityCv: { p25: 0.6, p50: 0.717, p75: 0.89 }
};
var POD_STEADINESS = 0.5;
var SPRINT_CAPACITY_CV = DERIVED_SPRINT_PARAMS.velocityCv.p25 * POD_STEADINESS;
var STORY_POINTS = [1, 2, 3, 5, 8, 13];
var STORY_POINT_WEIGHTS = [12, 25, 30, 22, 9, 2];
var HOURS_PER_POINT = 6;
var HEALTHY_FIRST_REVIEW_HOURS = 2.5;
var PR_DRAFT_SHARE = 0.3;
var PR_TEAM_REQUEST_SHARE = 0.2;
var PR_UNREVIEWED_SHARE = 0.04;
var PR_ABANDONED_SHARE = 0.04;
var DEPLOYMENT_FAILURE_SHARE = 0.08;

// src/sources/simulator/deployments.ts
var DEPLOY_BOT = "deploy-bot[bot]";
var MINUTE2 = 6e4;
var hexRef = (rng) => {
  let text = "";
  for (let i = 0; i < 7; i++) text += "0123456789abcdef"[rng.int(0, 15)];
  return `main@${text}`;
};
var isWeekday = (date) => {
  const day = (/* @__PURE__ */ new Date(`${date}T00:00:00Z`)).getUTCDay();
  return day >= 1 && day <= 5;
};
var generateDeployments = (ctx) => {
  const rng = ctx.rng.fork("deployments");
  const merges = ctx.pullRequests.filter((pr) => pr.mergedAt !== null && pr.mergedAt <= ctx.cutoff).map((pr) => ({ at: pr.mergedAt, firstCommitAt: pr.firstCommitAt })).sort((a, b) => a.at - b.at);
  const deployments = [];
  let next = 0;
  let waitingSince = null;
  const deploy = (at, succeed) => {
    const finishedAt = at + (4 + rng.int(0, 16)) * MINUTE2;
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
          bot: true
        })
      ]
    });
    if (succeed) waitingSince = null;
    return succeed;
  };
  if (merges.length === 0) return deployments;
  for (let date = ctx.config.startDate; date <= ctx.config.endDate; date = addDays(date, 1)) {
    if (!isWeekday(date)) continue;
    const at = workdayStart(ctx.cal, date) + 6 * HOUR4 + rng.int(0, 59) * MINUTE2;
    let shipped = false;
    while (next < merges.length && merges[next].at < at) {
      const merge = merges[next++];
      waitingSince = waitingSince === null ? merge.firstCommitAt : Math.min(waitingSince, merge.firstCommitAt);
      shipped = true;
    }
    if (!shipped && waitingSince === null) continue;
    if (!deploy(at, !rng.chance(DEPLOYMENT_FAILURE_SHARE))) deploy(at + 2 * HOUR4, rng.chance(0.9));
  }
  return deployments;
};

// src/sources/simulator/finalize.ts
var iso = (ms2) => new Date(ms2).toISOString();
var cut = (history2, cutoff) => history2.filter((c) => c.at <= cutoff).sort((a, b) => a.at - b.at).map((c) => ({
  at: iso(c.at),
  kind: c.kind,
  from: c.from,
  to: c.to,
  fromLabel: c.fromLabel,
  toLabel: c.toLabel,
  actor: c.actor,
  bot: c.bot
}));
var last = (history2, kind) => {
  for (let i = history2.length - 1; i >= 0; i--) if (history2[i].kind === kind) return history2[i];
  return void 0;
};
var itemRecord = (item, cutoff) => {
  if (item.createdAt > cutoff) return null;
  const history2 = cut(item.history, cutoff);
  const status = last(history2, "status");
  const category = status?.to ?? "todo";
  const points = last(history2, "estimate")?.to ?? null;
  return {
    key: item.key,
    type: item.type,
    title: item.title,
    status: status?.toLabel ?? "To Do",
    statusCategory: category,
    createdAt: iso(item.createdAt),
    resolvedAt: category === "done" ? status.at : null,
    points: points === null ? null : Number(points),
    assignee: last(history2, "assignee")?.to ?? null,
    parentKey: last(history2, "parent")?.to ?? null,
    history: history2
  };
};
var sprintRecord = (sprint, planner, cutoff) => {
  if (sprint.createdAt > cutoff) return null;
  const history2 = cut(
    [
      {
        at: sprint.createdAt,
        kind: "created",
        from: null,
        to: "future",
        fromLabel: null,
        toLabel: null,
        actor: planner,
        bot: false
      },
      {
        at: sprint.startAt,
        kind: "sprint_state",
        from: "future",
        to: "active",
        fromLabel: null,
        toLabel: null,
        actor: planner,
        bot: false
      },
      {
        at: sprint.completedAt,
        kind: "sprint_state",
        from: "active",
        to: "closed",
        fromLabel: null,
        toLabel: null,
        actor: planner,
        bot: false
      }
    ],
    cutoff
  );
  const state = last(history2, "sprint_state")?.to ?? "future";
  return {
    number: sprint.number,
    name: sprint.name,
    state,
    startAt: iso(sprint.startAt),
    endAt: iso(sprint.endAt),
    completedAt: state === "closed" ? iso(sprint.completedAt) : null,
    goal: sprint.goal,
    history: history2
  };
};
var pullRequestRecord = (pr, config, cutoff) => {
  const history2 = cut(pr.history, cutoff);
  const created = history2[0];
  if (created?.kind !== "created") return null;
  const merged = last(history2, "merged");
  const closed = last(history2, "closed");
  const ready = last(history2, "ready_for_review");
  return {
    repo: config.repo,
    number: pr.number,
    title: pr.title,
    author: pr.author,
    state: merged ? "merged" : closed ? "closed" : "open",
    draft: created.to === "draft" && !ready,
    createdAt: created.at,
    mergedAt: merged?.at ?? null,
    closedAt: merged?.at ?? closed?.at ?? null,
    firstCommitAt: iso(pr.firstCommitAt),
    additions: pr.additions,
    deletions: pr.deletions,
    changedFiles: pr.changedFiles,
    baseBranch: "main",
    itemKeys: pr.itemKeys,
    history: history2
  };
};
var deploymentRecord = (deployment, cutoff) => {
  if (deployment.createdAt > cutoff) return null;
  const history2 = cut(deployment.history, cutoff);
  const status = last(history2, "deployment_status");
  return {
    id: deployment.id,
    environment: "production",
    status: status?.to ?? "pending",
    ref: deployment.ref,
    createdAt: iso(deployment.createdAt),
    finishedAt: status?.at ?? null,
    firstCommitAt: deployment.firstCommitAt === null ? null : iso(deployment.firstCommitAt),
    history: history2
  };
};
var milestoneRecord = (milestone, epic, cutoff) => {
  if (milestone.kickoffAt > cutoff || !epic) return null;
  const history2 = cut(milestone.history, cutoff);
  return {
    id: milestone.id,
    name: milestone.name,
    targetDate: last(history2, "target_date")?.to ?? history2[0].to,
    epicKey: milestone.epicKey,
    closedAt: epic.statusCategory === "done" ? epic.resolvedAt : null,
    history: history2
  };
};

// src/sources/simulator/milestones.ts
var childrenOf = (ctx, epicKey) => ctx.items.filter((item) => item.parentKey === epicKey);
var epicDoneAt = (ctx, milestone) => {
  const children = childrenOf(ctx, milestone.epicKey);
  if (children.length === 0) return null;
  let last2 = 0;
  for (const child of children) {
    if (child.doneAt === null || !Number.isFinite(child.doneAt)) return null;
    last2 = Math.max(last2, child.doneAt);
  }
  return last2;
};
var settleMilestones = (ctx, affected) => {
  const epics = new Map(ctx.items.filter((item) => item.type === "epic").map((epic2) => [epic2.key, epic2]));
  const firstStart = /* @__PURE__ */ new Map();
  for (const item of ctx.items) {
    if (item.parentKey === null || item.startedAt === null) continue;
    const seen = firstStart.get(item.parentKey);
    if (seen === void 0 || item.startedAt < seen) firstStart.set(item.parentKey, item.startedAt);
  }
  for (const [key, at2] of firstStart) {
    const epic2 = epics.get(key);
    if (epic2) transition(epic2, at2, "inProgress", ctx.planner);
  }
  for (const milestone of ctx.milestones) {
    const doneAt = epicDoneAt(ctx, milestone);
    const epic2 = epics.get(milestone.epicKey);
    if (doneAt !== null) {
      transition(epic2, doneAt + 6e4, "done", ctx.planner);
      epic2.doneAt = doneAt + 6e4;
      milestone.history.push(change(doneAt + 6e4, "closed", { actor: ctx.planner }));
    }
  }
  const scenario = ctx.config.scenario;
  if (!affected || scenario !== "scope_drift" && scenario !== "milestone_slip") return;
  const at = addWorkingHours(ctx.cal, ctx.onsetAt + 2 * ctx.config.sprintLengthDays * DAY3, 2);
  const epic = epics.get(affected.epicKey);
  if (epic.doneAt !== null && epic.doneAt <= at) return;
  const target = addDays(affected.targetDate, scenario === "milestone_slip" ? 21 : 14);
  affected.history.push(
    change(at, "target_date", { from: affected.targetDate, to: target, actor: ctx.planner })
  );
  affected.targetDate = target;
};

// src/sources/simulator/backlog.ts
var FEATURES = [
  "Payments",
  "Onboarding",
  "Reporting",
  "Search",
  "Notifications",
  "Accounts",
  "Offline mode",
  "Admin console",
  "Billing",
  "Analytics",
  "Checkout",
  "Integrations"
];
var VERBS = [
  "Add",
  "Support",
  "Improve",
  "Refactor",
  "Validate",
  "Cache",
  "Expose",
  "Migrate",
  "Localise"
];
var OBJECTS = [
  "checkout flow",
  "login form",
  "order history",
  "search filters",
  "push settings",
  "profile page",
  "invoice export",
  "audit log",
  "rate limiter",
  "settings screen",
  "webhook handler",
  "CSV import",
  "session refresh",
  "empty states"
];
var BUG_SYMPTOMS = [
  "Crash when opening",
  "Wrong totals in",
  "Timeout in",
  "Broken layout of",
  "Stale data in"
];
var CHORES = [
  "Upgrade dependencies of",
  "Add monitoring to",
  "Clean up flags in",
  "Speed up tests of"
];
var storyTitle = (rng) => `${rng.pick(VERBS)} ${rng.pick(OBJECTS)}`;
var bugTitle = (rng) => `${rng.pick(BUG_SYMPTOMS)} ${rng.pick(OBJECTS)}`;
var choreTitle = (rng) => `${rng.pick(CHORES)} ${rng.pick(OBJECTS)}`;
var drawPoints = (rng, granular) => granular ? rng.weighted([1, 2, 3], [60, 35, 5]) : rng.weighted(STORY_POINTS, STORY_POINT_WEIGHTS);
var drawSmallPoints = (rng) => rng.weighted([1, 2, 3, 5], [35, 35, 22, 8]);
var createMaintenanceEpic = (ctx, at) => {
  const epic = newItem(ctx, {
    type: "epic",
    title: "Maintenance and support",
    at,
    points: null,
    parentKey: null,
    actor: ctx.planner,
    milestoneIndex: null
  });
  ctx.maintenanceEpic = epic.key;
};
var kickoffMilestone = (ctx, at, scopePoints, pointsPerSprint) => {
  const index = ctx.milestones.length;
  const rng = ctx.rng.fork(`milestone:${index}`);
  const feature = FEATURES[(index + ctx.config.seed % FEATURES.length) % FEATURES.length];
  const epic = newItem(ctx, {
    type: "epic",
    title: feature,
    at,
    points: null,
    parentKey: null,
    actor: ctx.planner,
    milestoneIndex: index
  });
  const granular = effectsAt(ctx, at).granularTickets;
  let total = 0;
  while (total < scopePoints) {
    const story = newItem(ctx, {
      type: "story",
      title: `${storyTitle(rng)} (${feature.toLowerCase()})`,
      at: at + Math.floor(rng.next() * 4 * HOUR4),
      points: drawPoints(rng, granular),
      parentKey: epic.key,
      actor: ctx.planner,
      milestoneIndex: index
    });
    total += story.points ?? 0;
    ctx.backlog.push(story);
  }
  const sprints = Math.max(1, Math.ceil(scopePoints / Math.max(1, pointsPerSprint)));
  const days = Math.round((sprints + 1) * ctx.config.sprintLengthDays);
  const targetDate = addDays(new Date(at).toISOString().slice(0, 10), days);
  ctx.milestones.push({
    id: `M${index + 1}`,
    name: `${feature} release`,
    epicKey: epic.key,
    kickoffAt: at,
    targetDate,
    history: [change(at, "created", { to: targetDate, actor: ctx.planner })]
  });
};
var growMilestoneScope = (ctx, rng, from2, to, count) => {
  const milestone = currentMilestone(ctx);
  if (!milestone) return;
  const index = ctx.milestones.indexOf(milestone);
  let insertAt = lastBacklogIndexOf(ctx.backlog, index) + 1;
  for (let i = 0; i < count; i++) {
    const at = from2 + Math.floor(rng.next() * Math.max(1, to - from2));
    const story = newItem(ctx, {
      type: "story",
      title: `Split: ${storyTitle(rng)} \u2014 part ${i + 1}`,
      at,
      points: drawPoints(rng, true),
      parentKey: milestone.epicKey,
      actor: ctx.planner,
      milestoneIndex: index
    });
    ctx.backlog.splice(insertAt++, 0, story);
  }
};
var currentMilestone = (ctx) => {
  const next = ctx.backlog.find((item) => item.milestoneIndex !== null);
  return next ? ctx.milestones[next.milestoneIndex] : ctx.milestones[ctx.milestones.length - 1];
};
var lastBacklogIndexOf = (backlog, milestoneIndex) => {
  for (let i = backlog.length - 1; i >= 0; i--) if (backlog[i].milestoneIndex === milestoneIndex) return i;
  return -1;
};
var backlogPoints = (ctx) => ctx.backlog.reduce((s, item) => s + (item.points ?? 0), 0);

// src/sources/simulator/pull-requests.ts
var CI_BOT = "ci-bot[bot]";
var LINT_BOT = "lint-bot[bot]";
var MINUTE3 = 6e4;
var chooseReviewer = (ctx, rng, author, at) => {
  const effects = effectsAt(ctx, at);
  if (effects.reviewFocus && effects.reviewFocus !== author && rng.chance(effects.reviewFocusShare)) {
    return effects.reviewFocus;
  }
  const others = ctx.authors.filter((p) => p.login !== author);
  return rng.pick(others).login;
};
var reviewLatency = (ctx, rng, reviewer, at) => {
  const effects = effectsAt(ctx, at);
  const factor = reviewer === effects.reviewFocus ? effects.reviewLatencyFactor : 1;
  return Math.min(60, rng.logNormal(HEALTHY_FIRST_REVIEW_HOURS * factor, 0.8));
};
var sizeOf = (rng, points) => {
  const additions = Math.max(1, Math.round(rng.logNormal(35 * Math.max(1, points), 0.7)));
  const deletions = Math.round(additions * (0.1 + rng.next() * 0.5));
  const changedFiles = Math.max(1, Math.round((additions + deletions) / (25 + rng.next() * 40)));
  return { additions, deletions, changedFiles };
};
var abandonedAttempt = (ctx, rng, item, author, start) => {
  const firstCommitAt = addWorkingHours(ctx.cal, start, 0.2 + rng.next());
  const createdAt = addWorkingHours(ctx.cal, firstCommitAt, 0.5 + rng.next() * 2);
  const closedAt = addWorkingHours(ctx.cal, createdAt, 1 + rng.next() * 6);
  ctx.pullRequests.push({
    number: ctx.nextPrNumber++,
    title: `${item.key}: ${item.title} (first attempt)`,
    author,
    itemKeys: [item.key],
    firstCommitAt,
    ...sizeOf(rng, 1),
    history: [
      change(createdAt, "created", { to: "open", actor: author }),
      change(closedAt, "closed", { actor: author })
    ],
    mergedAt: null
  });
};
var openPullRequest = (ctx, rng, item, author, start, codingDone) => {
  if (rng.chance(PR_ABANDONED_SHARE)) abandonedAttempt(ctx, rng, item, author, start);
  const cal = ctx.cal;
  const firstCommitAt = addWorkingHours(cal, start, 0.2 + rng.next() * 1.3);
  const readyAt = Math.max(codingDone, firstCommitAt + MINUTE3);
  const draftOpenedAt = addWorkingHours(cal, firstCommitAt, 0.5 + rng.next() * 2.5);
  const draft = rng.chance(PR_DRAFT_SHARE) && draftOpenedAt < readyAt;
  const history2 = [];
  if (draft) {
    history2.push(change(draftOpenedAt, "created", { to: "draft", actor: author }));
    history2.push(change(readyAt, "ready_for_review", { actor: author }));
  } else history2.push(change(readyAt, "created", { to: "open", actor: author }));
  if (rng.chance(0.6)) {
    history2.push(change(readyAt + (3 + rng.int(0, 9)) * MINUTE3, "commented", { actor: CI_BOT, bot: true }));
  }
  const bounces = [];
  let mergeReadyAt;
  if (rng.chance(PR_UNREVIEWED_SHARE)) {
    mergeReadyAt = readyAt;
  } else {
    const reviewer = chooseReviewer(ctx, rng, author, readyAt);
    const team = rng.chance(PR_TEAM_REQUEST_SHARE);
    history2.push(
      change(readyAt + MINUTE3, "review_requested", {
        to: team ? `team:${ctx.teamSlug}` : reviewer,
        actor: author
      })
    );
    if (rng.chance(0.2)) {
      history2.push(
        change(readyAt + (2 + rng.int(0, 6)) * MINUTE3, "reviewed", {
          to: "commented",
          actor: LINT_BOT,
          bot: true
        })
      );
    }
    const firstReviewAt = addWorkingHours(cal, readyAt + MINUTE3, reviewLatency(ctx, rng, reviewer, readyAt));
    const outcome = rng.weighted(["approved", "changes_requested", "commented"], [60, 25, 15]);
    history2.push(change(firstReviewAt, "reviewed", { to: outcome, actor: reviewer }));
    let approvedAt = firstReviewAt;
    if (outcome === "changes_requested") {
      const fixedAt = addWorkingHours(cal, firstReviewAt, 1 + rng.next() * 3);
      bounces.push({ at: firstReviewAt, fixedAt });
      history2.push(change(fixedAt, "commented", { actor: author }));
      approvedAt = addWorkingHours(cal, fixedAt, reviewLatency(ctx, rng, reviewer, fixedAt) * 0.5);
      history2.push(change(approvedAt, "reviewed", { to: "approved", actor: reviewer }));
    } else if (outcome === "commented") {
      history2.push(
        change(addWorkingHours(cal, firstReviewAt, 0.1 + rng.next() * 0.5), "commented", { actor: author })
      );
      approvedAt = addWorkingHours(cal, firstReviewAt, 0.5 + rng.next() * 2);
      history2.push(change(approvedAt, "reviewed", { to: "approved", actor: reviewer }));
    }
    mergeReadyAt = approvedAt;
  }
  const mergedAt = addWorkingHours(cal, mergeReadyAt, 0.1 + rng.next() * 1.4) + rng.int(0, 59) * 1e3;
  history2.push(change(mergedAt, "merged", { actor: author }));
  ctx.pullRequests.push({
    number: ctx.nextPrNumber++,
    title: `${item.key}: ${item.title}`,
    author,
    itemKeys: [item.key],
    firstCommitAt,
    ...sizeOf(rng, item.points ?? 1),
    history: history2,
    mergedAt
  });
  return { readyAt, mergedAt, bounces };
};

// src/sources/simulator/work.ts
var MINUTE4 = 6e4;
var speedOf = (ctx, login, at) => {
  const effects = effectsAt(ctx, at);
  if (effects.hero === null) return 1;
  return effects.hero === login ? effects.heroSpeed : effects.othersSpeed;
};
var neighbourPoints = (points, up) => {
  const i = STORY_POINTS.indexOf(points);
  if (i < 0) return points;
  return STORY_POINTS[Math.max(0, Math.min(STORY_POINTS.length - 1, i + (up ? 1 : -1)))];
};
var startItem = (ctx, item, login, start, capacity) => {
  const rng = ctx.rng.fork(`work:${item.key}`);
  const effects = effectsAt(ctx, start);
  assign(item, start, login, login);
  transition(item, start, "inProgress", login);
  item.startedAt = start;
  if (effects.silentBlock && ctx.stuckItemKey === null && item.type === "story") {
    ctx.stuckItemKey = item.key;
    item.doneAt = Number.POSITIVE_INFINITY;
    return addWorkingHours(ctx.cal, start, 3);
  }
  if (item.points !== null && rng.chance(0.08)) {
    const at = addWorkingHours(ctx.cal, start, 0.5 + rng.next() * 3);
    reestimate(item, at, neighbourPoints(item.points, rng.chance(0.7)), login);
  }
  const points = item.points ?? 1;
  let effort = points * HOURS_PER_POINT * rng.logNormal(1, 0.3) * effects.effortFactor / (capacity * speedOf(ctx, login, start));
  let author = login;
  const busyUntil = addWorkingHours(ctx.cal, start, effort);
  if (rng.chance(0.07)) {
    const blockedAt = addWorkingHours(ctx.cal, start, effort * (0.2 + rng.next() * 0.4));
    const blockedHours = 4 + rng.next() * 12;
    item.history.push(change(blockedAt, "blocked", { from: "false", to: "true", actor: login }));
    item.history.push(
      change(addWorkingHours(ctx.cal, blockedAt, blockedHours), "blocked", {
        from: "true",
        to: "false",
        actor: login
      })
    );
    effort += blockedHours;
  }
  if (rng.chance(0.04)) {
    const others = ctx.authors.filter((p) => p.login !== login);
    author = rng.pick(others).login;
    assign(item, addWorkingHours(ctx.cal, start, effort * 0.4), author, ctx.planner);
  }
  const codingDone = addWorkingHours(ctx.cal, start, effort);
  const needsPullRequest = item.type !== "task" || rng.chance(0.7);
  if (!needsPullRequest) {
    item.doneAt = codingDone;
    transition(item, codingDone, "done", author);
    return busyUntil;
  }
  const pr = openPullRequest(ctx, rng, item, author, start, codingDone);
  transition(item, pr.readyAt, "inReview", author);
  for (const bounce of pr.bounces) {
    transition(item, bounce.at, "inProgress", author);
    transition(item, bounce.fixedAt, "inReview", author);
  }
  const doneAt = pr.mergedAt + (5 + rng.int(0, 35)) * MINUTE4;
  transition(item, doneAt, "done", author);
  item.doneAt = doneAt;
  return busyUntil;
};

// src/sources/simulator/sprints.ts
var MINUTE5 = 6e4;
var PLANNED_SHARE = 1 - DERIVED_SPRINT_PARAMS.addedShare.p50;
var PULL_IN_WINDOW = 0.7;
var CAPACITY_SIGMA = Math.sqrt(Math.log(1 + SPRINT_CAPACITY_CV ** 2));
var drawShare = (rng, q) => {
  const u = rng.next();
  const lowTail = Math.max(0, q.p25 - (q.p50 - q.p25));
  const highTail = q.p75 + (q.p75 - q.p50);
  const points = [lowTail, q.p25, q.p50, q.p75, highTail];
  const pos = u * 4;
  const i = Math.min(3, Math.floor(pos));
  return Math.min(0.8, points[i] + (points[i + 1] - points[i]) * (pos - i));
};
var chooseAssignee = (ctx, work, at) => {
  const effects = effectsAt(ctx, at);
  let best = ctx.authors[0].login;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const person of ctx.authors) {
    const weight = person.login === effects.hero ? effects.heroWeight : 1;
    const score = (work.load.get(person.login) ?? 0) / weight;
    if (score < bestScore) {
      best = person.login;
      bestScore = score;
    }
  }
  return best;
};
var enqueue = (work, login, entry) => {
  const queue = work.queues.get(login) ?? [];
  queue.push(entry);
  work.queues.set(login, queue);
  work.load.set(login, (work.load.get(login) ?? 0) + (entry.item.points ?? 1));
};
var addToSprint = (sprint, item, at, actor) => {
  item.history.push(change(at, "sprint_added", { to: String(sprint.number), actor }));
  sprint.members.add(item.key);
};
var runSprints = (ctx) => {
  const { config, cal } = ctx;
  const len = config.sprintLengthDays;
  const firstStart = workdayStart(cal, config.startDate);
  const workingHoursPerSprint = len * 5 / 7 * 8;
  const nominal = ctx.authors.length * workingHoursPerSprint * 0.8 * config.scale / HOURS_PER_POINT;
  const sprints = [];
  const velocities = [];
  const freeAt = new Map(ctx.authors.map((p) => [p.login, firstStart]));
  let frozen = null;
  let carry = [];
  createMaintenanceEpic(ctx, firstStart - 3 * DAY3);
  kickoffMilestone(
    ctx,
    firstStart - 3 * DAY3 + HOUR4,
    nominal * PLANNED_SHARE * 4,
    nominal * PLANNED_SHARE * 0.9
  );
  for (let n = 1; ; n++) {
    const startAt = firstStart + (n - 1) * len * DAY3;
    const rng = ctx.rng.fork(`sprint:${n}`);
    const endAt = startAt + len * DAY3 - 16 * HOUR4;
    const sprint = {
      number: n,
      name: `${config.keyPrefix} Sprint ${n}`,
      goal: `Progress ${currentMilestone(ctx)?.name ?? "the backlog"}`,
      createdAt: Math.min(startAt - 4 * DAY3, ctx.cutoff - HOUR4),
      startAt,
      endAt,
      completedAt: endAt + Math.round((rng.next() * 2 - 1) * HOUR4),
      members: /* @__PURE__ */ new Set()
    };
    sprints.push(sprint);
    for (const item of carry) addToSprint(sprint, item, sprints[n - 2].completedAt + MINUTE5, ctx.planner);
    if (startAt > ctx.cutoff) break;
    const planAt = startAt - 20 * MINUTE5;
    const effects = effectsAt(ctx, planAt);
    const recent = velocities.slice(-3);
    const rolling2 = recent.length > 0 ? recent.reduce((a, b) => a + b, 0) / recent.length : nominal * 0.8;
    if (effects.freezeCommitment) frozen ??= rolling2;
    const basis = frozen !== null && effects.freezeCommitment ? frozen : rolling2;
    const capacity = config.scale * rng.logNormal(1, CAPACITY_SIGMA) * effects.capacityFactor;
    const commitment = basis * (0.75 + 0.2 * rng.next()) * effects.commitFactor;
    const work = { queues: /* @__PURE__ */ new Map(), load: /* @__PURE__ */ new Map() };
    const planned = [];
    let have = 0;
    for (const item of carry) {
      have += item.points ?? 0;
      if (item.startedAt === null)
        enqueue(work, item.assignee ?? chooseAssignee(ctx, work, planAt), {
          item,
          availableAt: startAt,
          priority: 1
        });
    }
    let groomed = backlogPoints(ctx);
    while (have < commitment) {
      if (groomed < commitment) {
        const scope = Math.max(basis, nominal * 0.3) * PLANNED_SHARE * rng.int(3, 5);
        kickoffMilestone(ctx, planAt - DAY3, scope, Math.max(basis, nominal * 0.3) * PLANNED_SHARE * 0.75);
        groomed = backlogPoints(ctx);
      }
      const item = rng.chance(0.12) ? newItem(ctx, {
        type: "task",
        title: choreTitle(rng),
        at: planAt - Math.floor((1 + rng.next() * 47) * HOUR4),
        points: drawSmallPoints(rng),
        parentKey: ctx.maintenanceEpic,
        actor: ctx.planner,
        milestoneIndex: null
      }) : ctx.backlog.shift();
      if (item.type !== "task") groomed -= item.points ?? 0;
      addToSprint(sprint, item, planAt, ctx.planner);
      if (item.type === "story" && item.parentKey !== ctx.maintenanceEpic && rng.chance(0.03)) {
        item.history.push(
          change(planAt, "parent", { from: item.parentKey, to: ctx.maintenanceEpic, actor: ctx.planner })
        );
        item.parentKey = ctx.maintenanceEpic;
      }
      const login = chooseAssignee(ctx, work, planAt);
      assign(item, planAt, login, ctx.planner);
      planned.push(item);
      have += item.points ?? 0;
      enqueue(work, login, { item, availableAt: startAt, priority: 2 });
    }
    addWorkAfterStart(ctx, rng, sprint, work, planned.length);
    const returning = removeWorkAfterStart(ctx, rng, sprint, work, planned);
    if (ctx.affectedMilestone === null && sprint.completedAt >= ctx.onsetAt) {
      ctx.affectedMilestone = currentMilestone(ctx) ?? null;
    }
    const drift = effectsAt(ctx, startAt + (sprint.completedAt - startAt >> 1));
    if (drift.granularTickets) {
      growMilestoneScope(
        ctx,
        ctx.rng.fork(`drift:${n}`),
        startAt,
        sprint.completedAt,
        Math.round(planned.length * 0.6)
      );
    }
    for (const person of ctx.authors) {
      const queue = (work.queues.get(person.login) ?? []).sort((a, b) => a.priority - b.priority);
      const from2 = Math.max(freeAt.get(person.login), startAt);
      freeAt.set(person.login, workThrough(ctx, person.login, queue, from2, sprint, capacity));
    }
    ctx.backlog.unshift(...returning);
    let velocity = 0;
    carry = [];
    for (const key of sprint.members) {
      const item = ctx.itemsByKey.get(key);
      if (item.doneAt !== null && item.doneAt <= sprint.completedAt) velocity += item.points ?? 0;
      else carry.push(item);
    }
    velocities.push(velocity);
  }
  return sprints;
};
var workThrough = (ctx, login, queue, from2, sprint, capacity) => {
  let t = from2;
  const pending = [...queue];
  const pullInUntil = sprint.startAt + (sprint.completedAt - sprint.startAt) * PULL_IN_WINDOW;
  for (; ; ) {
    if (pending.length === 0) {
      const index2 = t < pullInUntil ? ctx.backlog.findIndex((item) => item.createdAt <= t) : -1;
      if (index2 < 0) break;
      const next = ctx.backlog.splice(index2, 1)[0];
      const at = addWorkingHours(ctx.cal, t, 0);
      addToSprint(sprint, next, at, login);
      assign(next, at, login, login);
      pending.push({ item: next, availableAt: at, priority: 2 });
    }
    let index = pending.findIndex((entry2) => entry2.availableAt <= t);
    if (index < 0) {
      t = Math.min(...pending.map((entry2) => entry2.availableAt));
      index = pending.findIndex((entry2) => entry2.availableAt <= t);
    }
    const entry = pending.splice(index, 1)[0];
    const start = addWorkingHours(ctx.cal, Math.max(t, entry.availableAt), 0);
    if (start >= sprint.completedAt) break;
    if (!sprint.members.has(entry.item.key)) continue;
    t = startItem(ctx, entry.item, login, start, capacity);
  }
  return t;
};
var addWorkAfterStart = (ctx, rng, sprint, work, plannedCount) => {
  const share = drawShare(rng, DERIVED_SPRINT_PARAMS.addedShare);
  const count = Math.round(plannedCount * share / (1 - share));
  const latest = sprint.startAt + (sprint.completedAt - sprint.startAt) * 0.7;
  for (let i = 0; i < count; i++) {
    const at = workingInstantBetween(ctx, rng, sprint.startAt + HOUR4, latest);
    const reporter = rng.pick(ctx.authors).login;
    const kind = rng.weighted(["bug", "story", "backlog"], [55, 25, 20]);
    const epic = currentMilestone(ctx)?.epicKey ?? ctx.maintenanceEpic;
    const storyPoints = drawPoints(rng, effectsAt(ctx, at).granularTickets);
    const fromBacklog = kind === "backlog" ? ctx.backlog.shift() : void 0;
    const item = fromBacklog ?? (kind === "story" ? newItem(ctx, {
      type: "story",
      title: `Follow-up: ${bugTitle(rng).toLowerCase()}`,
      at,
      points: storyPoints,
      parentKey: epic,
      actor: reporter,
      milestoneIndex: null
    }) : newItem(ctx, {
      type: "bug",
      title: bugTitle(rng),
      at,
      points: drawSmallPoints(rng),
      parentKey: rng.chance(0.5) ? ctx.maintenanceEpic : null,
      actor: reporter,
      milestoneIndex: null
    }));
    addToSprint(sprint, item, at, ctx.planner);
    const login = chooseAssignee(ctx, work, at);
    assign(item, at, login, ctx.planner);
    enqueue(work, login, { item, availableAt: at, priority: item.type === "bug" ? 0 : 2 });
  }
};
var removeWorkAfterStart = (ctx, rng, sprint, work, planned) => {
  const returning = [];
  const share = drawShare(rng, DERIVED_SPRINT_PARAMS.removedShare);
  const count = Math.min(Math.round(sprint.members.size * share), planned.length - 1);
  const span = sprint.completedAt - sprint.startAt;
  for (let i = 0; i < count; i++) {
    const item = planned[planned.length - 1 - i];
    const at = workingInstantBetween(ctx, rng, sprint.startAt + 2 * HOUR4, sprint.startAt + span * 0.6);
    item.history.push(change(at, "sprint_removed", { from: String(sprint.number), actor: ctx.planner }));
    sprint.members.delete(item.key);
    for (const queue of work.queues.values()) {
      const index = queue.findIndex((entry) => entry.item === item);
      if (index >= 0) queue.splice(index, 1);
    }
    const readdAt = addWorkingHours(ctx.cal, at, 6 + rng.next() * 16);
    if (rng.chance(0.3) && readdAt < sprint.completedAt - 8 * HOUR4) {
      addToSprint(sprint, item, readdAt, ctx.planner);
      enqueue(work, item.assignee ?? ctx.authors[0].login, { item, availableAt: readdAt, priority: 2 });
    } else returning.push(item);
  }
  return returning;
};

// src/sources/simulator/simulate.ts
var isPresent = (value) => value !== null;
var simulateEngagement = (config) => {
  const ctx = createContext(config);
  const sprintDrafts = runSprints(ctx);
  const affected = config.scenario === "scope_drift" || config.scenario === "milestone_slip" ? ctx.affectedMilestone : null;
  settleMilestones(ctx, affected);
  const deploymentDrafts = generateDeployments(ctx);
  const items = ctx.items.map((item) => itemRecord(item, ctx.cutoff)).filter(isPresent);
  const byKey = new Map(items.map((item) => [item.key, item]));
  return {
    sprints: sprintDrafts.map((s) => sprintRecord(s, ctx.planner, ctx.cutoff)).filter(isPresent),
    milestones: ctx.milestones.map((m) => milestoneRecord(m, byKey.get(m.epicKey), ctx.cutoff)).filter(isPresent),
    items,
    pullRequests: ctx.pullRequests.map((pr) => pullRequestRecord(pr, config, ctx.cutoff)).filter(isPresent).sort((a, b) => a.number - b.number),
    deployments: deploymentDrafts.map((d) => deploymentRecord(d, ctx.cutoff)).filter(isPresent),
    groundTruth: {
      scenario: config.scenario,
      onsetDate: config.onsetDate,
      onsetAt: new Date(ctx.onsetAt).toISOString(),
      person: ctx.focus,
      itemKey: config.scenario === "silent_blocker" ? ctx.stuckItemKey : null,
      milestoneId: affected?.id ?? null,
      description: SCENARIO_DESCRIPTIONS[config.scenario]
    }
  };
};

// src/sources/simulator/collect.ts
var SIM_PAGE_SIZE = 100;
var recordsOf = (sim, stream) => {
  switch (stream) {
    case "sprints":
      return sim.sprints;
    case "milestones":
      return sim.milestones;
    case "items":
      return sim.items;
    case "pull_requests":
      return sim.pullRequests;
    case "deployments":
      return sim.deployments;
  }
};
var configFingerprint = (config) => createHash("sha256").update(JSON.stringify(config)).digest("hex").slice(0, 12);
var resumeFrom = (cursor, fingerprint) => {
  const match = cursor === null ? null : /^([0-9a-f]+):(\d+)$/.exec(cursor);
  return match && match[1] === fingerprint ? Number(match[2]) + 1 : 0;
};
var collectSimulated = async (ctx) => {
  const config = parseSimulatorConfig(ctx.source.config);
  ctx.signal.throwIfAborted();
  const sim = simulateEngagement(config);
  const fingerprint = configFingerprint(ctx.source.config);
  for (const stream of SIM_STREAMS) {
    const records = recordsOf(sim, stream);
    const pages = Math.ceil(records.length / SIM_PAGE_SIZE);
    const from2 = resumeFrom(await ctx.getCursor(stream), fingerprint);
    for (let page = from2; page < pages; page++) {
      ctx.signal.throwIfAborted();
      await ctx.save({
        stream,
        url: `simulator://${ctx.source.id}/${stream}?page=${page}`,
        params: { page, pageSize: SIM_PAGE_SIZE },
        payload: JSON.stringify(records.slice(page * SIM_PAGE_SIZE, (page + 1) * SIM_PAGE_SIZE)),
        cursor: `${fingerprint}:${page}`
      });
      ctx.progress({ stream, done: page + 1, total: pages });
    }
  }
};

// src/domain/ids.ts
var sourceRecordId = (sourceKind, entity, sourceId, externalId) => `${sourceKind}:${entity}:${sourceId}:${externalId}`;
var eventId = (entityId, at, kind, seq) => `${entityId}@${at}/${kind}/${seq}`;

// src/ingest/connector.ts
var RecordError = class extends Error {
  name = "RecordError";
};

// src/sources/simulator/ids.ts
var SIMULATOR_KIND = "simulator";
var simIds = {
  item: (sourceId, key) => sourceRecordId(SIMULATOR_KIND, "item", sourceId, key),
  sprint: (sourceId, number) => sourceRecordId(SIMULATOR_KIND, "sprint", sourceId, String(number)),
  pullRequest: (sourceId, repo, number) => sourceRecordId(SIMULATOR_KIND, "pr", sourceId, `${repo}#${number}`),
  deployment: (sourceId, id) => sourceRecordId(SIMULATOR_KIND, "deployment", sourceId, id),
  milestone: (sourceId, id) => sourceRecordId(SIMULATOR_KIND, "milestone", sourceId, id)
};

// src/sources/simulator/convert.ts
var CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
var instant2 = (value, what) => {
  if (CANONICAL.test(value)) return value;
  const parsed = parseInstant(value);
  if (!parsed) throw new RecordError(`${what} "${value}" is not a timestamp`);
  return parsed;
};
var nullableInstant2 = (value, what) => value === null ? null : instant2(value, what);
var eventsOf = (source, entity, entityId, history2, mapRef = (_, value) => value) => {
  if (history2.length === 0) throw new RecordError("has no history");
  return history2.map((change2, seq) => {
    const at = instant2(change2.at, `change ${seq} time`);
    return {
      id: eventId(entityId, at, change2.kind, seq),
      engagementId: source.engagementId,
      sourceId: source.id,
      entity,
      entityId,
      at,
      kind: change2.kind,
      from: mapRef(change2, change2.from),
      to: mapRef(change2, change2.to),
      fromLabel: change2.fromLabel,
      toLabel: change2.toLabel,
      actor: change2.actor,
      actorIsBot: change2.bot,
      seq
    };
  });
};
var convertItem = (item, source) => {
  const id = simIds.item(source.id, item.key);
  const mapRef = (change2, value) => {
    if (value === null) return null;
    if (change2.kind === "sprint_added" || change2.kind === "sprint_removed")
      return simIds.sprint(source.id, value);
    if (change2.kind === "parent") return simIds.item(source.id, value);
    return value;
  };
  return {
    batch: {
      workItems: [
        {
          id,
          engagementId: source.engagementId,
          sourceId: source.id,
          key: item.key,
          title: item.title,
          type: item.type,
          status: item.status,
          statusCategory: item.statusCategory,
          createdAt: instant2(item.createdAt, "createdAt"),
          resolvedAt: nullableInstant2(item.resolvedAt, "resolvedAt"),
          points: item.points,
          assignee: item.assignee,
          parentId: item.parentKey === null ? null : simIds.item(source.id, item.parentKey),
          // Internal chores are the pod's business, not the customer's.
          customerVisible: item.type !== "task"
        }
      ],
      events: eventsOf(source, "item", id, item.history, mapRef),
      replaceEventsOf: [id]
    }
  };
};
var convertSprint = (sprint, source) => {
  const id = simIds.sprint(source.id, sprint.number);
  return {
    batch: {
      sprints: [
        {
          id,
          engagementId: source.engagementId,
          sourceId: source.id,
          name: sprint.name,
          state: sprint.state,
          startAt: instant2(sprint.startAt, "startAt"),
          endAt: instant2(sprint.endAt, "endAt"),
          completedAt: nullableInstant2(sprint.completedAt, "completedAt"),
          goal: sprint.goal
        }
      ],
      events: eventsOf(source, "sprint", id, sprint.history),
      replaceEventsOf: [id]
    }
  };
};
var convertPullRequest = (pr, source) => {
  const id = simIds.pullRequest(source.id, pr.repo, pr.number);
  return {
    batch: {
      pullRequests: [
        {
          id,
          engagementId: source.engagementId,
          sourceId: source.id,
          repo: pr.repo,
          number: pr.number,
          title: pr.title,
          author: pr.author,
          state: pr.state,
          draft: pr.draft,
          createdAt: instant2(pr.createdAt, "createdAt"),
          mergedAt: nullableInstant2(pr.mergedAt, "mergedAt"),
          closedAt: nullableInstant2(pr.closedAt, "closedAt"),
          firstCommitAt: instant2(pr.firstCommitAt, "firstCommitAt"),
          additions: pr.additions,
          deletions: pr.deletions,
          changedFiles: pr.changedFiles,
          baseBranch: pr.baseBranch,
          itemKeys: pr.itemKeys
        }
      ],
      events: eventsOf(source, "pr", id, pr.history),
      replaceEventsOf: [id]
    }
  };
};
var convertDeployment = (deployment, source) => {
  const id = simIds.deployment(source.id, deployment.id);
  return {
    batch: {
      deployments: [
        {
          id,
          engagementId: source.engagementId,
          sourceId: source.id,
          environment: deployment.environment,
          status: deployment.status,
          ref: deployment.ref,
          createdAt: instant2(deployment.createdAt, "createdAt"),
          finishedAt: nullableInstant2(deployment.finishedAt, "finishedAt"),
          firstCommitAt: nullableInstant2(deployment.firstCommitAt, "firstCommitAt")
        }
      ],
      events: eventsOf(source, "deployment", id, deployment.history),
      replaceEventsOf: [id]
    }
  };
};
var convertMilestone = (milestone, source) => {
  const id = simIds.milestone(source.id, milestone.id);
  return {
    batch: {
      milestones: [
        {
          id,
          engagementId: source.engagementId,
          sourceId: source.id,
          name: milestone.name,
          targetDate: milestone.targetDate,
          epicId: simIds.item(source.id, milestone.epicKey),
          closedAt: nullableInstant2(milestone.closedAt, "closedAt")
        }
      ],
      events: eventsOf(source, "milestone", id, milestone.history),
      replaceEventsOf: [id]
    }
  };
};
var convertSimulated = (record, source) => {
  switch (record.stream) {
    case "items":
      return convertItem(record.item, source);
    case "sprints":
      return convertSprint(record.sprint, source);
    case "pull_requests":
      return convertPullRequest(record.pullRequest, source);
    case "deployments":
      return convertDeployment(record.deployment, source);
    case "milestones":
      return convertMilestone(record.milestone, source);
  }
};

// src/sources/simulator/extract.ts
var isStream = (stream) => SIM_STREAMS.includes(stream);
var idOf = (stream, value, index) => {
  const record = typeof value === "object" && value !== null ? value : {};
  const pick = (key) => typeof record[key] === "string" || typeof record[key] === "number" ? String(record[key]) : null;
  const id = stream === "items" ? pick("key") : stream === "sprints" ? pick("number") && `sprint ${pick("number")}` : stream === "pull_requests" ? pick("number") && `${pick("repo") ?? "?"}#${pick("number")}` : pick("id");
  return id ?? `${stream}[${index}]`;
};
var check = (schema, value, wrap) => {
  const result = schema.safeParse(value);
  return result.success ? { record: wrap(result.data) } : { error: result.error };
};
var tag = (stream, value) => {
  switch (stream) {
    case "sprints":
      return check(simSprintSchema, value, (sprint) => ({ stream, sprint }));
    case "milestones":
      return check(simMilestoneSchema, value, (milestone) => ({ stream, milestone }));
    case "items":
      return check(simItemSchema, value, (item) => ({ stream, item }));
    case "pull_requests":
      return check(simPullRequestSchema, value, (pullRequest) => ({ stream, pullRequest }));
    case "deployments":
      return check(simDeploymentSchema, value, (deployment) => ({ stream, deployment }));
  }
};
var describe = (error) => error.issues.map((issue) => `${issue.path.map(String).join(".") || "(record)"}: ${issue.message}`).join("; ");
var extractSimulated = (raw) => {
  const problems = [];
  const records = [];
  const stream = raw.stream;
  if (!isStream(stream)) {
    return {
      records,
      problems: [{ stage: "extract", sourceRecordId: raw.url, reason: `unknown stream "${stream}"` }]
    };
  }
  let values;
  try {
    values = JSON.parse(raw.payload);
  } catch (error) {
    const reason = `payload is not JSON: ${error instanceof Error ? error.message : String(error)}`;
    return { records, problems: [{ stage: "extract", sourceRecordId: raw.url, reason }] };
  }
  if (!Array.isArray(values)) {
    return {
      records,
      problems: [{ stage: "extract", sourceRecordId: raw.url, reason: "payload is not a JSON array" }]
    };
  }
  values.forEach((value, index) => {
    const sourceRecordId2 = idOf(stream, value, index);
    const location = `${stream}[${index}]`;
    const tagged = tag(stream, value);
    if ("record" in tagged) records.push({ sourceRecordId: sourceRecordId2, location, record: tagged.record });
    else problems.push({ stage: "extract", sourceRecordId: sourceRecordId2, location, reason: describe(tagged.error) });
  });
  return { records, problems };
};

// src/sources/simulator/connector.ts
var simulatorConnector = {
  kind: SIMULATOR_KIND,
  validateConfig(config) {
    parseSimulatorConfig(config);
  },
  collect: collectSimulated,
  extract: (raw) => extractSimulated(raw),
  convert: convertSimulated
};
var simulatorSource = (spec) => ({
  id: spec.id,
  engagementId: spec.engagementId,
  kind: SIMULATOR_KIND,
  config: { ...spec.config },
  createdAt: spec.createdAt
});

// src/sources/simulator/sample.ts
var SAMPLE_PEOPLE = [
  { personId: "ana-lima", login: "ana-lima", name: "Ana Lima", role: "tech_lead" },
  { personId: "ben-okafor", login: "ben-okafor", name: "Ben Okafor", role: "specialist" },
  { personId: "chen-wei", login: "chen-wei", name: "Chen Wei", role: "specialist" },
  { personId: "dara-novak", login: "dara-novak", name: "Dara Novak", role: "specialist" },
  { personId: "eli-haddad", login: "eli-haddad", name: "Eli Haddad", role: "specialist" },
  { personId: "fia-berg", login: "fia-berg", name: "Fia Berg", role: "qa" }
];
var sampleConfig = (overrides = {}) => simulatorConfig({
  seed: 7,
  startDate: "2026-01-05",
  endDate: "2026-08-28",
  onsetDate: "2026-04-27",
  people: SAMPLE_PEOPLE,
  keyPrefix: "ACME",
  ...overrides
});

// src/ingest/pipeline.ts
import { createHash as createHash2, randomUUID } from "node:crypto";
var RunTally = class {
  fetched = 0;
  converted = 0;
  skipped = 0;
  failed = 0;
  problems = [];
  count(page) {
    this.fetched += page.converted + page.skipped + page.failed;
    this.converted += page.converted;
    this.skipped += page.skipped;
    this.failed += page.failed;
  }
  add(problem) {
    if (this.problems.length < 1e3) this.problems.push(problem);
  }
};
var mergeBatches = (batches) => {
  const lastReplacedIn = /* @__PURE__ */ new Map();
  batches.forEach((batch, index) => {
    for (const id of batch.replaceEventsOf ?? []) lastReplacedIn.set(id, index);
  });
  const collect = (pick) => {
    const all = [];
    batches.forEach((batch, index) => {
      for (const row of pick(batch, index) ?? []) all.push(row);
    });
    return all;
  };
  return {
    workItems: collect((b) => b.workItems),
    sprints: collect((b) => b.sprints),
    pullRequests: collect((b) => b.pullRequests),
    deployments: collect((b) => b.deployments),
    milestones: collect((b) => b.milestones),
    events: collect(
      (b, index) => (b.events ?? []).filter((e) => (lastReplacedIn.get(e.entityId) ?? index) <= index)
    ),
    replaceEventsOf: collect((b) => b.replaceEventsOf)
  };
};
var convertRaw = (connector, source, raw, tally) => {
  const extraction = connector.extract(raw, source);
  for (const problem of extraction.problems) tally.add(problem);
  const batches = [];
  let skipped = 0;
  let failed = extraction.problems.length;
  for (const { sourceRecordId: sourceRecordId2, location, record } of extraction.records) {
    try {
      const result = connector.convert(record, source);
      if ("skip" in result) {
        skipped++;
        tally.add({ stage: "convert", sourceRecordId: sourceRecordId2, reason: `skipped: ${result.skip}`, location });
      } else batches.push(result.batch);
    } catch (error) {
      if (!(error instanceof RecordError || error instanceof BatonError)) throw error;
      failed++;
      tally.add({ stage: "convert", sourceRecordId: sourceRecordId2, reason: error.message, location });
    }
  }
  return { batch: mergeBatches(batches), converted: batches.length, skipped, failed };
};
var contentHash = (payload) => createHash2("sha256").update(payload).digest("hex");
var rawRecordOf = (sourceId, page, fetchedAt, fetchSeq) => {
  const hash = contentHash(page.payload);
  return {
    id: `${sourceId}:${page.stream}:${hash}`,
    sourceId,
    stream: page.stream,
    url: page.url,
    params: page.params,
    fetchedAt,
    fetchSeq,
    contentHash: hash,
    payload: page.payload
  };
};
var convertInMemory = async (connector, source, now = () => /* @__PURE__ */ new Date()) => {
  const tally = new RunTally();
  const batches = [];
  let fetchSeq = 0;
  const ctx = {
    source,
    full: true,
    now,
    signal: new AbortController().signal,
    getCursor: async () => null,
    save: async (page) => {
      const raw = rawRecordOf(source.id, page, now().toISOString(), fetchSeq++);
      const result = convertRaw(connector, source, raw, tally);
      batches.push(result.batch);
      tally.count(result);
      return { converted: result.converted, skipped: result.skipped, failed: result.failed };
    },
    progress: () => {
    },
    problem: (problem) => tally.add(problem)
  };
  await connector.collect(ctx);
  return { batch: mergeBatches(batches), problems: tally.problems };
};

// src/testing/fixtures.ts
var testEngagement = (overrides = {}) => ({
  id: "acme-mobile",
  customerId: "acme",
  name: "Acme Mobile",
  status: "active",
  sprintLengthDays: 14,
  reportDay: "fri",
  reviewSla: { firstReviewHours: 8 },
  timeZone: "Europe/Berlin",
  startDate: "2026-01-05",
  ...overrides
});

// bench/portfolio.ts
var historyOfBatch = (engagement, batch) => buildHistory({
  engagement,
  items: batch.workItems ?? [],
  sprints: batch.sprints ?? [],
  pullRequests: batch.pullRequests ?? [],
  deployments: batch.deployments ?? [],
  milestones: batch.milestones ?? [],
  events: batch.events ?? []
});
var benchPortfolio = async (engagements, scale) => {
  const histories2 = [];
  const batches = [];
  let events = 0;
  for (let i = 0; i < engagements; i++) {
    const id = `bench-${i + 1}`;
    const engagement = testEngagement({ id, timeZone: "UTC" });
    const source = simulatorSource({
      id: `${id}-sim`,
      engagementId: id,
      config: sampleConfig({
        seed: 1e3 + i,
        scale,
        scenario: SCENARIOS[i % SCENARIOS.length],
        keyPrefix: `B${i + 1}`
      }),
      createdAt: "2026-01-05T00:00:00.000Z"
    });
    const { batch } = await convertInMemory(simulatorConnector, source);
    batches.push(batch);
    events += batch.events?.length ?? 0;
    histories2.push(historyOfBatch(engagement, batch));
  }
  return { histories: histories2, batches, events };
};

// ../../tmp/prof/run.ts
import { Session } from "node:inspector/promises";
import fs from "node:fs";
var portfolio = await benchPortfolio(6, Number(process.env.SCALE ?? 42));
var histories = portfolio.histories;
var asOf = `${sampleConfig().endDate}T23:59:59.999Z`;
var from = asOf;
for (const batch of portfolio.batches) for (const e of batch.events ?? []) if (e.at < from) from = e.at;
var only = process.env.ONLY;
var session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 200 });
globalThis.gc?.();
await session.post("Profiler.start");
for (let r = 0; r < 6; r++) {
  const t = { sprints: 0, flow: 0, reviews: 0, dora: 0 };
  const T = (k, f) => {
    if (only && only !== k) return;
    const s = performance.now();
    const v = f();
    t[k] += performance.now() - s;
    return v;
  };
  for (const h of histories) {
    T("sprints", () => sprintMetrics(h, asOf));
    T("flow", () => flowMetrics(h, asOf, { from }));
    T("reviews", () => reviewMetrics(h, asOf, { from }));
    T("dora", () => doraMetrics(h, asOf, { from, to: asOf }));
  }
  console.log(JSON.stringify(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v)]))), Math.round(Object.values(t).reduce((a, b) => a + b)));
}
var { profile } = await session.post("Profiler.stop");
fs.writeFileSync("/tmp/prof/engine.cpuprofile", JSON.stringify(profile));
