import { fieldValue, isIdentifier, isStandardField, normalizeFieldKey } from './template-fields.js';
import type { TemplateContact } from './template-fields.js';
import type { SourcePosition, Template, TemplateNode, VariableNode } from './template.types.js';

/** A field a template uses, for counting empty values over a large audience in SQL. */
export interface UsedField {
  /** Normalised name as in the template. */
  readonly name: string;
  /** `false` for a standard contact column, `true` for a custom column. */
  readonly custom: boolean;
  /**
   * Used at least once without a fallback: a recipient with this field empty gets a gap. Count those
   * recipients and pass the counts to `validateTemplate` as `audience`. (A variable inside another's
   * fallback counts too, which may over-count; the sample check is exact.)
   */
  readonly withoutFallback: boolean;
  /** Where it first appears (without fallback, when it appears so). */
  readonly position: SourcePosition;
}

/** Every field the template uses, each once, in order of first appearance. */
export function usedFields(template: Template): UsedField[] {
  const fields = new Map<string, UsedField>();
  forEachVariable(template.nodes, (node) => {
    const seen = fields.get(node.name);
    const withoutFallback = node.fallback === null;
    if (seen === undefined || (withoutFallback && !seen.withoutFallback)) {
      fields.set(node.name, {
        name: node.name,
        custom: !isStandardField(node.name),
        withoutFallback,
        position: seen?.position ?? node.position,
      });
    }
  });
  return [...fields.values()];
}

/** Calls `visit` for every variable, including those inside variations and fallbacks. */
export function forEachVariable(nodes: readonly TemplateNode[], visit: (node: VariableNode) => void): void {
  for (const node of nodes) {
    if (node.kind === 'variable') {
      visit(node);
      if (node.fallback !== null) forEachVariable(node.fallback, visit);
    } else if (node.kind === 'variation') {
      for (const option of node.options) forEachVariable(option, visit);
    }
  }
}

/**
 * Names of the variables without fallback that would render empty for `contact`, following only what
 * this contact can reach (a fallback is reached only when its variable is empty).
 */
export function emptyVariablesFor(nodes: readonly TemplateNode[], contact: TemplateContact, out: Set<string>): void {
  for (const node of nodes) {
    if (node.kind === 'variable') {
      if (fieldValue(contact, node.name) !== '') continue;
      if (node.fallback === null) out.add(node.name);
      else emptyVariablesFor(node.fallback, contact, out);
    } else if (node.kind === 'variation') {
      for (const option of node.options) emptyVariablesFor(option, contact, out);
    }
  }
}

/**
 * The longest text (in UTF-16 code units) the template can render for `contact` over all variation
 * choices. Exact, because every variation is chosen independently of the others.
 */
export function maxRenderedLength(nodes: readonly TemplateNode[], contact: TemplateContact): number {
  let total = 0;
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        total += node.value.length;
        break;
      case 'variable': {
        const value = fieldValue(contact, node.name);
        total += value !== '' ? value.length : node.fallback === null ? 0 : maxRenderedLength(node.fallback, contact);
        break;
      }
      case 'variation':
        total += Math.max(0, ...node.options.map((option) => maxRenderedLength(option, contact)));
        break;
    }
  }
  return total;
}

/** The normalised name when `nodes` is nothing but a field name (surrounding spaces allowed). */
export function bareIdentifier(nodes: readonly TemplateNode[]): string | undefined {
  const [only, ...more] = nodes;
  if (only?.kind !== 'text' || more.length > 0) return undefined;
  const text = only.value.trim();
  return isIdentifier(text) ? normalizeFieldKey(text) : undefined;
}

/** The literal text of `nodes`, leaving out variables and variations. */
export function plainText(nodes: readonly TemplateNode[]): string {
  return nodes.map((node) => (node.kind === 'text' ? node.value : '')).join('');
}
