import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logging/logger.js';
import type { RandomSource } from '../random.js';
import { AccountHealthService } from './account-health.service.js';
import { AccountService } from './account.service.js';
import { createVault, verifyStoredCredentials } from './credentials-key.js';
import type { CredentialVault } from './credential-vault.js';
import { createMessengerDrivers, type MessengerDrivers } from './messenger-drivers.js';

/** The accounts domain as the composition root wires it. */
export interface AccountsSetup {
  vault: CredentialVault;
  service: AccountService;
  /** Health states and warm-up caps, for the account screens. */
  health: AccountHealthService;
  messengers: MessengerDrivers;
}

/**
 * Builds the vault (checking one stored credential opens, so a wrong key stops start-up with
 * `CredentialVaultError` instead of failing every account later), the service and the messenger drivers.
 */
export async function setupAccounts(config: Config, deps: { db: Database; clock: Clock; random: RandomSource; logger: Logger }): Promise<AccountsSetup> {
  const vault = createVault(config, deps.logger);
  const check = await verifyStoredCredentials(deps.db.pool, vault);
  if (check.needsRotation) {
    deps.logger.warn({ action: 'credentials.rotation_pending' }, 'stored credentials use an older key: run rotate-credentials-key');
  }
  return {
    vault,
    service: new AccountService(deps.db.pool, vault, deps.clock),
    health: new AccountHealthService(deps.db.pool, deps.clock),
    messengers: await createMessengerDrivers(config, { pool: deps.db.pool, clock: deps.clock, random: deps.random, logger: deps.logger }),
  };
}
