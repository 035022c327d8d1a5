import type { EventKind } from "./types.ts";

/**
 * Deterministic ids: `<source>:<entity>:<connection>:<id>`, e.g. `jira:issue:acme-jira:10042`.
 * Re-ingesting the same record overwrites instead of duplicating.
 */
export const sourceRecordId = (sourceKind: string, entity: string, sourceId: string, externalId: string) =>
  `${sourceKind}:${entity}:${sourceId}:${externalId}`;

/**
 * Id of one history event: the entity's id, the instant, the kind and the position among that
 * entity's changes at the same instant. Entity ids are already source-qualified.
 */
export const eventId = (entityId: string, at: string, kind: EventKind, seq: number) =>
  `${entityId}@${at}/${kind}/${seq}`;

/** A URL- and CLI-friendly slug: `Acme Mobile` → `acme-mobile`. */
export const slugify = (text: string): string =>
  text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64) || "x";
