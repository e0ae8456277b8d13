import { DomainError } from '../../errors.js';

/** 1-based line and column (columns count Unicode code points, so an emoji is one column). */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

export interface TextNode {
  readonly kind: 'text';
  readonly value: string;
}

/** `{name}` or `{name|fallback}`: the contact's field, or the fallback when the field is empty. */
export interface VariableNode {
  readonly kind: 'variable';
  /** Normalised (`snake_case`, lower-case) field name. */
  readonly name: string;
  readonly position: SourcePosition;
  /** `null` without a fallback; otherwise what to render instead of an empty value (maybe nothing). */
  readonly fallback: readonly TemplateNode[] | null;
}

/** `{a|b|c}`: one alternative per recipient, chosen by the variation seed. */
export interface VariationNode {
  readonly kind: 'variation';
  /** Unique within its template; mixed into the seed so that variations are chosen independently. */
  readonly index: number;
  readonly position: SourcePosition;
  readonly options: readonly (readonly TemplateNode[])[];
}

export type TemplateNode = TextNode | VariableNode | VariationNode;

/** A parsed template: parse once with `parseTemplate`, render many times with `renderTemplate`. */
export interface Template {
  readonly source: string;
  readonly nodes: readonly TemplateNode[];
}

/**
 * Stable codes of template problems, with the keys of their `data`:
 * - `TEMPLATE_EMPTY`: the text is blank. `{}`
 * - `TEMPLATE_UNCLOSED_BRACE`: a `{` without its `}`. `{}`
 * - `TEMPLATE_UNEXPECTED_CLOSING_BRACE`: a `}` that closes nothing. `{}`
 * - `TEMPLATE_UNKNOWN_VARIABLE`: `{ name, suggestion }` (suggestion: closest known field or `''`).
 * - `TEMPLATE_EMPTY_BRACES`: `{}` with nothing inside. `{}`
 * - `TEMPLATE_SINGLE_ALTERNATIVE`: `{ text }` — braces around plain text, neither variable nor variation.
 * - `TEMPLATE_EMPTY_ALTERNATIVE`: `{ alternative }` (1-based) — `{Hi||Hey}`; a warning for an empty
 *   fallback (`{first_name|}`), which may be meant.
 * - `TEMPLATE_POSSIBLE_VARIABLE`: `{ name, suggestion }` — a variation whose first alternative looks like a
 *   mistyped variable (`{frist_name|there}`), a warning.
 * - `TEMPLATE_EMPTY_VARIABLE`: `{ name, emptyCount, sampleSize }` — a variable without fallback that is
 *   empty for some recipients, a warning.
 * - `TEMPLATE_TOO_LONG`: `{ length, limit, platform, contactIndex }` — worst case over variations;
 *   `contactIndex` is the sample contact that produced it, `-1` when no contacts were given.
 */
export type TemplateIssueCode =
  | 'TEMPLATE_EMPTY'
  | 'TEMPLATE_UNCLOSED_BRACE'
  | 'TEMPLATE_UNEXPECTED_CLOSING_BRACE'
  | 'TEMPLATE_UNKNOWN_VARIABLE'
  | 'TEMPLATE_EMPTY_BRACES'
  | 'TEMPLATE_SINGLE_ALTERNATIVE'
  | 'TEMPLATE_EMPTY_ALTERNATIVE'
  | 'TEMPLATE_POSSIBLE_VARIABLE'
  | 'TEMPLATE_EMPTY_VARIABLE'
  | 'TEMPLATE_TOO_LONG';

/** A problem found in a template; the bot turns `code` + `data` into words. */
export interface TemplateIssue extends SourcePosition {
  readonly code: TemplateIssueCode;
  /** Errors block a launch; warnings are shown and may be accepted. */
  readonly severity: 'error' | 'warning';
  readonly data: Readonly<Record<string, string | number>>;
}

/** Where a campaign is sent, which decides the length limit. */
export type TemplatePlatform = 'telegram' | 'whatsapp';

/** Longest message text per platform, in UTF-16 code units (how both count). */
export const MESSAGE_LENGTH_LIMITS: Readonly<Record<TemplatePlatform, number>> = Object.freeze({
  telegram: 4096,
  whatsapp: 65536,
});

/** A template that cannot be used; `issues` holds every problem found. */
export class TemplateInvalidError extends DomainError {
  readonly code = 'TEMPLATE_INVALID';
  constructor(readonly issues: readonly TemplateIssue[]) {
    super(`template has ${issues.length} problem(s): ${issues.map((issue) => issue.code).join(', ')}`);
  }
}
