import type { AccountService } from '../../core/accounts/account.service.js';
import type { CampaignService } from '../../core/campaigns/campaign.service.js';
import type { ContactListService } from '../../core/contacts/contact-list.service.js';
import type { ContactService, ContactView } from '../../core/contacts/contact.service.js';
import type { Platform } from '../../core/messengers/messenger.js';
import type { ReachabilityService } from '../../core/delivery/reachability/reachability.service.js';

/** A sender account as the campaign composer offers it. */
export interface SenderAccountOption {
  id: number;
  platform: Platform;
  label: string;
  status: 'connecting' | 'active' | 'limited' | 'disconnected';
}

/**
 * What the campaigns section needs from other domains, every call scoped by the owner's user id: the
 * lists, tags and accounts to pick from, and a contact's card for reply notifications.
 */
export interface CampaignDirectory {
  lists(userId: number): Promise<{ id: number; name: string; size: number }[]>;
  tags(userId: number): Promise<{ tag: string; count: number }[]>;
  accounts(userId: number): Promise<SenderAccountOption[]>;
  contact(userId: number, contactId: number): Promise<ContactView>;
  setOptedOut(userId: number, contactId: number): Promise<ContactView>;
}

/**
 * Sends the user's answer to a contact who replied to a campaign, through the account that received the
 * reply (`deliveryId` is the replied delivery, scoped by the owner). The engine offers no such method yet:
 * while this is unset, the Reply button says so.
 */
export interface ReplySender {
  send(userId: number, deliveryId: number, text: string): Promise<{ contactLabel: string }>;
}

/** The campaigns section's field of `BotServices`. */
export interface CampaignBotServices {
  service: CampaignService;
  directory: CampaignDirectory;
  replies?: ReplySender;
  /** Reachability pre-flight: the review's counts and its "Check reachability" button (absent: neither shows). */
  reachability?: ReachabilityService;
}

/** Builds the directory from the contact and account services. */
export function createCampaignDirectory(deps: { lists: ContactListService; contacts: ContactService; accounts: Pick<AccountService, 'list'> }): CampaignDirectory {
  return {
    lists: (userId) => deps.lists.lists(userId),
    tags: (userId) => deps.contacts.tags(userId),
    accounts: async (userId) => (await deps.accounts.list(userId)).map((a) => ({ id: a.id, platform: a.platform, label: a.name, status: a.status })),
    contact: (userId, contactId) => deps.contacts.get(userId, contactId),
    setOptedOut: (userId, contactId) => deps.contacts.setOptedOut(userId, contactId, true),
  };
}
