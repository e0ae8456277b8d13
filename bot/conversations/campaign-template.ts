import type { CampaignView, Issue, StepInput } from '../../core/campaigns/campaign.types.js';
import { issueList } from '../features/campaign-format.js';
import { parseFollowUpDelay } from '../features/campaign-input.js';
import { choiceKeyboard } from '../keyboards/campaigns.js';
import type { Dialog } from './campaign-dialog.js';
import { escapeHtml } from '../features/html-text.js';

/** Template problems of one step: from `validate`, or from a refused `setSteps` (issues without a step). */
function stepIssues(issues: unknown[], position: number): Issue[] {
  return issues
    .filter((issue): issue is Issue => typeof issue === 'object' && issue !== null && 'code' in issue)
    .map((issue) => ({ ...issue, step: issue.step ?? position }))
    .filter((issue) => issue.step === position);
}

/**
 * Asks for the text of step `position` until it has no errors (warnings may be accepted), saving every
 * version typed; then shows a preview and, for the first step, offers a test message to the user.
 */
export async function editTemplate(dialog: Dialog, view: CampaignView, position: number, delaySeconds = 0): Promise<void> {
  const t = dialog.t;
  const existing = view.steps.find((step) => step.position === position);
  await dialog.say(t('campaign-compose-template', { step: position }));
  if (existing) {
    await dialog.say(
      `${t('campaign-compose-template-current', { step: position })}\n<code>${escapeHtml(existing.template)}</code>`,
      choiceKeyboard([{ label: t('campaign-compose-keep'), choice: 'tpl-keep' }]),
    );
  }
  for (;;) {
    const answer = await dialog.answer();
    if (answer.kind === 'button') {
      if (answer.choice === 'tpl-keep' && existing) break;
      await dialog.say(t('campaign-compose-press-button'));
      continue;
    }
    const steps: StepInput[] = view.steps.filter((step) => step.position < position).map(({ template, delaySeconds: delay }) => ({ template, delaySeconds: delay }));
    steps.push({ template: answer.text, delaySeconds: existing?.delaySeconds ?? delaySeconds });
    steps.push(...view.steps.filter((step) => step.position > position).map(({ template, delaySeconds: delay }) => ({ template, delaySeconds: delay })));
    const outcome = await dialog.run(async (c) => {
      await c.service.setSteps(dialog.userId, view.id, steps);
      return c.service.validate(dialog.userId, view.id);
    });
    if (!outcome.ok) {
      const issues = stepIssues(outcome.issues, position);
      if (issues.length === 0) await dialog.fail(outcome.code);
      await dialog.say(`${t('campaign-compose-template-errors')}\n${issueList(t, issues)}`);
      continue;
    }
    const errors = stepIssues(outcome.value.errors, position).filter((issue) => issue.code.startsWith('TEMPLATE_'));
    if (errors.length > 0) {
      await dialog.say(`${t('campaign-compose-template-errors')}\n${issueList(t, errors)}`);
      continue;
    }
    const warnings = stepIssues(outcome.value.warnings, position).filter((issue) => issue.code.startsWith('TEMPLATE_'));
    if (warnings.length === 0) {
      await dialog.say(t('campaign-compose-template-ok'));
      break;
    }
    await dialog.say(
      `${t('campaign-compose-template-warnings')}\n${issueList(t, warnings)}`,
      choiceKeyboard([
        { label: t('campaign-compose-template-accept'), choice: 'tpl-accept' },
        { label: t('campaign-compose-template-retype'), choice: 'tpl-retype' },
      ]),
    );
    if ((await dialog.button(['tpl-accept', 'tpl-retype'])).choice === 'tpl-accept') break;
    await dialog.say(t('campaign-compose-template', { step: position }));
  }
  await showPreview(dialog, view, position);
}

async function showPreview(dialog: Dialog, view: CampaignView, position: number): Promise<void> {
  const t = dialog.t;
  const samples = await dialog.must((c) => c.service.preview(dialog.userId, view.id, position, 2));
  if (samples.length === 0) await dialog.say(t('campaign-compose-preview-none'));
  for (const sample of samples) {
    await dialog.say(`${t('campaign-compose-preview', { contact: escapeHtml(sample.contactLabel) })}\n\n${escapeHtml(sample.text)}`);
  }
  if (position !== 1) return;
  const accounts = await dialog.must((c) => c.directory.accounts(dialog.userId));
  const sender = accounts.find((a) => a.platform === 'telegram' && a.status === 'active' && view.accountIds.includes(a.id));
  if (!sender) return;
  for (;;) {
    await dialog.say(
      t('campaign-compose-test-offer'),
      choiceKeyboard([
        { label: t('campaign-compose-send-test'), choice: 'tpl-test', value: sender.id },
        { label: t('campaign-compose-done'), choice: 'tpl-next' },
      ]),
    );
    if ((await dialog.button(['tpl-test', 'tpl-next'])).choice === 'tpl-next') return;
    const sent = await dialog.run((c) => c.service.sendTest(dialog.userId, view.id, sender.id));
    await dialog.say(sent.ok ? t('campaign-compose-test-sent', { account: escapeHtml(sender.label) }) : t('campaign-compose-test-failed', { reason: sent.code }));
  }
}

/** Adds or removes follow-up steps (each with its delay after the previous step and its own template). */
export async function editFollowUps(dialog: Dialog, initial: CampaignView): Promise<void> {
  const t = dialog.t;
  let view = initial;
  for (;;) {
    const buttons = [{ label: t('campaign-compose-followup-add'), choice: 'fu-add' }];
    if (view.steps.length > 1) buttons.push({ label: t('campaign-compose-followup-remove'), choice: 'fu-remove' });
    buttons.push({ label: t('campaign-compose-done'), choice: 'fu-done' });
    await dialog.say(`${t('campaign-compose-followups')}\n${t('campaign-compose-followups-count', { count: view.steps.length })}`, choiceKeyboard(buttons));
    const pressed = await dialog.button(['fu-add', 'fu-remove', 'fu-done']);
    if (pressed.choice === 'fu-done') return;
    if (pressed.choice === 'fu-remove' && view.steps.length > 1) {
      const steps = view.steps.slice(0, -1).map(({ template, delaySeconds }) => ({ template, delaySeconds }));
      await dialog.must((c) => c.service.setSteps(dialog.userId, view.id, steps));
    } else if (pressed.choice === 'fu-add') {
      const position = view.steps.length + 1;
      const delay = await askDelay(dialog, position);
      await editTemplate(dialog, view, position, delay);
    }
    view = await dialog.must((c) => c.service.get(dialog.userId, view.id));
  }
}

async function askDelay(dialog: Dialog, position: number): Promise<number> {
  await dialog.say(dialog.t('campaign-compose-followup-delay', { step: position }));
  for (;;) {
    const answer = await dialog.answer();
    const delay = answer.kind === 'text' ? parseFollowUpDelay(answer.text) : null;
    if (delay !== null) return delay;
    await dialog.say(dialog.t('campaign-compose-followup-delay-invalid'));
  }
}
