/** The Telegram (GramJS) adapter of the messenger port. */
export { createTelegramDriver, newTelegramRandomId, type TelegramDriverOptions } from './telegram-driver.js';
export { GRAMJS_CLIENT_PARAMS, gramJsClientFactory, type TelegramClientFactory, type TelegramClientLike } from './telegram-client.js';
export { translateTelegramError } from './telegram-errors.js';
export { SESSION_KEY as TELEGRAM_SESSION_KEY } from './telegram-login.js';
