import { describe, expect, it } from 'vitest';
import { parseTemplate, renderTemplate, usedFields, variationSeed } from '../../../core/campaigns/template/index.js';
import type { Template, TemplateContact } from '../../../core/campaigns/template/index.js';

function parse(source: string, customKeys: string[] = []): Template {
  const result = parseTemplate(source, { customKeys });
  if (!result.ok) throw new Error('unexpected parse errors');
  return result.template;
}

const ann: TemplateContact = {
  firstName: 'Ann',
  lastName: 'Lee',
  company: 'Acme',
  custom: { plan: 'Pro', 'Deal Stage': 'won' },
};

describe('renderTemplate', () => {
  it('fills standard fields, the derived full name and custom columns', () => {
    const template = parse('{full_name} of {company}: {plan} / {deal_stage}', ['plan', 'deal_stage']);
    expect(renderTemplate(template, ann, 'seed')).toBe('Ann Lee of Acme: Pro / won');
  });

  it('uses the fallback only when the value is missing or blank', () => {
    const template = parse('Hi {first_name|there}!');
    expect(renderTemplate(template, ann, 'seed')).toBe('Hi Ann!');
    expect(renderTemplate(template, { firstName: '   ' }, 'seed')).toBe('Hi there!');
    expect(renderTemplate(template, {}, 'seed')).toBe('Hi there!');
  });

  it('renders an empty variable without fallback as nothing', () => {
    expect(renderTemplate(parse('[{company}]'), {}, 'seed')).toBe('[]');
  });

  it('renders the same text for the same seed, so a retry sends identical words', () => {
    const template = parse('{Hi|Hello|Hey} {first_name|there}, {see you|bye|cheers}');
    const seed = variationSeed('step-7', 'contact-42');
    const first = renderTemplate(template, ann, seed);
    for (let i = 0; i < 5; i += 1) expect(renderTemplate(template, ann, seed)).toBe(first);
  });

  it('spreads alternatives evenly across recipients', () => {
    const template = parse('{A|B|C}');
    const counts = new Map<string, number>();
    for (let contact = 1; contact <= 3000; contact += 1) {
      const text = renderTemplate(template, {}, variationSeed('step-1', contact));
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['A', 'B', 'C']);
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(80);
  });

  it('chooses each variation independently of the others', () => {
    const template = parse('{a|b}{a|b}');
    const texts = new Set<string>();
    for (let contact = 0; contact < 200; contact += 1) texts.add(renderTemplate(template, {}, `s:${contact}`));
    expect([...texts].sort()).toEqual(['aa', 'ab', 'ba', 'bb']);
  });

  it('renders nested variations and variables inside the chosen alternative', () => {
    const template = parse('{Hello {first_name|there}|Hello {first_name|there}}!');
    expect(renderTemplate(template, ann, 'x')).toBe('Hello Ann!');
    expect(renderTemplate(template, {}, 'x')).toBe('Hello there!');
  });
});

describe('usedFields', () => {
  it('lists each field once and says whether it is used anywhere without a fallback', () => {
    const template = parse('{first_name|there} {company} {plan} {first_name}', ['plan']);
    expect(usedFields(template)).toEqual([
      { name: 'first_name', custom: false, withoutFallback: true, position: { line: 1, column: 1 } },
      { name: 'company', custom: false, withoutFallback: true, position: { line: 1, column: 20 } },
      { name: 'plan', custom: true, withoutFallback: true, position: { line: 1, column: 30 } },
    ]);
  });

  it('finds fields inside variations and fallbacks', () => {
    const names = usedFields(parse('{Hi {first_name}|Hey} {company|{city|there}}')).map((f) => [f.name, f.withoutFallback]);
    expect(names).toEqual([
      ['first_name', true],
      ['company', false],
      ['city', false],
    ]);
  });
});
