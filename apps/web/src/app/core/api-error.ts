import { HttpErrorResponse } from '@angular/common/http';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Turns any error from an API call into a sentence a user can act on. */
export function apiErrorMessage(error: unknown, fallback = 'Something went wrong. Please try again.'): string {
  if (!(error instanceof HttpErrorResponse)) return fallback;
  if (error.status === 0) return 'Cannot reach the server. Check your connection and try again.';
  const body: unknown = error.error;
  if (isRecord(body)) {
    const message = body['message'];
    if (typeof message === 'string' && message.trim()) return message;
    if (Array.isArray(message)) {
      const parts = message.filter((part): part is string => typeof part === 'string' && part.trim() !== '');
      if (parts.length) return parts.join('. ');
    }
  }
  if (error.status >= 500) return 'The server had a problem. Please try again later.';
  return fallback;
}

/**
 * Validation messages of a 400 grouped by the field they start with ("password must be …"), so each
 * can be shown under its own input.
 */
export function apiFieldErrors<F extends string>(error: unknown, fields: readonly F[]): Partial<Record<F, string>> {
  const result: Partial<Record<F, string>> = {};
  if (!(error instanceof HttpErrorResponse) || !isRecord(error.error)) return result;
  const raw = error.error['message'];
  const messages = Array.isArray(raw) ? raw : [raw];
  for (const message of messages) {
    if (typeof message !== 'string') continue;
    const field = fields.find((name) => message.startsWith(`${name} `));
    if (field) result[field] = result[field] ? `${result[field]}. ${message}` : message;
  }
  return result;
}
