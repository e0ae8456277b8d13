// The Telegram Bot API emulator and its test users: see README.md.
export { createBotApiEmulator, type BotApiEmulator, type BotApiEmulatorOptions } from './emulator.js';
export { TestUser, type TestUserProfile, type UploadOptions } from './test-user.js';
export { TelegramErrors, BotApiError } from './api-error.js';
export type { InjectedFailure } from './dispatcher.js';
export type { MessageMatcher, WaitOptions } from './message-waiter.js';
export type { ChatState } from './chat-store.js';
export type * from './types.js';
