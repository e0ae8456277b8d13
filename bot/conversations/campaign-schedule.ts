import { SAFE_LIMITS, type CampaignView, type Schedule } from '../../core/campaigns/campaign.types.js';
import { parseTimeZoneInput } from '../../core/users/time-zone-input.js';
import { platformName } from '../features/campaign-format.js';
import { parseDelayRange, parseHours, parseLocalDateTime, parseWholeNumber } from '../features/campaign-input.js';
import { choiceKeyboard, toggleKeyboard } from '../keyboards/campaigns.js';
import type { Dialog } from './campaign-dialog.js';
import { escapeHtml } from '../features/html-text.js';

const WEEK = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * Walks the schedule: start (now or a typed date), sending days and hours, time zone, daily cap per
 * account, random pause between messages, optional end date. Each answer is saved at once; going above
 * the safe defaults is allowed with a warning.
 */
export async function editSchedule(dialog: Dialog, view: CampaignView): Promise<void> {
  const t = dialog.t;
  let schedule: Schedule = { ...view.schedule };
  const save = async (patch: Partial<Schedule>): Promise<void> => {
    schedule = { ...schedule, ...patch };
    const next = schedule;
    await dialog.must((c) => c.service.update(dialog.userId, view.id, { schedule: next }));
  };
  const now = async (): Promise<Date> => new Date(await dialog.must(async (_c, s) => s.clock.now().toISOString()));
  const platform = view.channel === 'any' ? `${platformName('telegram')}/${platformName('whatsapp')}` : platformName(view.channel);

  await dialog.say(t('campaign-compose-schedule'));
  await dialog.say(
    t('campaign-compose-start'),
    choiceKeyboard([
      { label: t('campaign-compose-start-now'), choice: 'st-now' },
      { label: t('campaign-compose-start-later'), choice: 'st-later' },
    ]),
  );
  if ((await dialog.button(['st-now', 'st-later'])).choice === 'st-now') {
    await save({ startAt: null });
  } else {
    const zone = schedule.timeZone;
    const from = await now();
    const startAt = await askTyped(dialog, t('campaign-compose-start-ask', { zone }), null, (text) => parseLocalDateTime(text, zone, from), t('campaign-compose-start-invalid'));
    await save({ startAt });
  }

  const days = new Set<number>(schedule.days);
  const dayKeyboard = () => toggleKeyboard(t, 'day', WEEK.map((day) => ({ label: t(`campaign-day-${day}`), value: day, on: days.has(day) })), 7);
  await dialog.say(t('campaign-compose-days'), dayKeyboard());
  for (;;) {
    const pressed = await dialog.button(['day', 'day-done']);
    if (pressed.choice === 'day-done') {
      if (days.size > 0) break;
      await dialog.say(t('campaign-compose-days-empty'));
      continue;
    }
    const day = Number(pressed.value);
    if (!WEEK.includes(day as (typeof WEEK)[number])) continue;
    if (days.has(day)) days.delete(day);
    else days.add(day);
    await dialog.refresh(pressed, dayKeyboard());
  }
  await save({ days: [...days].sort((a, b) => a - b) });

  const hours = await askTyped(
    dialog,
    t('campaign-compose-hours', { zone: schedule.timeZone, from: schedule.hours.from, to: schedule.hours.to }),
    t('campaign-compose-keep'),
    parseHours,
    (input) => t('campaign-compose-hours-invalid', { input: escapeHtml(input.slice(0, 64)) }),
  );
  if (hours !== null) await save({ hours });

  await askZone(dialog, () => schedule, save);

  const cap = await askTyped(
    dialog,
    t('campaign-compose-cap', { safe: SAFE_LIMITS.dailyCapPerAccount, cap: schedule.dailyCapPerAccount }),
    t('campaign-compose-keep'),
    (text) => parseWholeNumber(text, 1, 1000),
    t('campaign-compose-cap-invalid'),
  );
  if (cap !== null) {
    await save({ dailyCapPerAccount: cap });
    if (cap > SAFE_LIMITS.dailyCapPerAccount) await dialog.say(t('campaign-compose-unsafe', { platform }));
  }

  const delay = await askTyped(
    dialog,
    t('campaign-compose-delay', { safe: SAFE_LIMITS.minDelaySeconds, min: schedule.delaySeconds.min, max: schedule.delaySeconds.max }),
    t('campaign-compose-keep'),
    parseDelayRange,
    t('campaign-compose-delay-invalid'),
  );
  if (delay !== null) {
    await save({ delaySeconds: delay });
    if (delay.min < SAFE_LIMITS.minDelaySeconds) await dialog.say(t('campaign-compose-unsafe', { platform }));
  }

  const endZone = schedule.timeZone;
  const earliest = schedule.startAt === null ? await now() : new Date(schedule.startAt);
  const endAt = await askTyped(dialog, t('campaign-compose-end', { zone: endZone }), t('campaign-compose-skip'), (text) => parseLocalDateTime(text, endZone, earliest), t('campaign-compose-end-invalid'));
  await save({ endAt });
}

/**
 * The campaign's time zone (kept, or typed as a city or UTC offset), with a toggle on the same message for
 * sending in each recipient's own local time; the toggle is saved at each press.
 */
async function askZone(dialog: Dialog, current: () => Schedule, save: (patch: Partial<Schedule>) => Promise<void>): Promise<void> {
  const t = dialog.t;
  const keyboard = () =>
    choiceKeyboard([
      { label: t('campaign-compose-keep'), choice: 'keep' },
      { label: t(current().recipientLocalTime ? 'campaign-compose-local-time-on' : 'campaign-compose-local-time-off'), choice: 'local-time' },
    ]);
  await dialog.say(`${t('campaign-compose-zone', { zone: current().timeZone })}\n${t('campaign-compose-local-time-hint')}`, keyboard());
  for (;;) {
    const answer = await dialog.answer();
    if (answer.kind === 'button') {
      if (answer.choice === 'keep') return;
      if (answer.choice === 'local-time') {
        await save({ recipientLocalTime: !current().recipientLocalTime });
        await dialog.refresh(answer, keyboard());
      } else {
        await dialog.say(t('campaign-compose-press-button'));
      }
      continue;
    }
    const zone = parseTimeZoneInput(answer.text);
    if (zone !== null) return save({ timeZone: zone });
    await dialog.say(t('campaign-compose-zone-invalid', { input: escapeHtml(answer.text.slice(0, 64)) }));
  }
}

/**
 * Asks for typed input until `parse` accepts it; with `keepLabel`, a button returns null instead (keep the
 * current value, or skip).
 */
async function askTyped<T>(
  dialog: Dialog,
  prompt: string,
  keepLabel: string | null,
  parse: (text: string) => T | null,
  invalid: string | ((input: string) => string),
): Promise<T | null> {
  await dialog.say(prompt, keepLabel === null ? undefined : choiceKeyboard([{ label: keepLabel, choice: 'keep' }]));
  for (;;) {
    const answer = await dialog.answer();
    if (answer.kind === 'button') {
      if (answer.choice === 'keep' && keepLabel !== null) return null;
      await dialog.say(dialog.t('campaign-compose-press-button'));
      continue;
    }
    const value = parse(answer.text);
    if (value !== null) return value;
    await dialog.say(typeof invalid === 'string' ? invalid : invalid(answer.text));
  }
}
