import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireBotToken } from '../../../core/config.js';

const TOKEN = '123456789:AAEabcdefghijklmnopqrstuvwxyz012345';

function problems(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has working defaults for every optional variable', () => {
    const config = loadConfig({ BOT_TOKEN: TOKEN });
    expect(config.BOT_MODE).toBe('polling');
    expect(config.LOG_RETENTION_DAYS).toBe(90);
    expect(config.JOB_STORE).toBe('postgres');
    expect(config.dataDir).toMatch(/\.data$/);
    expect(config.LOG_DIR).toBe(`${config.dataDir}/logs`);
    expect(config.BOT_API_ROOT).toBe('https://api.telegram.org');
  });

  it('names every malformed variable in one line without echoing values', () => {
    const message = problems({ BOT_TOKEN: 'not-a-token-secret', DATABASE_URL: 'mysql://secret@x', LOG_RETENTION_DAYS: '120', ADMIN_IDS: '12,abc' });
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain('BOT_TOKEN');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('LOG_RETENTION_DAYS: expected a whole number from 1 to 90');
    expect(message).toContain('ADMIN_IDS');
    expect(message).not.toContain('not-a-token-secret');
    expect(message).not.toContain('mysql://secret');
  });

  it('requires the webhook URL and secret in webhook mode and a MongoDB URL for the mongo job store', () => {
    const message = problems({ BOT_MODE: 'webhook', JOB_STORE: 'mongo' });
    expect(message).toContain('WEBHOOK_URL: expected required when BOT_MODE=webhook');
    expect(message).toContain('WEBHOOK_SECRET');
    expect(message).toContain('MONGODB_URL');
  });

  it('requires a credentials key in production', () => {
    expect(problems({ NODE_ENV: 'production' })).toContain('CREDENTIALS_KEY');
  });

  it('parses admin ids and treats empty strings as unset', () => {
    const config = loadConfig({ ADMIN_IDS: '12, 34', DATABASE_URL: '' });
    expect(config.ADMIN_IDS).toEqual([12, 34]);
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('reads stop words as a trimmed comma-separated list, defaulting to the four built-in ones', () => {
    expect(loadConfig({}).STOP_WORDS).toEqual(['stop', 'unsubscribe', 'стоп', 'отписаться']);
    expect(loadConfig({ STOP_WORDS: ' halt , remove me,,Стоп ' }).STOP_WORDS).toEqual(['halt', 'remove me', 'Стоп']);
  });

  it('reads the reachability cache lifetime in days and the lookup pause as a range of seconds, 7 and 3-8 by default', () => {
    expect([loadConfig({}).REACHABILITY_TTL_DAYS, loadConfig({}).REACHABILITY_CHECK_DELAY_SECONDS]).toEqual([7, { min: 3, max: 8 }]);
    expect(loadConfig({ REACHABILITY_CHECK_DELAY_SECONDS: ' 10 - 20 ' }).REACHABILITY_CHECK_DELAY_SECONDS).toEqual({ min: 10, max: 20 });
    expect(problems({ REACHABILITY_CHECK_DELAY_SECONDS: '8-3' })).toContain('REACHABILITY_CHECK_DELAY_SECONDS: expected a range of seconds like 3-8');
    expect(problems({ REACHABILITY_CHECK_DELAY_SECONDS: 'fast' })).toContain('REACHABILITY_CHECK_DELAY_SECONDS: expected a range of seconds like 3-8');
    expect(problems({ REACHABILITY_TTL_DAYS: '0' })).toContain('REACHABILITY_TTL_DAYS: expected a whole number from 1 to 90');
  });

  it('refuses stop words without a letter or digit, or a list with none', () => {
    expect(problems({ STOP_WORDS: 'stop,!!' })).toContain('STOP_WORDS: expected comma-separated words');
    expect(problems({ STOP_WORDS: ' , ,' })).toContain('STOP_WORDS');
  });

  it('reads the catch-up ages in hours, 72 and 24 by default, and refuses zero', () => {
    expect([loadConfig({}).CATCH_UP_MAX_AGE_HOURS, loadConfig({}).FOLLOW_UP_MAX_AGE_HOURS]).toEqual([72, 24]);
    const config = loadConfig({ CATCH_UP_MAX_AGE_HOURS: '48', FOLLOW_UP_MAX_AGE_HOURS: '6' });
    expect([config.CATCH_UP_MAX_AGE_HOURS, config.FOLLOW_UP_MAX_AGE_HOURS]).toEqual([48, 6]);
    expect(problems({ CATCH_UP_MAX_AGE_HOURS: '0' })).toContain('CATCH_UP_MAX_AGE_HOURS: expected a whole number from 1 to 8760');
  });

  it('reports a missing bot token only to the commands that need one', () => {
    const config = loadConfig({});
    expect(() => requireBotToken(config)).toThrow(/BOT_TOKEN: expected a bot token from @BotFather/);
    expect(requireBotToken(loadConfig({ BOT_TOKEN: TOKEN }))).toBe(TOKEN);
  });
});
