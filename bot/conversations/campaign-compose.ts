import type { CampaignView, Channel } from '../../core/campaigns/campaign.types.js';
import type { ComposeSection } from '../callback-data/campaigns.js';
import type { ConversationContext } from '../context.js';
import { parseCampaignName } from '../features/campaign-input.js';
import { platformName } from '../features/campaign-format.js';
import { loadReview, showReview } from '../features/campaign-review.js';
import { choiceKeyboard, toggleKeyboard } from '../keyboards/campaigns.js';
import { Dialog, type CampaignConversation } from './campaign-dialog.js';
import { editSchedule } from './campaign-schedule.js';
import { editFollowUps, editTemplate } from './campaign-template.js';

export const CAMPAIGN_COMPOSE = 'campaign-compose';

/** The order of the guided walk; each finished section is remembered so a left draft resumes after it. */
const GUIDED_ORDER = ['channel', 'accounts', 'audience', 'template', 'followups', 'schedule'] as const;
type GuidedSection = (typeof GUIDED_ORDER)[number];

/** Where the guided walk of a draft resumes (bot state, keyed by the owner's Telegram id for erasure). */
export function draftProgressKey(campaignId: number, telegramId: number): string {
  return `cpdraft:${campaignId}:${telegramId}`;
}

/**
 * Composes or edits a campaign. `campaignId` null starts a new draft (asks the name first); `section`
 * `guided` walks every section not finished yet, then shows the review; any other section edits just that
 * one and returns to the review. Every answer is saved at once, so leaving midway loses nothing.
 */
export async function campaignCompose(
  conversation: CampaignConversation,
  ctx: ConversationContext,
  campaignId: number | null,
  section: ComposeSection,
): Promise<void> {
  const user = ctx.user;
  const from = ctx.from;
  if (!user || !from) return;
  const dialog = new Dialog(conversation, ctx, user.id);
  let id = campaignId;
  if (id === null) {
    const name = await askName(dialog);
    id = (await dialog.must((c) => c.service.createDraft(user.id, name))).id;
  } else if (section === 'name') {
    const name = await askName(dialog);
    await dialog.must((c) => c.service.update(user.id, id!, { name }));
  }
  const campaign = id;
  const progressKey = draftProgressKey(campaign, from.id);

  if (section === 'guided') {
    const done = await dialog.must(async (_c, s) => (await s.botState.read<GuidedSection>(progressKey)) ?? null);
    const start = done === null ? 0 : GUIDED_ORDER.indexOf(done) + 1;
    for (const step of GUIDED_ORDER.slice(start)) {
      await runSection(dialog, campaign, step);
      await dialog.must((_c, s) => s.botState.write(progressKey, step));
    }
  } else if (section !== 'name') {
    await runSection(dialog, campaign, section);
  }
  const review = await dialog.must((c) => loadReview(c, user.id, campaign));
  await showReview(ctx, review, 'reply');
}

async function runSection(dialog: Dialog, id: number, section: GuidedSection): Promise<void> {
  const view = await dialog.must((c) => c.service.get(dialog.userId, id));
  switch (section) {
    case 'channel':
      return askChannel(dialog, view);
    case 'accounts':
      return askAccounts(dialog, view);
    case 'audience':
      return askAudience(dialog, view);
    case 'template':
      return editTemplate(dialog, view, 1);
    case 'followups':
      return editFollowUps(dialog, view);
    case 'schedule':
      return editSchedule(dialog, view);
  }
}

async function askName(dialog: Dialog): Promise<string> {
  await dialog.say(dialog.t('campaign-compose-name'));
  for (;;) {
    const answer = await dialog.answer();
    const name = answer.kind === 'text' ? parseCampaignName(answer.text) : null;
    if (name !== null) return name;
    await dialog.say(dialog.t('campaign-compose-name-invalid'));
  }
}

async function askChannel(dialog: Dialog, view: CampaignView): Promise<void> {
  const t = dialog.t;
  await dialog.say(
    t('campaign-compose-channel'),
    choiceKeyboard([
      { label: t('campaign-compose-channel-telegram'), choice: 'channel', value: 'telegram' },
      { label: t('campaign-compose-channel-whatsapp'), choice: 'channel', value: 'whatsapp' },
      { label: t('campaign-compose-channel-any'), choice: 'channel', value: 'any' },
    ]),
  );
  const channel = (await dialog.button(['channel'])).value as Channel;
  let preferred = view.preferredChannel;
  if (channel === 'any') {
    await dialog.say(
      t('campaign-compose-preferred'),
      choiceKeyboard([
        { label: platformName('telegram'), choice: 'preferred', value: 'telegram' },
        { label: platformName('whatsapp'), choice: 'preferred', value: 'whatsapp' },
      ]),
    );
    preferred = (await dialog.button(['preferred'])).value === 'whatsapp' ? 'whatsapp' : 'telegram';
  } else if (channel === 'telegram' || channel === 'whatsapp') {
    preferred = channel;
  }
  const safeChannel: Channel = channel === 'telegram' || channel === 'whatsapp' ? channel : 'any';
  // Accounts of the other platform no longer fit: keep only those that still can send.
  const accounts = await dialog.must((c) => c.directory.accounts(dialog.userId));
  const fitting = new Set(accounts.filter((a) => safeChannel === 'any' || a.platform === safeChannel).map((a) => a.id));
  const accountIds = view.accountIds.filter((accountId) => fitting.has(accountId));
  await dialog.must((c) => c.service.update(dialog.userId, view.id, { channel: safeChannel, preferredChannel: preferred, accountIds }));
}

async function askAccounts(dialog: Dialog, view: CampaignView): Promise<void> {
  const t = dialog.t;
  const all = await dialog.must((c) => c.directory.accounts(dialog.userId));
  const options = all.filter((a) => a.status !== 'disconnected' && (view.channel === 'any' || a.platform === view.channel));
  if (options.length === 0) {
    const channel = view.channel === 'any' ? `${platformName('telegram')}/${platformName('whatsapp')}` : platformName(view.channel);
    await dialog.say(t('campaign-compose-accounts-none', { channel }));
    await dialog.conversation.halt();
  }
  const selected = new Set(view.accountIds.filter((accountId) => options.some((a) => a.id === accountId)));
  const keyboard = () =>
    toggleKeyboard(t, 'acc', options.map((a) => ({ label: `${platformName(a.platform)} · ${a.label}`, value: a.id, on: selected.has(a.id) })));
  await dialog.say(t('campaign-compose-accounts'), keyboard());
  for (;;) {
    const pressed = await dialog.button(['acc', 'acc-done']);
    if (pressed.choice === 'acc-done') {
      if (selected.size > 0) break;
      await dialog.say(t('campaign-compose-accounts-empty'));
      continue;
    }
    const accountId = Number(pressed.value);
    if (!options.some((a) => a.id === accountId)) continue;
    if (selected.has(accountId)) selected.delete(accountId);
    else selected.add(accountId);
    await dialog.refresh(pressed, keyboard());
  }
  const accountIds = [...selected];
  await dialog.must((c) => c.service.update(dialog.userId, view.id, { accountIds }));
}

async function askAudience(dialog: Dialog, view: CampaignView): Promise<void> {
  const t = dialog.t;
  const { lists, tags } = await dialog.must(async (c) => ({ lists: await c.directory.lists(dialog.userId), tags: await c.directory.tags(dialog.userId) }));
  const listIds = new Set(view.audience.listIds.filter((listId) => lists.some((l) => l.id === listId)));
  const included = new Set(view.audience.tags.filter((tag) => tags.some((x) => x.tag === tag)));
  const excluded = new Set(view.audience.excludeTags.filter((tag) => tags.some((x) => x.tag === tag)));
  // Tags travel as their index: a tag's text may not fit callback data.
  const include = () =>
    toggleKeyboard(t, 'aud', [
      ...lists.map((l) => ({ label: t('campaign-compose-list', { name: l.name, size: l.size }), value: `l${l.id}`, on: listIds.has(l.id) })),
      ...tags.map((x, i) => ({ label: t('campaign-compose-tag', { tag: x.tag, count: x.count }), value: `t${i}`, on: included.has(x.tag) })),
    ]);
  await dialog.say(t('campaign-compose-audience'), include());
  await toggleUntilDone(dialog, 'aud', include, (value) => {
    if (value.startsWith('l')) toggle(listIds, lists.find((l) => `l${l.id}` === value)?.id);
    else toggle(included, tags[Number(value.slice(1))]?.tag);
  });
  if (tags.length > 0) {
    const exclude = () => toggleKeyboard(t, 'exc', tags.map((x, i) => ({ label: t('campaign-compose-tag', { tag: x.tag, count: x.count }), value: i, on: excluded.has(x.tag) })));
    await dialog.say(t('campaign-compose-audience-exclude'), exclude());
    await toggleUntilDone(dialog, 'exc', exclude, (value) => toggle(excluded, tags[Number(value)]?.tag));
  }
  const audience = { listIds: [...listIds], tags: [...included], excludeTags: [...excluded] };
  const report = await dialog.must(async (c) => {
    await c.service.update(dialog.userId, view.id, { audience });
    return c.service.audience(dialog.userId, view.id);
  });
  await dialog.say(
    t('campaign-compose-audience-report', {
      matched: report.matched,
      telegram: report.reachable.telegram,
      whatsapp: report.reachable.whatsapp,
      optedOut: report.optedOut,
      alreadyContacted: report.alreadyContacted,
    }),
  );
}

function toggle<T>(set: Set<T>, value: T | undefined): void {
  if (value === undefined) return;
  if (set.has(value)) set.delete(value);
  else set.add(value);
}

async function toggleUntilDone(dialog: Dialog, choice: string, keyboard: () => ReturnType<typeof toggleKeyboard>, onToggle: (value: string) => void): Promise<void> {
  for (;;) {
    const pressed = await dialog.button([choice, `${choice}-done`]);
    if (pressed.choice !== choice) return;
    onToggle(pressed.value);
    await dialog.refresh(pressed, keyboard());
  }
}
