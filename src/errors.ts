/**
 * The one error vocabulary of Baton. Every surface (CLI, HTTP) maps these codes to its own
 * outcome (exit code, HTTP status) in a single handler; anything else is an internal failure
 * that is logged and shown generically.
 */
export type ErrorCode =
  | "invalid_input"
  | "not_found"
  | "conflict"
  | "unauthorized"
  | "forbidden"
  | "source_failed"
  | "config_invalid"
  | "payload_too_large"
  | "rate_limited";

/** A failure the user can act on: the message names what was wrong and where. */
export class BatonError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "BatonError";
    this.code = code;
    this.details = details;
  }
}

export const invalidInput = (message: string, details?: Record<string, unknown>) =>
  new BatonError("invalid_input", message, details);

export const notFound = (what: string, id: string) =>
  new BatonError("not_found", `${what} "${id}" not found`);

export const conflict = (message: string, details?: Record<string, unknown>) =>
  new BatonError("conflict", message, details);

/** HTTP status for each error code; unknown errors are 500. */
export const httpStatusOf = (code: ErrorCode): 400 | 401 | 403 | 404 | 409 | 413 | 429 | 502 => {
  switch (code) {
    case "invalid_input":
    case "config_invalid":
      return 400;
    case "unauthorized":
      return 401;
    case "forbidden":
      return 403;
    case "not_found":
      return 404;
    case "conflict":
      return 409;
    case "payload_too_large":
      return 413;
    case "rate_limited":
      return 429;
    case "source_failed":
      return 502;
  }
};

/** CLI exit code for each error code: 2 for bad input, 3 for missing things, 4 for source failures. */
export const exitCodeOf = (code: ErrorCode): number => {
  switch (code) {
    case "invalid_input":
    case "config_invalid":
      return 2;
    case "not_found":
      return 3;
    case "source_failed":
      return 4;
    default:
      return 1;
  }
};
