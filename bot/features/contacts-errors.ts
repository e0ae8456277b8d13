import type { ErrorInfo } from '../../core/contacts/error-info.js';
import type { BotContext } from '../context.js';

export { errorInfo, type ErrorInfo } from '../../core/contacts/error-info.js';

/** The user-facing sentence for a failure. */
export function errorText(ctx: Pick<BotContext, 't' | 'services'>, info: ErrorInfo): string {
  return contactsErrorText(ctx.t.bind(ctx), info, Math.round(ctx.services.contacts.maxImportBytes / (1024 * 1024)));
}

/** The sentence for a failure, given the file size limit in MB (notifications carry it). */
export function contactsErrorText(t: (key: string, vars?: Record<string, string | number>) => string, info: ErrorInfo, limitMb: number): string {
  return t(`contacts-error-${info.code}`, { detail: info.detail, limit: limitMb });
}
