import { fieldValue } from './template-fields.js';
import type { TemplateContact } from './template-fields.js';
import type { Template, TemplateNode } from './template.types.js';

/**
 * The seed that picks a recipient's variations: stable for one campaign step and one contact, so a retry
 * renders the very same text, and different across contacts, so alternatives spread evenly.
 */
export function variationSeed(stepId: string | number, contactId: string | number): string {
  return `${stepId}:${contactId}`;
}

/**
 * Renders `template` for `contact`. Each variation picks an alternative from a hash of `seed` and the
 * variation's index, so the same seed always gives the same text and variations vary independently.
 */
export function renderTemplate(template: Template, contact: TemplateContact, seed: string): string {
  const seedHash = hashSeed(seed);
  const parts: string[] = [];
  renderNodes(template.nodes, contact, seedHash, parts);
  return parts.join('');
}

/**
 * Index of the alternative a recipient gets among `count`, for variation `index` and a hashed seed.
 * Exported for tests that measure the spread; `renderTemplate` is the way to use it.
 */
export function chooseAlternative(seedHash: number, index: number, count: number): number {
  return fmix32((seedHash ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0) % count;
}

/** The 32-bit hash of a seed that `chooseAlternative` expects. */
export function hashSeed(seed: string): number {
  return fmix32(fnv1a32(seed));
}

function renderNodes(nodes: readonly TemplateNode[], contact: TemplateContact, seedHash: number, out: string[]): void {
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out.push(node.value);
        break;
      case 'variable': {
        const value = fieldValue(contact, node.name);
        if (value !== '') out.push(value);
        else if (node.fallback !== null) renderNodes(node.fallback, contact, seedHash, out);
        break;
      }
      case 'variation': {
        const option = node.options[chooseAlternative(seedHash, node.index, node.options.length)];
        if (option !== undefined) renderNodes(option, contact, seedHash, out);
        break;
      }
    }
  }
}

// FNV-1a over UTF-16 code units: fast and stable across runs and machines.
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// MurmurHash3's finaliser: spreads FNV's weak low bits so `% count` is even for sequential ids.
function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
