import { InlineKeyboard } from 'grammy';
import type { CampaignStatus, CampaignSummary } from '../../core/campaigns/campaign.types.js';
import {
  campaignActionData,
  campaignComposeData,
  campaignListData,
  campaignNewData,
  campaignOverallData,
  composerData,
  type CampaignAction,
} from '../callback-data/campaigns.js';
import { menuData } from '../callback-data/menu.js';
import type { Translate } from '../features/campaign-format.js';

const STATUS_ICONS: Record<CampaignStatus, string> = {
  draft: '✏️',
  scheduled: '🕒',
  running: '▶️',
  paused: '⏸',
  completed: '✅',
  cancelled: '✖️',
};

export function statusIcon(status: CampaignStatus): string {
  return STATUS_ICONS[status];
}

/** The campaigns list: one button per campaign, paging, new campaign, continue the newest draft. */
export function campaignListKeyboard(t: Translate, items: CampaignSummary[], page: number, pages: number): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const draft = items.find((item) => item.status === 'draft');
  if (draft) keyboard.text(t('campaigns-continue-draft', { name: draft.name }), campaignComposeData.pack({ section: 'guided', id: draft.id })).row();
  keyboard.text(t('campaigns-new'), campaignNewData.pack({})).row();
  for (const item of items) {
    const label = t('campaigns-list-item', { icon: statusIcon(item.status), name: item.name, sent: item.counts.sent + item.counts.replied, total: item.counts.total });
    keyboard.text(label, campaignActionData.pack({ action: 'open', id: item.id })).row();
  }
  if (page > 0) keyboard.text(t('campaigns-page-prev'), campaignListData.pack({ page: page - 1 }));
  if (page + 1 < pages) keyboard.text(t('campaigns-page-next'), campaignListData.pack({ page: page + 1 }));
  if (page > 0 || page + 1 < pages) keyboard.row();
  keyboard.text(t('campaigns-overall-stats'), campaignOverallData.pack({})).row();
  return keyboard.text(t('menu-back'), menuData.pack({ section: 'home' }));
}

/** The actions a campaign in `status` allows, as card buttons. */
export function campaignCardKeyboard(t: Translate, id: number, status: CampaignStatus): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const button = (key: string, action: CampaignAction) => keyboard.text(t(key), campaignActionData.pack({ action, id }));
  switch (status) {
    case 'draft':
      keyboard.text(t('campaign-edit'), campaignComposeData.pack({ section: 'guided', id }));
      button('campaign-review', 'review').row();
      break;
    case 'scheduled':
    case 'running':
      button('campaign-pause', 'pause').row();
      break;
    case 'paused':
      button('campaign-resume', 'resume');
      button('campaign-edit', 'edit').row();
      break;
    case 'completed':
    case 'cancelled':
      break;
  }
  if (status !== 'draft') {
    button('campaign-stats', 'stats');
    button('campaign-export', 'export').row();
  }
  button('campaign-duplicate', 'duplicate');
  if (status !== 'completed' && status !== 'cancelled') button('campaign-cancel', 'cancel');
  return keyboard.row().text(t('campaigns-back'), campaignListData.pack({ page: 0 }));
}

/** The review screen: edit any section, launch, back. Paused campaigns may edit message and schedule only. */
export function reviewKeyboard(t: Translate, id: number, status: CampaignStatus): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const edit = (key: string, section: 'name' | 'channel' | 'accounts' | 'audience' | 'template' | 'followups' | 'schedule') =>
    keyboard.text(t(key), campaignComposeData.pack({ section, id }));
  if (status === 'draft') {
    edit('campaign-edit-name', 'name');
    edit('campaign-edit-channel', 'channel');
    edit('campaign-edit-accounts', 'accounts').row();
    edit('campaign-edit-audience', 'audience');
  }
  edit('campaign-edit-template', 'template');
  edit('campaign-edit-followups', 'followups').row();
  edit('campaign-edit-schedule', 'schedule').row();
  if (status === 'draft') keyboard.text(t('campaign-launch'), campaignActionData.pack({ action: 'launch', id })).row();
  if (status === 'paused') keyboard.text(t('campaign-resume'), campaignActionData.pack({ action: 'resume', id })).row();
  return keyboard.text(t('campaigns-back'), campaignListData.pack({ page: 0 }));
}

/** Cancel confirmation. */
export function cancelConfirmKeyboard(t: Translate, id: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('campaign-cancel-yes'), campaignActionData.pack({ action: 'cancel-yes', id }))
    .text(t('campaign-cancel-no'), campaignActionData.pack({ action: 'open', id }));
}

/** Back to one campaign's card. */
export function backToCampaignKeyboard(t: Translate, id: number): InlineKeyboard {
  return new InlineKeyboard().text(t('campaigns-back'), campaignActionData.pack({ action: 'open', id }));
}

/** Back to the campaigns list. */
export function backToListKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t('campaigns-back'), campaignListData.pack({ page: 0 }));
}

/** One option of a toggle keyboard. */
export interface ToggleOption {
  label: string;
  value: string | number;
  on: boolean;
}

/** Options toggled by tapping (✅ marks the selected ones), then a Done button (`<choice>-done`). */
export function toggleKeyboard(t: Translate, choice: string, options: ToggleOption[], perRow = 1): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  options.forEach((option, index) => {
    keyboard.text(`${option.on ? '✅ ' : ''}${option.label}`, composerData.pack({ choice, value: option.value }));
    if ((index + 1) % perRow === 0) keyboard.row();
  });
  return keyboard.row().text(t('campaign-compose-done'), composerData.pack({ choice: `${choice}-done`, value: 0 }));
}

/** Plain choice buttons inside the composer, one row. */
export function choiceKeyboard(buttons: { label: string; choice: string; value?: string | number }[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const button of buttons) keyboard.text(button.label, composerData.pack({ choice: button.choice, value: button.value ?? 0 }));
  return keyboard;
}
