import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../../core/campaigns/template/index.js';
import type { ParseOptions, Template, TemplateNode } from '../../../core/campaigns/template/index.js';

function parse(source: string, options?: ParseOptions): Template {
  const result = parseTemplate(source, options);
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.template;
}

/** The single group node of a template like `Hi {…}!`. */
function onlyGroup(source: string, options?: ParseOptions): TemplateNode {
  const groups = parse(source, options).nodes.filter((node) => node.kind !== 'text');
  expect(groups).toHaveLength(1);
  return groups[0]!;
}

describe('parseTemplate: variables and variations', () => {
  it('parses a plain variable and a variable with fallback', () => {
    expect(onlyGroup('Hi {first_name}!')).toMatchObject({ kind: 'variable', name: 'first_name', fallback: null });
    expect(onlyGroup('Hi {first_name|there}!')).toMatchObject({
      kind: 'variable',
      name: 'first_name',
      fallback: [{ kind: 'text', value: 'there' }],
    });
  });

  it('matches field names case-insensitively and ignores spaces around the name', () => {
    expect(onlyGroup('{ First_Name |there}')).toMatchObject({ kind: 'variable', name: 'first_name' });
  });

  it('parses a group whose first alternative is not a known field as a variation', () => {
    expect(onlyGroup('{Hi|Hello|Hey}')).toMatchObject({
      kind: 'variation',
      options: [[{ value: 'Hi' }], [{ value: 'Hello' }], [{ value: 'Hey' }]],
    });
  });

  it('treats {City|Town} as the city field with a fallback because city is a known field', () => {
    expect(onlyGroup('{City|Town}')).toMatchObject({ kind: 'variable', name: 'city' });
    expect(onlyGroup('{Town|City}')).toMatchObject({ kind: 'variation' });
  });

  it('decides {plan|basic} by whether plan is a custom key of the audience', () => {
    expect(onlyGroup('{plan|basic}')).toMatchObject({ kind: 'variation' });
    expect(onlyGroup('{plan|basic}', { customKeys: ['Plan'] })).toMatchObject({
      kind: 'variable',
      name: 'plan',
      fallback: [{ kind: 'text', value: 'basic' }],
    });
    expect(onlyGroup('{deal_stage|new}', { customKeys: ['Deal Stage'] })).toMatchObject({ name: 'deal_stage' });
  });

  it('keeps a lone unknown name as a variable so a typo is caught as an unknown variable', () => {
    expect(onlyGroup('{frist_name}')).toMatchObject({ kind: 'variable', name: 'frist_name', fallback: null });
  });

  it('parses a variable with a mistyped name and a fallback as a variation', () => {
    expect(onlyGroup('{frist_name|there}')).toMatchObject({ kind: 'variation' });
  });

  it('nests variables and variations inside alternatives', () => {
    const group = onlyGroup('{Hi|Hello {first_name|there}|Hey}, friend');
    expect(group).toMatchObject({
      kind: 'variation',
      options: [
        [{ kind: 'text', value: 'Hi' }],
        [
          { kind: 'text', value: 'Hello ' },
          { kind: 'variable', name: 'first_name', fallback: [{ kind: 'text', value: 'there' }] },
        ],
        [{ kind: 'text', value: 'Hey' }],
      ],
    });
  });

  it('closes a nested group right before the outer one without an escape ambiguity', () => {
    expect(onlyGroup('{Hello {first_name|there}|Hi}')).toMatchObject({ kind: 'variation' });
    expect(parse('{Hi|Hello {first_name}}').nodes).toHaveLength(1);
  });

  it('turns several fallback alternatives into a variation', () => {
    expect(onlyGroup('{first_name|there|friend}')).toMatchObject({
      kind: 'variable',
      fallback: [{ kind: 'variation', options: [[{ value: 'there' }], [{ value: 'friend' }]] }],
    });
  });

  it('reads backslash escapes as literal characters and keeps other backslashes', () => {
    expect(parse('\\{not a var\\} a\\|b \\\\ C:\\path').nodes).toEqual([
      { kind: 'text', value: '{not a var} a|b \\ C:\\path' },
    ]);
    expect(parse('a | b').nodes).toEqual([{ kind: 'text', value: 'a | b' }]);
  });

  it('gives every variation a distinct index', () => {
    const nodes = parse('{a|b} {c|{d|e}}').nodes;
    const indexes: number[] = [];
    const collect = (list: readonly TemplateNode[]): void => {
      for (const node of list) {
        if (node.kind === 'variation') {
          indexes.push(node.index);
          node.options.forEach(collect);
        }
      }
    };
    collect(nodes);
    expect(new Set(indexes).size).toBe(3);
  });
});

describe('parseTemplate: errors', () => {
  it('reports an unclosed brace at the line and column of the opening brace', () => {
    expect(parseTemplate('Hello\n  {first_name')).toEqual({
      ok: false,
      errors: [{ code: 'TEMPLATE_UNCLOSED_BRACE', severity: 'error', line: 2, column: 3, data: {} }],
    });
  });

  it('reports every stray closing brace, counting emoji as one column', () => {
    const result = parseTemplate('👋 hi}\n}');
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((e) => [e.code, e.line, e.column])).toEqual([
      ['TEMPLATE_UNEXPECTED_CLOSING_BRACE', 1, 5],
      ['TEMPLATE_UNEXPECTED_CLOSING_BRACE', 2, 1],
    ]);
  });

  it('records positions of nodes on later lines', () => {
    const node = onlyGroup('Line one\nline two {company}');
    expect(node).toMatchObject({ position: { line: 2, column: 10 } });
  });
});
