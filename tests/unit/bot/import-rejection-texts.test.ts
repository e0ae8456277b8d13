import { describe, expect, it } from 'vitest';
import { createI18n } from '../../../bot/i18n/i18n.js';
import { REJECTION_REASONS } from '../../../core/contacts/import/contact-draft.js';

describe('the rejected-rows file', () => {
  it('has a text for every reason a row can be rejected for', () => {
    const i18n = createI18n();
    for (const reason of REJECTION_REASONS) {
      const key = `contacts-reason-${reason}`;
      const text = i18n.t('en', key);
      expect(text, key).not.toBe(`{${key}}`);
      expect(text.length, key).toBeGreaterThan(10);
    }
    // What a missing text would look like.
    expect(i18n.t('en', 'contacts-reason-NO_SUCH_REASON')).toBe('{contacts-reason-NO_SUCH_REASON}');
  });
});
