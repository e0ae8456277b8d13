import {
  bareIdentifier,
  emptyVariablesFor,
  forEachVariable,
  maxRenderedLength,
  plainText,
  usedFields,
} from './template.analysis.js';
import { STANDARD_FIELDS, isStandardField, normalizeFieldKey } from './template-fields.js';
import type { TemplateContact } from './template-fields.js';
import { parseTemplate } from './template.parser.js';
import { MESSAGE_LENGTH_LIMITS } from './template.types.js';
import type {
  SourcePosition,
  Template,
  TemplateIssue,
  TemplateIssueCode,
  TemplateNode,
  TemplatePlatform,
  VariationNode,
} from './template.types.js';

/** Empty-value counts over a whole audience, computed in SQL for the fields `usedFields` reports. */
export interface AudienceEmptyCounts {
  readonly size: number;
  /** Field name → how many recipients have it empty. */
  readonly emptyCounts: Readonly<Record<string, number>>;
}

export interface ValidateOptions {
  /** Custom column names of the audience; standard fields are always known. */
  readonly knownFields?: Iterable<string>;
  readonly platform: TemplatePlatform;
  /** Recipients to check empty variables and the worst-case length against. */
  readonly sampleContacts?: readonly TemplateContact[];
  /** Counts for the whole audience; reported like the sample check (the larger count wins). */
  readonly audience?: AudienceEmptyCounts;
}

export interface TemplateValidation {
  /** No errors (warnings allowed). */
  readonly ok: boolean;
  readonly issues: readonly TemplateIssue[];
}

/**
 * Checks a template before launch: syntax (given the text), unknown variables, empty braces and
 * alternatives, likely mistyped variables, variables without fallback that are empty for some recipients,
 * and the longest possible text against the platform's limit. Without sample contacts, variables count as
 * their fallback (or nothing) for the length check.
 */
export function validateTemplate(source: Template | string, options: ValidateOptions): TemplateValidation {
  const known = new Set([...(options.knownFields ?? [])].map(normalizeFieldKey));
  const text = typeof source === 'string' ? source : source.source;
  if (text.trim() === '') return result([issue('TEMPLATE_EMPTY', 'error', { line: 1, column: 1 }, {})]);

  let template: Template;
  if (typeof source === 'string') {
    const parsed = parseTemplate(source, { customKeys: known });
    if (!parsed.ok) return result(parsed.errors);
    template = parsed.template;
  } else {
    template = source;
  }

  const issues: TemplateIssue[] = [];
  checkStructure(template.nodes, known, issues);
  forEachVariable(template.nodes, (node) => {
    if (!isStandardField(node.name) && !known.has(node.name)) {
      issues.push(issue('TEMPLATE_UNKNOWN_VARIABLE', 'error', node.position, {
        name: node.name,
        suggestion: closestField(node.name, known) ?? '',
      }));
    }
  });
  issues.push(...emptyVariableIssues(template, options));
  const tooLong = lengthIssue(template, options);
  if (tooLong !== undefined) issues.push(tooLong);
  return result(issues);
}

function checkStructure(nodes: readonly TemplateNode[], known: ReadonlySet<string>, issues: TemplateIssue[]): void {
  for (const node of nodes) {
    if (node.kind === 'variable') {
      if (node.fallback === null) continue;
      if (node.fallback.length === 0) {
        issues.push(issue('TEMPLATE_EMPTY_ALTERNATIVE', 'warning', node.position, { alternative: 2 }));
      }
      checkStructure(node.fallback, known, issues);
    } else if (node.kind === 'variation') {
      checkVariation(node, known, issues);
      for (const option of node.options) checkStructure(option, known, issues);
    }
  }
}

function checkVariation(node: VariationNode, known: ReadonlySet<string>, issues: TemplateIssue[]): void {
  const [first = []] = node.options;
  if (node.options.length === 1) {
    if (first.length === 0) issues.push(issue('TEMPLATE_EMPTY_BRACES', 'error', node.position, {}));
    else issues.push(issue('TEMPLATE_SINGLE_ALTERNATIVE', 'error', node.position, { text: plainText(first) }));
    return;
  }
  node.options.forEach((option, i) => {
    if (option.length === 0) {
      issues.push(issue('TEMPLATE_EMPTY_ALTERNATIVE', 'error', node.position, { alternative: i + 1 }));
    }
  });
  // `{frist_name|there}` parses as a variation and would send "frist_name" to half the audience.
  const name = bareIdentifier(first);
  if (name === undefined) return;
  const suggestion = isStandardField(name) || known.has(name) ? name : closestField(name, known);
  if (name.includes('_') || suggestion !== undefined) {
    issues.push(issue('TEMPLATE_POSSIBLE_VARIABLE', 'warning', node.position, { name, suggestion: suggestion ?? '' }));
  }
}

function emptyVariableIssues(template: Template, options: ValidateOptions): TemplateIssue[] {
  const samples = options.sampleContacts ?? [];
  const sampleCounts = new Map<string, number>();
  for (const contact of samples) {
    const empty = new Set<string>();
    emptyVariablesFor(template.nodes, contact, empty);
    for (const name of empty) sampleCounts.set(name, (sampleCounts.get(name) ?? 0) + 1);
  }
  const issues: TemplateIssue[] = [];
  for (const field of usedFields(template)) {
    if (!field.withoutFallback) continue;
    const fromSample = sampleCounts.get(field.name) ?? 0;
    const fromAudience = options.audience?.emptyCounts[field.name] ?? 0;
    // Report whichever source shows more recipients affected, with its own denominator.
    const [emptyCount, sampleSize] =
      options.audience !== undefined && fromAudience >= fromSample
        ? [fromAudience, options.audience.size]
        : [fromSample, samples.length];
    if (emptyCount > 0) {
      issues.push(issue('TEMPLATE_EMPTY_VARIABLE', 'warning', field.position, { name: field.name, emptyCount, sampleSize }));
    }
  }
  return issues;
}

function lengthIssue(template: Template, options: ValidateOptions): TemplateIssue | undefined {
  const limit = MESSAGE_LENGTH_LIMITS[options.platform];
  const contacts = options.sampleContacts ?? [];
  let worst = { length: maxRenderedLength(template.nodes, {}), contactIndex: -1 };
  contacts.forEach((contact, contactIndex) => {
    const length = maxRenderedLength(template.nodes, contact);
    if (length > worst.length) worst = { length, contactIndex };
  });
  if (worst.length <= limit) return undefined;
  return issue('TEMPLATE_TOO_LONG', 'error', { line: 1, column: 1 }, { ...worst, limit, platform: options.platform });
}

// The known field within a small edit distance of `name`: 1 for short names, 2 for longer ones.
function closestField(name: string, customKeys: ReadonlySet<string>): string | undefined {
  const budget = name.length < 5 ? 1 : 2;
  let best: { field: string; distance: number } | undefined;
  for (const field of [...STANDARD_FIELDS, ...customKeys]) {
    if (field === name) continue;
    const distance = editDistance(name, field);
    if (distance <= budget && (best === undefined || distance < best.distance)) best = { field, distance };
  }
  return best?.field;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function issue(
  code: TemplateIssueCode,
  severity: TemplateIssue['severity'],
  position: SourcePosition,
  data: TemplateIssue['data'],
): TemplateIssue {
  return { code, severity, line: position.line, column: position.column, data };
}

function result(issues: readonly TemplateIssue[]): TemplateValidation {
  return { ok: issues.every((found) => found.severity !== 'error'), issues };
}
