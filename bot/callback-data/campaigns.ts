import { callbackData } from './callback-data.js';

/** Campaign list pages (`page` is 0-based) and "new campaign". */
export const campaignListData = callbackData('cpl', ['page']);
export const campaignNewData = callbackData('cpn', []);
export const campaignOverallData = callbackData('cpo', []);

/** What a campaign card's buttons do; the id is re-checked against `ctx.user.id` by every service call. */
export const CAMPAIGN_ACTIONS = [
  'open',
  'review',
  'launch',
  'pause',
  'resume',
  'cancel',
  'cancel-yes',
  'duplicate',
  'stats',
  /** Statistics as a new message: pressed under a notification, which must stay as it is. */
  'stats-new',
  'export',
  'edit',
] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];
export const campaignActionData = callbackData('cpa', ['action', 'id']);

/** Parses a card button; null for foreign or malformed data. */
export function parseCampaignAction(data: string): { action: CampaignAction; id: number } | null {
  const values = campaignActionData.unpack(data);
  if (!values || !(CAMPAIGN_ACTIONS as readonly string[]).includes(values.action)) return null;
  const id = positiveId(values.id);
  return id === null ? null : { action: values.action as CampaignAction, id };
}

/** Sections of a draft the composer can (re)open. `guided` walks every unfinished one in order. */
export const COMPOSE_SECTIONS = ['guided', 'name', 'channel', 'accounts', 'audience', 'template', 'followups', 'schedule'] as const;
export type ComposeSection = (typeof COMPOSE_SECTIONS)[number];
export const campaignComposeData = callbackData('cpe', ['section', 'id']);

export function parseComposeSection(data: string): { section: ComposeSection; id: number } | null {
  const values = campaignComposeData.unpack(data);
  if (!values || !(COMPOSE_SECTIONS as readonly string[]).includes(values.section)) return null;
  const id = positiveId(values.id);
  return id === null ? null : { section: values.section as ComposeSection, id };
}

/** Buttons inside the composer conversation: `choice` names the button, `value` carries its argument. */
export const composerData = callbackData('cpw', ['choice', 'value']);

/** Buttons of a reply notification: `id` is the contact for open/optout, the delivery for answer. */
export const REPLY_ACTIONS = ['contact', 'optout', 'answer'] as const;
export type ReplyAction = (typeof REPLY_ACTIONS)[number];
export const replyActionData = callbackData('cpr', ['action', 'id']);

export function parseReplyAction(data: string): { action: ReplyAction; id: number } | null {
  const values = replyActionData.unpack(data);
  if (!values || !(REPLY_ACTIONS as readonly string[]).includes(values.action)) return null;
  const id = positiveId(values.id);
  return id === null ? null : { action: values.action as ReplyAction, id };
}

/** A positive integer id, or null (forged text never reaches a service as NaN). */
export function positiveId(text: string): number | null {
  if (!/^\d{1,10}$/u.test(text)) return null;
  const id = Number(text);
  return id > 0 && id <= 2_147_483_647 ? id : null;
}
