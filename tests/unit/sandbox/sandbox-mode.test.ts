import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SANDBOX_BOT_TOKEN, sandboxBanner, sandboxConfig, sandboxRefusal } from '../../../bot/sandbox/sandbox-mode.js';
import { SANDBOX_ADMIN } from '../../../bot/sandbox/sandbox-users.js';
import { loadConfig } from '../../../core/config.js';

describe('sandbox mode configuration', () => {
  it('points the bot at the emulator, the simulated messengers and a data folder of its own, never the real database', () => {
    const real = loadConfig({ DATA_DIR: '/srv/contactd', DATABASE_URL: 'postgres://u:p@db.example:5432/contactd', MESSENGER_DRIVER: 'real' });
    const sandboxed = sandboxConfig(real, 'http://127.0.0.1:40000');
    expect(sandboxed.BOT_TOKEN).toBe(SANDBOX_BOT_TOKEN);
    expect(sandboxed.BOT_API_ROOT).toBe('http://127.0.0.1:40000');
    expect(sandboxed.BOT_MODE).toBe('polling');
    expect(sandboxed.MESSENGER_DRIVER).toBe('simulated');
    expect(sandboxed.DATABASE_URL).toBeUndefined();
    expect(sandboxed.dataDir).toBe(path.join('/srv/contactd', 'sandbox'));
    expect(sandboxed.CREDENTIALS_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(sandboxed.ADMIN_IDS).toEqual([SANDBOX_ADMIN.id]);
    // The sandbox token passes the same check a real one does.
    expect(() => loadConfig({ BOT_TOKEN: sandboxed.BOT_TOKEN })).not.toThrow();
  });

  it('uses SANDBOX_DATABASE_URL and configured admins when given', () => {
    const config = loadConfig({ SANDBOX_DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/contactd_sandbox', ADMIN_IDS: '42' });
    const sandboxed = sandboxConfig(config, 'http://127.0.0.1:40000');
    expect(sandboxed.DATABASE_URL).toBe('postgres://u:p@127.0.0.1:5432/contactd_sandbox');
    expect(sandboxed.ADMIN_IDS).toEqual([42]);
  });

  it('is refused in production with one clear line, allowed elsewhere', () => {
    const production = loadConfig({ NODE_ENV: 'production', CREDENTIALS_KEY: 'a'.repeat(64) });
    expect(sandboxRefusal(production)?.message).toBe(
      'Configuration error: BOT_TOKEN: expected a bot token from @BotFather in production (without one, npm start runs the local sandbox, which production refuses)',
    );
    expect(sandboxRefusal(loadConfig({}))).toBeUndefined();
  });

  it('defaults the sandbox page to port 8080', () => {
    expect(loadConfig({}).SANDBOX_PORT).toBe(8080);
    expect(() => loadConfig({ SANDBOX_PORT: '70000' })).toThrow(/SANDBOX_PORT/);
  });

  it('announces the loopback URL, that nothing leaves the machine, and how to run for real', () => {
    const banner = sandboxBanner('http://127.0.0.1:8080', sandboxConfig(loadConfig({ DATA_DIR: '/tmp/x' }), 'http://127.0.0.1:1'));
    expect(banner).toContain('Open http://127.0.0.1:8080 in your browser');
    expect(banner).toContain('Nothing leaves this machine');
    expect(banner).toContain('BOT_TOKEN (from @BotFather)');
    expect(banner).toContain(path.join('/tmp/x', 'sandbox'));
  });
});
