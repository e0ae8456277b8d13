import { describe, expect, it } from 'vitest';
import { parseTemplate, validateTemplate } from '../../../core/campaigns/template/index.js';
import type { TemplateContact, TemplateIssue } from '../../../core/campaigns/template/index.js';

const codes = (issues: readonly TemplateIssue[]): string[] => issues.map((issue) => issue.code);

describe('validateTemplate', () => {
  it('accepts a clean template', () => {
    expect(validateTemplate('{Hi|Hello} {first_name|there}!', { platform: 'telegram' })).toEqual({ ok: true, issues: [] });
  });

  it('rejects a blank template', () => {
    expect(codes(validateTemplate('  \n ', { platform: 'telegram' }).issues)).toEqual(['TEMPLATE_EMPTY']);
  });

  it('reports unbalanced braces from the text with their positions', () => {
    const result = validateTemplate('Hi}\n{first_name', { platform: 'telegram' });
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.code, i.line, i.column])).toEqual([
      ['TEMPLATE_UNEXPECTED_CLOSING_BRACE', 1, 3],
      ['TEMPLATE_UNCLOSED_BRACE', 2, 1],
    ]);
  });

  it('reports an unknown variable with the closest known field as a suggestion', () => {
    const result = validateTemplate('Hi {frist_name}, {plann}', { platform: 'telegram', knownFields: ['plan'] });
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual([
      { code: 'TEMPLATE_UNKNOWN_VARIABLE', severity: 'error', line: 1, column: 4, data: { name: 'frist_name', suggestion: 'first_name' } },
      { code: 'TEMPLATE_UNKNOWN_VARIABLE', severity: 'error', line: 1, column: 18, data: { name: 'plann', suggestion: 'plan' } },
    ]);
  });

  it('knows custom keys when validating text, so {plan|basic} is a variable and not a variation', () => {
    expect(validateTemplate('{plan|basic}', { platform: 'telegram', knownFields: ['plan'] }).issues).toEqual([]);
    expect(codes(validateTemplate('{plan}', { platform: 'telegram' }).issues)).toEqual(['TEMPLATE_UNKNOWN_VARIABLE']);
  });

  it('reports empty alternatives, empty braces and braces around plain text', () => {
    const result = validateTemplate('{Hi||Hey} {} {just text}', { platform: 'telegram' });
    expect(result.issues.map((i) => [i.code, i.column, i.data])).toEqual([
      ['TEMPLATE_EMPTY_ALTERNATIVE', 1, { alternative: 2 }],
      ['TEMPLATE_EMPTY_BRACES', 11, {}],
      ['TEMPLATE_SINGLE_ALTERNATIVE', 14, { text: 'just text' }],
    ]);
    expect(result.ok).toBe(false);
  });

  it('warns, without failing, about an empty fallback', () => {
    const result = validateTemplate('Hi{first_name|}!', { platform: 'telegram' });
    expect(result).toEqual({
      ok: true,
      issues: [{ code: 'TEMPLATE_EMPTY_ALTERNATIVE', severity: 'warning', line: 1, column: 3, data: { alternative: 2 } }],
    });
  });

  it('warns that a variation whose first alternative looks like a mistyped field may be a variable', () => {
    const result = validateTemplate('{frist_name|there} {Hi|Hello}', { platform: 'telegram' });
    expect(result.ok).toBe(true);
    expect(result.issues).toEqual([
      { code: 'TEMPLATE_POSSIBLE_VARIABLE', severity: 'warning', line: 1, column: 1, data: { name: 'frist_name', suggestion: 'first_name' } },
    ]);
  });

  it('counts the sample recipients for whom a variable without fallback is empty', () => {
    const contacts: TemplateContact[] = [{ company: 'Acme' }, {}, { company: ' ' }, { company: 'Initech' }];
    const result = validateTemplate('Hello {company} and {first_name|friend}', { platform: 'telegram', sampleContacts: contacts });
    expect(result.ok).toBe(true);
    expect(result.issues).toEqual([
      { code: 'TEMPLATE_EMPTY_VARIABLE', severity: 'warning', line: 1, column: 7, data: { name: 'company', emptyCount: 2, sampleSize: 4 } },
    ]);
  });

  it('counts a variable inside a fallback only for recipients who reach that fallback', () => {
    const contacts: TemplateContact[] = [{ company: 'Acme' }, { city: 'Oslo' }, {}];
    const result = validateTemplate('{company|{city}}', { platform: 'telegram', sampleContacts: contacts });
    expect(result.issues.map((i) => i.data)).toEqual([{ name: 'city', emptyCount: 1, sampleSize: 3 }]);
  });

  it('reports audience-wide empty counts computed in SQL for the fields usedFields lists', () => {
    const result = validateTemplate('Hi {first_name}', {
      platform: 'telegram',
      audience: { size: 10_000, emptyCounts: { first_name: 1_234 } },
    });
    expect(result.issues.map((i) => [i.code, i.data])).toEqual([
      ['TEMPLATE_EMPTY_VARIABLE', { name: 'first_name', emptyCount: 1_234, sampleSize: 10_000 }],
    ]);
  });

  it('takes the longest variation and the longest field value for the length limit', () => {
    const long = 'x'.repeat(4000);
    const template = `{short|${long}} {company}`;
    const fits = validateTemplate(template, { platform: 'telegram', sampleContacts: [{ company: 'y'.repeat(95) }] });
    expect(fits.ok).toBe(true);

    const tooLong = validateTemplate(template, {
      platform: 'telegram',
      sampleContacts: [{ company: 'Acme' }, { company: 'y'.repeat(96) }],
    });
    expect(tooLong.ok).toBe(false);
    expect(tooLong.issues).toEqual([
      { code: 'TEMPLATE_TOO_LONG', severity: 'error', line: 1, column: 1, data: { length: 4097, contactIndex: 1, limit: 4096, platform: 'telegram' } },
    ]);
    expect(validateTemplate(template, { platform: 'whatsapp', sampleContacts: [{ company: 'y'.repeat(96) }] }).ok).toBe(true);
  });

  it('counts length in UTF-16 units and uses fallbacks when no contacts are given', () => {
    const emoji = '😀'.repeat(2048); // 4096 UTF-16 units
    expect(validateTemplate(emoji, { platform: 'telegram' }).ok).toBe(true);
    const result = validateTemplate(`${emoji}{first_name|!}`, { platform: 'telegram' });
    expect(result.issues.map((i) => [i.code, i.data])).toEqual([
      ['TEMPLATE_TOO_LONG', { length: 4097, contactIndex: -1, limit: 4096, platform: 'telegram' }],
    ]);
  });

  it('validates an already parsed template the same way as its text', () => {
    const parsed = parseTemplate('{Hi||Hey} {nope}');
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(validateTemplate(parsed.template, { platform: 'telegram' })).toEqual(
        validateTemplate('{Hi||Hey} {nope}', { platform: 'telegram' }),
      );
    }
  });
});
