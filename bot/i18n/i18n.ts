import path from 'node:path';
import { I18n } from '@grammyjs/i18n';
import type { BotContext } from '../context.js';

/** The languages the bot speaks; each is one Fluent file in `locales/`. */
export const LANGUAGES = ['en'] as const;
export const DEFAULT_LANGUAGE = 'en';

/** Fluent-backed translations; the locale is the user's stored language, else English. */
export function createI18n(): I18n<BotContext> {
  return new I18n<BotContext>({
    defaultLocale: DEFAULT_LANGUAGE,
    directory: path.join(import.meta.dirname, 'locales'),
    useSession: false,
    // Bidi isolation marks around variables would end up in usernames and buttons.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => ctx.user?.language ?? DEFAULT_LANGUAGE,
  });
}
