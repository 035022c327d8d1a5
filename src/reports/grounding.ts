/**
 * The grounding check: does a narrated report state only what its facts say? Pure and fast.
 *
 * The narration's claims are read in three kinds, and each must be supported:
 * - **numbers**: digits (`42`, `0.3`, `1,250`, `4th`), percentages (`33 %`, `33%`, `33 percent`),
 *   clock times (`09:00`) and the spelled numbers two to twelve (`three risks`). "one" is not read:
 *   it is as often a pronoun as a count. Signs are ignored (`−2` is `2`); ordered-list markers at the
 *   start of a line (`1.`) are numbering, not claims.
 * - **dates**: `2026-12-04` (and instants), `4 Dec 2026`, `4th December, 2026`, `Dec 4`, `December 4,
 *   2026`, `4 Dec`, `December 2026`, `4/12/2026` (either reading). Weekdays and a bare month name are
 *   not claims.
 * - **names**: item keys (`ACME-12`, `ADR-3`), letter-and-digit tokens (`L2`, `P85`), links, email
 *   addresses and @-mentions, and
 *   capitalised words that do not start a sentence (a run of them, like `Acme CTO`, is one name).
 *   The first word of a sentence, a line, a list item or a table cell is not checked, and headings
 *   are exempt (their title case is style, not a claim).
 *
 * What supports them, from the facts (every string and number in them, at any depth) and from the
 * template Markdown (written from the facts alone, so it states nothing else):
 * - a number is supported when it equals a number in the facts, that number rounded to a whole
 *   number or to one decimal (either neighbour when it ends in 5), the length of a list in the facts,
 *   the year of a date in them, the days between two dates of one object or between any date and
 *   one of the report's own dates (those held by the facts object or an object directly under it,
 *   such as the week's first and last day), that many weeks when it divides by seven, or any number
 *   written in a string of the facts or in the template;
 * - a percentage is supported when it is a share in the facts (a number from 0 to 1) times 100,
 *   rounded the same way, or a percentage written in a string of the facts or in the template;
 * - a date with a year must be a date in the facts or the template; without a year its day and
 *   month must be; a month and year must hold one of those dates;
 * - a name is supported when each of its words (case aside, a possessive `'s` dropped) is a word of
 *   a string in the facts or of the template, or one of a few common words of the trade (months,
 *   weekdays, RAG words, Sprint, P85, L2, SLA…); a link, address or mention must appear in the facts
 *   or the template.
 * Identifier fields of the facts (`id`, `…Id`) lend their words but not their digits.
 *
 * The check reads values, not units: "3 weeks" where the facts say 3 days passes. It is a guard
 * against invented figures, dates and names, not a proof that every sentence is true.
 */

export type UnsupportedKind = "number" | "date" | "name";

/** Something a narration states that the facts do not support. */
export interface Unsupported {
  readonly kind: UnsupportedKind;
  /** As written in the narration. */
  readonly text: string;
  /** Offset of `text` in the narration. */
  readonly at: number;
}

export interface Grounding {
  readonly ok: boolean;
  /** In the order they appear in the narration. */
  readonly unsupported: readonly Unsupported[];
}

type Claim =
  | {
      readonly kind: "number";
      readonly text: string;
      readonly at: number;
      readonly key: string;
      readonly percent: boolean;
    }
  | {
      readonly kind: "date";
      readonly text: string;
      readonly at: number;
      /** Readings of the date: `y-m-d`, `m-d` (no year) or `y-m` (no day). */
      readonly readings: readonly string[];
    }
  | { readonly kind: "name"; readonly text: string; readonly at: number; readonly words: readonly string[] };

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH =
  "(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
const monthOf = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

const SPELLED: Record<string, number> = {
  zero: 0,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};

/** Common capitalised words of the trade a narration may use without the facts naming them. */
const VOCABULARY = new Set(
  [
    ...["January", "February", "March", "April", "May", "June", "July", "August", "September"],
    ...["October", "November", "December", "Sept"],
    ...MONTHS,
    ...["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    ...["Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun"],
    ...["RAG", "Green", "Amber", "Red", "On", "Off", "Track", "At", "Risk", "Risks"],
    ...["Sprint", "Sprints", "Milestone", "Milestones", "P50", "P85", "P95", "L1", "L2", "L3"],
    ...["ADR", "SLA", "SLAs", "WIP", "DM", "PR", "PRs", "QA", "OK", "I", "UTC", "ETA", "TBD", "FYI"],
  ].map((w) => w.toLowerCase()),
);

const ISO_DATE =
  /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)/g;
const SLASH_DATE = /(?<!\d)(\d{1,2})\/(\d{1,2})\/(\d{4})(?!\d)/g;
const DAY_MONTH = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+${MONTH}(?!\p{L})(?:,?\s+(\d{4})(?!\d))?`,
  "gu",
);
const MONTH_DAY = new RegExp(
  String.raw`(?<!\p{L})${MONTH}\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?![\p{L}\p{N}])(?:,?\s+(\d{4})(?!\d))?`,
  "gu",
);
const MONTH_YEAR = new RegExp(String.raw`(?<!\p{L})${MONTH}\.?,?\s+(\d{4})(?!\d)`, "gu");
const URL = /\bhttps?:\/\/[^\s<>()[\]]+/g;
/** Email addresses and @-mentions (`@channel` in Slack pings everyone). */
const ADDRESS = /(?<![\w.+-])(?:[\w.+-]+)?@[\w-]+(?:\.[\w-]+)*/g;
const ENTITY = /&(?:#\d+|#x[\da-f]+|[a-z]+);/gi;
const LIST_NUMBER = /^([ \t]*)\d+[.)](?=\s)/gm;
const ITEM_KEY = /(?<![\p{L}\p{N}])\p{Lu}[\p{Lu}\p{N}]*-\d+(?![\p{L}\p{N}])/gu;
const LETTERS_DIGITS = /(?<![\p{L}\p{N}])\p{L}+\p{N}[\p{L}\p{N}]*/gu;
const TIME = /(?<!\d)\d{1,2}:\d{2}(?!\d)/g;
const PERCENT = String.raw`(\s?(?:%|percent(?!\p{L})|per cent(?!\p{L})))?`;
const NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?<!\d[.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:st|nd|rd|th)?${PERCENT}`,
  "gu",
);
const SPELLED_NUMBER = new RegExp(
  String.raw`(?<!\p{L})(${Object.keys(SPELLED).join("|")})(?!\p{L})${PERCENT}`,
  "giu",
);
const CAPITALISED = /(?<![\p{L}\p{N}'’])\p{Lu}[\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
const HEADING = /^[ \t]{0,3}#{1,6}[ \t]/;

/** A number as the sets hold it: six decimals at most, so 0.1 + 0.2 is 0.3. */
const numberKey = (n: number) => String(Math.round(Math.abs(n) * 1e6) / 1e6);
const pad = (n: number) => String(n).padStart(2, "0");
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/**
 * Reads the dates, numbers, keys and links of `text`, each with its offset. Each span is blanked
 * once read, so the `12` of `4 Dec 2026` or of `ACME-12` is not also read as a number.
 */
const readClaims = (text: string): { claims: Claim[]; rest: string } => {
  let work = text;
  const claims: Claim[] = [];
  const scan = (re: RegExp, read: (m: RegExpMatchArray, at: number) => Claim | null) => {
    const spans: [number, number][] = [];
    for (const m of work.matchAll(re)) {
      const at = m.index ?? 0;
      const claim = read(m, at);
      if (claim) claims.push(claim);
      spans.push([at, at + m[0].length]);
    }
    for (const [from, to] of spans) work = work.slice(0, from) + " ".repeat(to - from) + work.slice(to);
  };
  const raw = (m: RegExpMatchArray, at: number) => text.slice(at, at + m[0].length);

  scan(ENTITY, () => null);
  scan(LIST_NUMBER, () => null);
  scan(URL, (m, at) => ({ kind: "name", text: raw(m, at), at, words: [] }));
  scan(ADDRESS, (m, at) => ({ kind: "name", text: raw(m, at), at, words: [] }));
  scan(ISO_DATE, (m, at) => ({
    kind: "date",
    text: raw(m, at),
    at,
    readings: [ymd(Number(m[1]), Number(m[2]), Number(m[3]))],
  }));
  scan(SLASH_DATE, (m, at) => {
    const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return { kind: "date", text: raw(m, at), at, readings: [ymd(y, b, a), ymd(y, a, b)] };
  });
  scan(ITEM_KEY, (m, at) => ({ kind: "name", text: raw(m, at), at, words: [m[0].toLowerCase()] }));
  scan(LETTERS_DIGITS, (m, at) => ({ kind: "name", text: raw(m, at), at, words: [m[0].toLowerCase()] }));
  const dayMonth = (day: string, month: string, year: string | undefined) =>
    year ? ymd(Number(year), monthOf(month), Number(day)) : `${pad(monthOf(month))}-${pad(Number(day))}`;
  scan(DAY_MONTH, (m, at) => ({
    kind: "date",
    text: raw(m, at),
    at,
    readings: [dayMonth(m[1] ?? "", m[2] ?? "", m[3])],
  }));
  scan(MONTH_DAY, (m, at) => ({
    kind: "date",
    text: raw(m, at),
    at,
    readings: [dayMonth(m[2] ?? "", m[1] ?? "", m[3])],
  }));
  scan(MONTH_YEAR, (m, at) => ({
    kind: "date",
    text: raw(m, at),
    at,
    readings: [`${m[2]}-${pad(monthOf(m[1] ?? ""))}`],
  }));
  scan(TIME, (m, at) => ({ kind: "number", text: raw(m, at), at, key: `time ${m[0]}`, percent: false }));
  scan(NUMBER, (m, at) => ({
    kind: "number",
    text: raw(m, at).trimEnd(),
    at,
    key: numberKey(Number(`${(m[1] ?? "").replace(/,/g, "")}${m[2] ? `.${m[2]}` : ""}`)),
    percent: Boolean(m[3]),
  }));
  scan(SPELLED_NUMBER, (m, at) => ({
    kind: "number",
    text: raw(m, at).trimEnd(),
    at,
    key: numberKey(SPELLED[(m[1] ?? "").toLowerCase()] ?? Number.NaN),
    percent: Boolean(m[2]),
  }));
  return { claims, rest: work };
};

const SENTENCE_END = new Set([".", "!", "?", ":", ";", "|", "\n"]);

/** True when the word at `at` opens a sentence, a line, a list item or a table cell. */
const opensSentence = (text: string, at: number): boolean => {
  for (let i = at - 1; i >= 0; i--) {
    const c = text.charAt(i);
    if (SENTENCE_END.has(c)) return true;
    if (/[\p{L}\p{N}]/u.test(c)) return false;
  }
  return true;
};

/** Capitalised words outside headings that do not open a sentence, grouped into runs. */
const readNames = (text: string, rest: string): Claim[] => {
  const words: { text: string; at: number; checked: boolean }[] = [];
  let lineStart = 0;
  for (const line of rest.split("\n")) {
    if (!HEADING.test(line))
      for (const m of line.matchAll(CAPITALISED)) {
        const at = lineStart + (m.index ?? 0);
        words.push({ text: m[0], at, checked: !opensSentence(text, at) });
      }
    lineStart += line.length + 1;
  }
  const claims: Claim[] = [];
  let run: typeof words = [];
  const flush = () => {
    const checked = run.filter((w) => w.checked);
    const first = checked[0];
    const last = run.at(-1);
    if (first && last && checked.length > 0)
      claims.push({
        kind: "name",
        text: text.slice(first.at, last.at + last.text.length),
        at: first.at,
        words: checked.map((w) => w.text.toLowerCase()),
      });
    run = [];
  };
  for (const w of words) {
    const previous = run.at(-1);
    if (previous && !/^[ \t]+$/.test(text.slice(previous.at + previous.text.length, w.at))) flush();
    run.push(w);
  }
  flush();
  return claims;
};

/** What the facts and the template support. */
interface Support {
  readonly numbers: Set<string>;
  readonly percents: Set<string>;
  readonly dates: Set<string>;
  readonly words: Set<string>;
  /** Every string of the facts and the template, for links. */
  readonly text: string;
}

const DATE_VALUE = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DAY_MS = 86_400_000;

/** Both neighbours when `n` (scaled to the precision) ends in 5, else the rounding. */
const roundings = (n: number): number[] => {
  const out: number[] = [];
  for (const scale of [1, 10]) {
    const scaled = Math.abs(n) * scale;
    out.push(Math.round(scaled) / scale);
    if (Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-9) out.push(Math.floor(scaled) / scale);
  }
  return out;
};

const addWords = (support: Support, text: string) => {
  for (const m of text.matchAll(WORD)) {
    const word = m[0].toLowerCase().replace(/['’]s$/, "");
    support.words.add(word);
    for (const part of word.split(/['’-]/)) support.words.add(part);
  }
};

/** Adds the dates, numbers and words written in a string of the facts or the template. */
const addText = (support: Support, text: string) => {
  const { claims } = readClaims(text);
  for (const claim of claims) {
    if (claim.kind === "number") {
      support.numbers.add(claim.key);
      if (claim.percent) support.percents.add(claim.key);
    } else if (claim.kind === "date") {
      for (const reading of claim.readings) addDate(support, reading);
    }
  }
  addWords(support, text);
};

/** A date and its shorter readings (day and month; month and year), and its year as a number. */
const addDate = (support: Support, reading: string) => {
  support.dates.add(reading);
  const full = /^(\d{4})-(\d{2})-(\d{2})$/.exec(reading);
  if (!full) return;
  support.dates.add(`${full[2]}-${full[3]}`);
  support.dates.add(`${full[1]}-${full[2]}`);
  support.numbers.add(numberKey(Number(full[1])));
};

const supportOf = (facts: unknown, template: string): Support => {
  const support: Support = {
    numbers: new Set(),
    percents: new Set(),
    dates: new Set(),
    words: new Set(VOCABULARY),
    text: "",
  };
  const texts: string[] = [template];
  /** Dates by the object holding them; the report's own dates are those at depth 0 or 1. */
  const datesByObject: string[][] = [];
  const ownDates: string[] = [];
  const walk = (value: unknown, key: string, depth: number, siblings: string[] | null) => {
    if (typeof value === "number") {
      if (!Number.isFinite(value)) return;
      for (const n of roundings(value)) support.numbers.add(numberKey(n));
      support.numbers.add(numberKey(value));
      if (value >= 0 && value <= 1)
        for (const n of roundings(value * 100)) support.percents.add(numberKey(n));
    } else if (typeof value === "string") {
      const date = DATE_VALUE.exec(value);
      if (date) {
        const iso = `${date[1]}-${date[2]}-${date[3]}`;
        addDate(support, iso);
        siblings?.push(iso);
        if (depth <= 2) ownDates.push(iso);
        return;
      }
      if (key === "id" || key.endsWith("Id")) addWords(support, value);
      else {
        texts.push(value);
        addText(support, value);
      }
    } else if (Array.isArray(value)) {
      support.numbers.add(numberKey(value.length));
      for (const item of value) walk(item, key, depth + 1, null);
    } else if (value !== null && typeof value === "object") {
      const dates: string[] = [];
      datesByObject.push(dates);
      for (const [k, v] of Object.entries(value)) walk(v, k, depth + 1, dates);
    }
  };
  walk(facts, "", 0, null);
  addText(support, template);

  const addSpan = (a: string, b: string) => {
    const days = Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / DAY_MS;
    support.numbers.add(numberKey(days));
    if (days % 7 === 0) support.numbers.add(numberKey(days / 7));
  };
  for (const dates of datesByObject)
    for (const [i, a] of dates.entries()) for (const b of dates.slice(i + 1)) addSpan(a, b);
  const allDates = datesByObject.flat();
  for (const own of ownDates) for (const d of allDates) addSpan(own, d);
  return { ...support, text: texts.join("\n") };
};

const supported = (claim: Claim, support: Support): boolean => {
  switch (claim.kind) {
    case "number":
      return (claim.percent ? support.percents : support.numbers).has(claim.key);
    case "date":
      return claim.readings.some((r) => support.dates.has(r));
    case "name":
      if (claim.words.length === 0) return support.text.includes(claim.text);
      return claim.words.every((word) => {
        const bare = word.replace(/['’]s?$/, "");
        return support.words.has(bare) || bare.split(/['’-]/).every((part) => support.words.has(part));
      });
  }
};

/**
 * Checks that `text` states no number, date or name beyond `facts` and the `template` written from
 * them. The rule is documented at the top of this file and in docs/reports.md.
 */
export const groundingCheck = (text: string, facts: unknown, template: string): Grounding => {
  const support = supportOf(facts, template);
  const { claims, rest } = readClaims(text);
  const unsupported = [...claims, ...readNames(text, rest)]
    .filter((claim) => !supported(claim, support))
    .map(({ kind, text, at }) => ({ kind, text, at }))
    .sort((a, b) => a.at - b.at);
  return { ok: unsupported.length === 0, unsupported };
};
