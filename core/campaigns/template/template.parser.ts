import { bareIdentifier } from './template.analysis.js';
import { isStandardField, normalizeFieldKey } from './template-fields.js';
import type { SourcePosition, Template, TemplateIssue, TemplateIssueCode, TemplateNode } from './template.types.js';

/** How `parseTemplate` tells variables from variations. */
export interface ParseOptions {
  /** Custom column names of the audience; decide whether `{key|…}` is a variable. */
  readonly customKeys?: Iterable<string>;
}

export type ParseResult =
  | { readonly ok: true; readonly template: Template }
  | { readonly ok: false; readonly errors: readonly TemplateIssue[] };

/**
 * Parses `source` once; returns the template, or every syntax error with its line and column.
 *
 * The template language:
 * - `{first_name}` inserts a field; `{first_name|there}` falls back to "there" when the field is empty.
 *   Fields are the standard ones (`STANDARD_FIELDS`) and the audience's custom columns, case-insensitive.
 * - `{Hi|Hello|Hey}` is a variation: each recipient gets one alternative. Variations nest, and
 *   alternatives may hold variables: `{Hi|Hello {first_name|there}|Hey}`.
 * - **Variable or variation?** A `{…|…}` group is a variable with fallback exactly when its first
 *   alternative, trimmed, is a known field name (a standard field or one of `customKeys`, compared
 *   case-insensitively after `normalizeFieldKey`). Otherwise it is a variation. So `{City|Town}` is the
 *   field `city` with fallback "Town"; to offer "City" as a variation, do not put it first
 *   (`{Town|City}`). A group without `|` whose content is a name (`{frist_name}`) is always a variable, so
 *   a typo shows up as an unknown variable rather than as literal text.
 * - A fallback with several alternatives is a variation: `{first_name|there|friend}`.
 * - `\{`, `\}`, `\|` and `\\` are literal characters; any other backslash is kept as it is. We chose the
 *   backslash over doubling (`{{`, `}}`) because doubling is ambiguous next to nesting: in
 *   `{Hello {first_name|there}}` the final `}}` would read as a literal brace.
 * - Outside braces `|` is an ordinary character. Inside, spaces are kept as written (`{Hi | Hey}` offers
 *   "Hi " and " Hey"); only a field name is trimmed.
 */
export function parseTemplate(source: string, options: ParseOptions = {}): ParseResult {
  const customKeys = new Set([...(options.customKeys ?? [])].map(normalizeFieldKey));
  const parser = new TemplateParser(source, (name) => isStandardField(name) || customKeys.has(name));
  const nodes = parser.parseSequence(0);
  if (parser.errors.length > 0) return { ok: false, errors: parser.errors };
  return { ok: true, template: { source, nodes } };
}

interface Alternative {
  readonly nodes: TemplateNode[];
}

const SPECIAL = /[\\{}|]/gu;
const ESCAPABLE = new Set(['{', '}', '|', '\\']);

class TemplateParser {
  readonly errors: TemplateIssue[] = [];
  private pos = 0;
  private variationCount = 0;
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly source: string,
    private readonly isKnownField: (name: string) => boolean,
  ) {
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  /** Text and groups up to the end, or (inside a group, `depth > 0`) up to the next `|` or `}`. */
  parseSequence(depth: number): TemplateNode[] {
    const nodes: TemplateNode[] = [];
    let text = '';
    const flush = (): void => {
      if (text !== '') nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (this.pos < this.source.length) {
      SPECIAL.lastIndex = this.pos;
      const match = SPECIAL.exec(this.source);
      const next = match?.index ?? this.source.length;
      text += this.source.slice(this.pos, next);
      this.pos = next;
      const char = match?.[0];
      if (char === undefined) break;
      if (char === '\\') {
        const escaped = this.source[this.pos + 1];
        const isEscape = escaped !== undefined && ESCAPABLE.has(escaped);
        text += isEscape ? escaped : char;
        this.pos += isEscape ? 2 : 1;
      } else if (char === '{') {
        flush();
        nodes.push(this.parseGroup(depth + 1));
      } else if (depth > 0) {
        break;
      } else {
        if (char === '}') this.error('TEMPLATE_UNEXPECTED_CLOSING_BRACE', this.pos);
        text += char;
        this.pos += 1;
      }
    }
    flush();
    return nodes;
  }

  private parseGroup(depth: number): TemplateNode {
    const open = this.pos;
    this.pos += 1;
    const alternatives: Alternative[] = [];
    for (;;) {
      alternatives.push({ nodes: this.parseSequence(depth) });
      const char = this.source[this.pos];
      if (char === undefined) {
        this.error('TEMPLATE_UNCLOSED_BRACE', open);
        break;
      }
      this.pos += 1;
      if (char === '}') break;
    }
    return this.classify(open, alternatives);
  }

  private classify(open: number, alternatives: readonly Alternative[]): TemplateNode {
    const position = this.positionOf(open);
    const [first, ...rest] = alternatives;
    const name = first === undefined ? undefined : bareIdentifier(first.nodes);
    if (name !== undefined && (rest.length === 0 || this.isKnownField(name))) {
      const fallback = rest.length === 0 ? null : rest.length === 1 ? (rest[0]?.nodes ?? []) : [this.variation(open, rest)];
      return { kind: 'variable', name, position, fallback };
    }
    return this.variation(open, alternatives);
  }

  private variation(open: number, alternatives: readonly Alternative[]): TemplateNode {
    const index = this.variationCount;
    this.variationCount += 1;
    return { kind: 'variation', index, position: this.positionOf(open), options: alternatives.map((a) => a.nodes) };
  }

  private error(code: TemplateIssueCode, offset: number): void {
    this.errors.push({ code, severity: 'error', ...this.positionOf(offset), data: {} });
  }

  private positionOf(offset: number): SourcePosition {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((this.lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    const lineStart = this.lineStarts[low] ?? 0;
    return { line: low + 1, column: [...this.source.slice(lineStart, offset)].length + 1 };
  }
}
