import { describe, expect, it } from 'vitest';
import { emptyCounts } from '../../../core/campaigns/campaign.types.js';
import { parseReplyAction, replyActionData, parseCampaignAction } from '../../../bot/callback-data/campaigns.js';
import { issueText, progressBar } from '../../../bot/features/campaign-format.js';
import { createI18n } from '../../../bot/i18n/i18n.js';
import { campaignRenderers } from '../../../bot/notifications/campaigns.js';

const i18n = createI18n();
const t = (key: string, vars?: Record<string, string | number>) => i18n.t('en', key, vars);
const utc = { language: 'en', timeZone: 'UTC' };

function buttonData(keyboard: { inline_keyboard: { text: string; callback_data?: string }[][] } | undefined): string[] {
  return (keyboard?.inline_keyboard ?? []).flat().map((b) => b.callback_data ?? '');
}

describe('campaign notification renderers', () => {
  it('renders live progress with a bar, the counts and the reply rate', () => {
    const counts = { ...emptyCounts(), queued: 5, sending: 1, sent: 3, replied: 1, failed: 0, skipped: 0, total: 10 };
    const rendered = campaignRenderers['campaign.progress']({ campaignId: 7, name: 'Spring <b>', status: 'running', counts, nextPlannedAt: null }, t, utc);
    expect(rendered.text).toContain('Spring &lt;b&gt;');
    expect(rendered.text).toContain('▓▓▓▓░░░░░░ 40%');
    expect(rendered.text).toContain('Queued 6 · Sent 4 · Failed 0 · Replied 1');
    expect(rendered.text).toContain('Reply rate: 25%');
    expect(buttonData(rendered.keyboard)).toEqual(['cpa:stats-new:7']);
  });

  it('renders a reply with open-contact, opt-out and answer buttons carrying ids only', () => {
    const rendered = campaignRenderers['delivery.reply'](
      { deliveryId: 41, campaignId: 7, campaignName: 'Spring', contactId: 99, contactLabel: 'Ann', accountId: 3, text: 'Yes <please>', optedOut: false },
      t,
      utc,
    );
    expect(rendered.text).toContain('Ann');
    expect(rendered.text).toContain('Yes &lt;please&gt;');
    expect(buttonData(rendered.keyboard)).toEqual(['cpr:contact:99', 'cpr:optout:99', 'cpr:answer:41']);
  });

  it('drops the opt-out button and says so when the reply was a stop word', () => {
    const rendered = campaignRenderers['delivery.reply'](
      { deliveryId: 41, campaignId: 7, campaignName: 'Spring', contactId: 99, contactLabel: 'Ann', accountId: 3, text: 'stop', optedOut: true },
      t,
      utc,
    );
    expect(rendered.text).toContain('stop word');
    expect(buttonData(rendered.keyboard)).not.toContain('cpr:optout:99');
  });

  it('renders the completion summary with the most frequent errors', () => {
    const counts = { ...emptyCounts(), sent: 8, replied: 2, failed: 1, skipped: 1, total: 12 };
    const rendered = campaignRenderers['campaign.completed'](
      { campaignId: 7, name: 'Spring', counts, replyRate: 0.2, topErrors: [{ code: 'PRIVACY_RESTRICTED', count: 1 }], startedAt: null, finishedAt: '2026-12-01T10:00:00Z' },
      t,
      utc,
    );
    expect(rendered.text).toContain('Sent 10 · Replied 2 · Failed 1 · Skipped 1');
    expect(rendered.text).toContain('20%');
    expect(rendered.text).toContain('PRIVACY_RESTRICTED (1)');
  });

  it('explains each account limit action differently', () => {
    const base = { accountId: 3, accountLabel: 'Main', platform: 'telegram' as const, reason: 'PEER_FLOOD' as const, until: '2026-12-01T10:00:00Z', movedDeliveries: 4 };
    const moved = campaignRenderers['account.limited']({ ...base, action: 'moved_to_other_accounts' }, t, utc).text;
    const waiting = campaignRenderers['account.limited']({ ...base, action: 'waiting' }, t, utc).text;
    const paused = campaignRenderers['account.limited']({ ...base, reason: 'FLOOD_WAIT', action: 'paused_until' }, t, utc).text;
    expect(moved).toContain("campaign's other accounts");
    expect(waiting).toContain('wait until then');
    expect(paused).toContain('pauses until 2026-12-01 10:00;');
    expect(new Set([moved, waiting, paused]).size).toBe(3);
  });

  it('says a session restriction happened, until when (or that no end is known), and what became of the queue', () => {
    const base = { accountId: 3, accountLabel: 'Main', platform: 'whatsapp' as const, reason: 'RESTRICTED' as const, until: '2026-12-01T10:00:00Z', movedDeliveries: 4 };
    const moved = campaignRenderers['account.limited']({ ...base, action: 'moved_to_other_accounts', takenOverBy: ['Second', 'Third'] }, t, utc).text;
    const waiting = campaignRenderers['account.limited']({ ...base, action: 'waiting' }, t, utc).text;
    const open = campaignRenderers['account.limited']({ ...base, until: null, action: 'waiting' }, t, utc).text;
    expect(moved).toContain('restricted by WhatsApp until 2026-12-01 10:00');
    expect(moved).toContain("4 queued messages go to the campaign's other accounts");
    expect(moved).toContain('Taken over by Second, Third');
    expect(waiting).toContain('4 messages wait until then');
    expect(open).toContain('no end date given');
    expect(open).toContain('4 queued messages stay queued');
    expect(open).not.toContain('until 2026');
  });

  it('tells what a catch-up re-planned and skipped, and why, mentioning the end date only when it mattered', () => {
    const base = { campaignId: 7, name: 'Spring <b>', replanned: 5, stale: 2, ended: 0, maxAgeHours: 72, followUpMaxAgeHours: 24 };
    const rendered = campaignRenderers['campaign.caught_up'](base, t, utc);
    expect(rendered.text).toContain('Spring &lt;b&gt;');
    expect(rendered.text).toContain('5 messages were re-planned to go out at the normal pace');
    expect(rendered.text).toContain('2 messages were skipped as too late: overdue by more than 72 h (follow-ups: 24 h)');
    expect(rendered.text).not.toContain('end date');
    expect(buttonData(rendered.keyboard)).toEqual(['cpa:stats-new:7']);
    const ended = campaignRenderers['campaign.caught_up']({ ...base, replanned: 1, stale: 1, ended: 3 }, t, utc).text;
    expect(ended).toContain('One message was re-planned');
    expect(ended).toContain('One message was skipped as too late');
    expect(ended).toContain("3 messages were skipped because no sending time is left before the campaign's end date.");
  });
});

describe('campaign issue texts', () => {
  it('states where a template problem is and what it is, with a suggestion', () => {
    const text = issueText(t, { code: 'TEMPLATE_UNKNOWN_VARIABLE', step: 1, line: 2, column: 7, data: { name: 'frist_name', suggestion: 'first_name' } });
    expect(text).toBe('Step 1, line 2, column 7: There is no field “frist_name”. Did you mean “first_name”?');
  });

  it('words empty variables with their counts and unbalanced braces with the escape hint', () => {
    expect(issueText(t, { code: 'TEMPLATE_EMPTY_VARIABLE', step: 2, line: 1, column: 4, data: { name: 'company', emptyCount: 3, sampleSize: 10 } })).toContain(
      '“company” is empty for 3 of 10 recipients',
    );
    expect(issueText(t, { code: 'TEMPLATE_UNCLOSED_BRACE', step: 1, line: 1, column: 5, data: {} })).toContain('is never closed');
  });

  it('shows an unknown code by name instead of failing', () => {
    expect(issueText(t, { code: 'CAMPAIGN_SOMETHING_NEW', data: {} })).toContain('CAMPAIGN_SOMETHING_NEW');
  });

  it('draws an empty bar for an empty campaign and a full one when everything is finished', () => {
    expect(progressBar(emptyCounts())).toBe('░'.repeat(10));
    expect(progressBar({ ...emptyCounts(), sent: 2, failed: 1, skipped: 1, total: 4 })).toBe('▓'.repeat(10));
  });
});

describe('campaign callback data', () => {
  it('refuses forged or malformed ids and unknown actions', () => {
    expect(parseReplyAction(replyActionData.pack({ action: 'answer', id: 5 }))).toEqual({ action: 'answer', id: 5 });
    expect(parseReplyAction('cpr:answer:-1')).toBeNull();
    expect(parseReplyAction('cpr:delete:5')).toBeNull();
    expect(parseCampaignAction('cpa:launch:1e3')).toBeNull();
    expect(parseCampaignAction('cpa:launch:99999999999')).toBeNull();
    expect(parseCampaignAction('cpa:launch:12')).toEqual({ action: 'launch', id: 12 });
  });
});
