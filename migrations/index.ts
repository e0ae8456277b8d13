import type { MigrationObject } from '@mikro-orm/core';
import { UsersConsentsBotState } from './20261129000000-users-consents-bot-state.js';
import { Accounts } from './20261129010000-accounts.js';
import { Contacts } from './20261129020000-contacts.js';
import { Campaigns } from './20261129030000-campaigns.js';
import { SimulatedLedger } from './20261129040000-simulated-ledger.js';
import { DeliveryRecipients } from './20261129070000-delivery-recipients.js';
import { Privacy } from './20261129080000-privacy.js';
import { SendingSafety } from './20261129090000-sending-safety.js';
import { RecipientChecks } from './20261129091000-recipient-checks.js';
import { AccountHealth } from './20261129092000-account-health.js';
import { DeliveryReferences } from './20261129100000-delivery-references.js';
import { ContactReferences } from './20261129110000-contact-references.js';
import { DeliveryIndexes } from './20261129120000-delivery-indexes.js';
import { DeliveryInsertCheck } from './20261129130000-delivery-insert-check.js';
import { ContactTagsIndex } from './20261129140000-contact-tags-index.js';
import { MemberUserIndex } from './20261129150000-member-user-index.js';
import { AccountCascadePaths } from './20261129160000-account-cascade-paths.js';
import { DeliveryInsertOnePass } from './20261129170000-delivery-insert-one-pass.js';
import { ImportSettings } from './20261129180000-import-settings.js';
import { ImportRuns } from './20261129190000-import-runs.js';

/** Every migration, in order. The schema exists only through these (never `schema:update`). */
export const migrationsList: MigrationObject[] = [
  { name: '20261129000000-users-consents-bot-state', class: UsersConsentsBotState },
  { name: '20261129010000-accounts', class: Accounts },
  { name: '20261129020000-contacts', class: Contacts },
  { name: '20261129030000-campaigns', class: Campaigns },
  { name: '20261129040000-simulated-ledger', class: SimulatedLedger },
  { name: '20261129070000-delivery-recipients', class: DeliveryRecipients },
  { name: '20261129080000-privacy', class: Privacy },
  { name: '20261129090000-sending-safety', class: SendingSafety },
  { name: '20261129091000-recipient-checks', class: RecipientChecks },
  { name: '20261129092000-account-health', class: AccountHealth },
  { name: '20261129100000-delivery-references', class: DeliveryReferences },
  { name: '20261129110000-contact-references', class: ContactReferences },
  { name: '20261129120000-delivery-indexes', class: DeliveryIndexes },
  { name: '20261129130000-delivery-insert-check', class: DeliveryInsertCheck },
  { name: '20261129140000-contact-tags-index', class: ContactTagsIndex },
  { name: '20261129150000-member-user-index', class: MemberUserIndex },
  { name: '20261129160000-account-cascade-paths', class: AccountCascadePaths },
  { name: '20261129170000-delivery-insert-one-pass', class: DeliveryInsertOnePass },
  { name: '20261129180000-import-settings', class: ImportSettings },
  { name: '20261129190000-import-runs', class: ImportRuns },
];
