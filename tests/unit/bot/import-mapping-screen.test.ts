import { describe, expect, it } from 'vitest';
import { mappingScreen, type InspectedFile } from '../../../bot/conversations/contact-import-screens.js';
import { createI18n } from '../../../bot/i18n/i18n.js';
import { detectMapping } from '../../../core/contacts/import/column-mapping.js';

const i18n = createI18n();
const t = ((key: string, vars?: Record<string, string | number>) => i18n.t('en', key, vars)) as Parameters<typeof mappingScreen>[0];

describe('the column mapping screen', () => {
  it('shows the columns that matter in a wide export and says how many it leaves out', () => {
    // An Outlook-like export: 60 columns, most of them empty.
    const headers = ['First Name', 'Last Name', ...Array.from({ length: 55 }, (_, i) => `Extra ${i + 1}`), 'Mobile Phone', 'E-mail Address', 'Notes'];
    const sample = [
      ['Anna', 'Petrova', ...Array.from({ length: 55 }, () => ''), '+7 916 123-45-67', 'anna@example.com', 'met at the expo'],
      ['Boris', 'Ivanov', ...Array.from({ length: 55 }, (_, i) => (i === 3 ? 'VIP' : '')), '+7 916 765-43-21', '', ''],
    ];
    const mapping = detectMapping(headers, sample);
    const file: InspectedFile = { format: 'csv', sheets: [], sheet: null, sample, mapping };
    const { text, keyboard } = mappingScreen(t, 'outlook.csv', file, mapping, null);
    const shown = keyboard.inline_keyboard.flat().map((button) => button.text).filter((label) => /^\d+\./.test(label));
    expect(shown.map((label) => label.split('.')[0])).toEqual(['1', '2', '6', '58', '59', '60']);
    expect(text).toContain('54 more columns are not shown');
    // The preview shows the values of the shown columns, not a run of empty cells.
    expect(text).toContain('Anna | Petrova |  | +7 916 123-45-67 | anna@example.com');
  });

  it('asks for the default country only when numbers without a country code have none', () => {
    const screen = (rows: string[][], country: string | null): string => {
      const headers = ['Name', 'Phone', 'Country'];
      const mapping = detectMapping(headers, rows);
      return mappingScreen(t, 'list.csv', { format: 'csv', sheets: [], sheet: null, sample: rows, mapping }, mapping, country).text;
    };
    const warning = 'Some phone numbers have no country code';
    expect(screen([['Anna', '8 916 123-45-67', '']], null)).toContain(warning);
    // A long number whose "+" was dropped is only a guess without a country: asked too.
    expect(screen([['Anna', '79161234567', '']], null)).toContain(warning);
    expect(screen([['Anna', '8 916 123-45-67', '']], 'RU')).not.toContain(warning);
    expect(screen([['Anna', '8 916 123-45-67', 'Россия']], null)).not.toContain(warning);
    expect(screen([['Anna', '+7 916 123-45-67', ''], ['Bob', '0049 30 1234567', '']], null)).not.toContain(warning);
  });

  it('stays within Telegram’s 4,096 characters for a survey export with long questions as headers', () => {
    const headers = ['Phone', ...Array.from({ length: 39 }, (_, i) => `Question ${i + 1}: what do you think about the product & our service overall?`)];
    const row = ['8 916 123-45-67', ...Array.from({ length: 39 }, () => 'Some answer text that is long enough <really>')];
    const mapping = detectMapping(headers, [row, row, row]);
    const file: InspectedFile = { format: 'xlsx', sheets: ['Form', 'Responses'], sheet: 'Form Responses 1 (long name)', sample: [row, row, row], mapping };
    for (const view of [{ page: null }, { page: 0 }, { page: 1 }]) {
      const { text } = mappingScreen(t, `${'survey '.repeat(12)}.xlsx`, file, mapping, null, view);
      const visible = text.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      expect(visible.length).toBeLessThanOrEqual(4096);
    }
  });
});
