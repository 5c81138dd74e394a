// The one error shape that crosses the IPC boundary. Plain data so it survives structured clone.

export const ERROR_CODES = [
  /** A setting the admin typed is not valid; `fields` says which, for inline messages. */
  'invalid_input',
  /** The request itself is malformed (unknown method, wrong shape, not plain data, bad id): a bug, not a typo. */
  'invalid_request',
  'forbidden_sender',
  'not_found',
  'conflict',
  /** A save based on a version of the profile that moved on, where both changed the same field. */
  'edit_conflict',
  /** Cancel, sign-out or delete won over an operation in flight: its result was discarded, nothing saved. */
  'cancelled',
  'vault_unavailable',
  'smtp_auth',
  'smtp_connection',
  'smtp_tls',
  'smtp_timeout',
  'smtp_rejected',
  'smtp_protocol',
  'oauth_not_available',
  'oauth_config',
  'oauth_denied',
  'oauth_timeout',
  'oauth_busy',
  'oauth_state',
  'oauth_token',
  'oauth_reauthorize',
  'oauth_network',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  /** Dotted path into the payload, e.g. "profile.outgoing.port". */
  path: string;
  message: string;
}

export interface AppErrorData {
  code: ErrorCode;
  /** What failed and why, in plain words. Never contains a secret. */
  message: string;
  /** What the admin can do next. */
  hint: string;
  fields?: FieldError[];
  /** Raw server reply or protocol detail, already redacted. */
  detail?: string;
}

/** Thrown inside main; dispatch turns it into AppErrorData for the renderer. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly fields?: FieldError[];
  readonly detail?: string;

  constructor(data: AppErrorData, options?: { cause?: unknown }) {
    super(data.message, options);
    this.name = 'AppError';
    this.code = data.code;
    this.hint = data.hint;
    if (data.fields) this.fields = data.fields;
    if (data.detail) this.detail = data.detail;
  }

  toData(): AppErrorData {
    return {
      code: this.code,
      message: this.message,
      hint: this.hint,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.detail ? { detail: this.detail } : {}),
    };
  }
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };
