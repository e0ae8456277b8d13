// Telegram's HTML parse mode: the supported tags become entities, the four named character references
// and numeric ones are decoded, and malformed markup fails with TDLib's messages.
import { byteOffset, EntityParseError, sortEntities, type FormattedText } from './text-entities.js';
import type { TgMessageEntity } from './types.js';

const TAG_TYPES: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  span: 'spoiler',
  'tg-spoiler': 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

const NAMED_REFERENCES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

interface OpenTag {
  name: string;
  offset: number;
  attributes: Map<string, string>;
  /** Set by a `<code class="language-x">` inside this `<pre>`. */
  language?: string;
}

/** Parses Telegram HTML into text and entities; throws EntityParseError on malformed markup. */
export function parseHtml(source: string): FormattedText {
  let text = '';
  const entities: TgMessageEntity[] = [];
  const stack: OpenTag[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (char === '&') {
      const [decoded, length] = decodeReference(source, i);
      text += decoded;
      i += length;
    } else if (char !== '<') {
      text += char;
      i += 1;
    } else if (source[i + 1] === '/') {
      i = closeTag(source, i, text.length, stack, entities);
    } else {
      const { tag, end } = openTag(source, i, text.length);
      stack.push(tag);
      i = end;
    }
  }
  const unclosed = stack.at(-1);
  if (unclosed !== undefined) throw new EntityParseError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  return { text, entities: sortEntities(entities) };
}

function decodeReference(source: string, at: number): [string, number] {
  const match = /^&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/.exec(source.slice(at, at + 12));
  if (match === null) return ['&', 1];
  const name = match[1]!;
  if (name.startsWith('#')) {
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? [String.fromCodePoint(code), match[0].length] : ['&', 1];
  }
  const named = NAMED_REFERENCES[name.toLowerCase()];
  // Unknown named references stay as they are, as in Telegram.
  return named === undefined ? ['&', 1] : [named, match[0].length];
}

function openTag(source: string, begin: number, offset: number): { tag: OpenTag; end: number } {
  let i = begin + 1;
  while (i < source.length && !/[\s>]/.test(source[i]!)) i += 1;
  const name = source.slice(begin + 1, i).toLowerCase();
  const at = byteOffset(source, begin);
  if (TAG_TYPES[name] === undefined) throw new EntityParseError(`Unsupported start tag "${name}" at byte offset ${at}`);
  const attributes = new Map<string, string>();
  for (;;) {
    while (i < source.length && /\s/.test(source[i]!)) i += 1;
    if (i >= source.length) throw new EntityParseError(`Unclosed start tag at byte offset ${at}`);
    if (source[i] === '>') break;
    const nameStart = i;
    while (i < source.length && /[A-Za-z0-9_-]/.test(source[i]!)) i += 1;
    const attribute = source.slice(nameStart, i).toLowerCase();
    if (attribute === '') throw new EntityParseError(`Empty attribute name in the tag "${name}" at byte offset ${at}`);
    while (i < source.length && /\s/.test(source[i]!)) i += 1;
    if (source[i] !== '=') {
      attributes.set(attribute, '');
      continue;
    }
    i += 1;
    while (i < source.length && /\s/.test(source[i]!)) i += 1;
    const quote = source[i];
    let value: string;
    if (quote === '"' || quote === "'") {
      const close = source.indexOf(quote, i + 1);
      if (close < 0) throw new EntityParseError(`Unclosed start tag at byte offset ${at}`);
      value = decodeAll(source.slice(i + 1, close));
      i = close + 1;
    } else {
      const valueStart = i;
      while (i < source.length && /[A-Za-z0-9.-]/.test(source[i]!)) i += 1;
      if (i >= source.length) throw new EntityParseError(`Unclosed start tag "${name}" at byte offset ${at}`);
      value = source.slice(valueStart, i);
    }
    attributes.set(attribute, value);
  }
  if (name === 'span' && attributes.get('class') !== 'tg-spoiler') {
    throw new EntityParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${at}`);
  }
  return { tag: { name, offset, attributes }, end: i + 1 };
}

function decodeAll(value: string): string {
  let result = '';
  for (let i = 0; i < value.length; ) {
    if (value[i] === '&') {
      const [decoded, length] = decodeReference(value, i);
      result += decoded;
      i += length;
    } else {
      result += value[i];
      i += 1;
    }
  }
  return result;
}

function closeTag(source: string, begin: number, offset: number, stack: OpenTag[], entities: TgMessageEntity[]): number {
  const at = byteOffset(source, begin);
  const open = stack.pop();
  if (open === undefined) throw new EntityParseError(`Unexpected end tag at byte offset ${at}`);
  let i = begin + 2;
  while (i < source.length && !/[\s>]/.test(source[i]!)) i += 1;
  const name = source.slice(begin + 2, i).toLowerCase();
  while (i < source.length && /\s/.test(source[i]!)) i += 1;
  if (source[i] !== '>') throw new EntityParseError(`Unclosed end tag at byte offset ${at}`);
  if (name !== '' && name !== open.name) {
    throw new EntityParseError(`Unmatched end tag at byte offset ${at}, expected "</${open.name}>", found "</${name}>"`);
  }
  const entity = toEntity(open, offset - open.offset, stack.at(-1));
  if (entity !== undefined) entities.push(entity);
  return i + 1;
}

function toEntity(open: OpenTag, length: number, parent: OpenTag | undefined): TgMessageEntity | undefined {
  const base = { offset: open.offset, length };
  switch (open.name) {
    case 'a': {
      const href = open.attributes.get('href');
      if (href === undefined || href === '') return undefined;
      return { type: 'text_link', ...base, url: href };
    }
    case 'code': {
      if (parent?.name !== 'pre') return { type: 'code', ...base };
      // <pre><code class="language-x"> is one pre entity with a language, as in Telegram.
      const language = /^language-(.+)$/.exec(open.attributes.get('class') ?? '')?.[1];
      if (language !== undefined) parent.language = language;
      return undefined;
    }
    case 'pre':
      return { type: 'pre', ...base, ...(open.language === undefined ? {} : { language: open.language }) };
    case 'blockquote':
      return { type: open.attributes.has('expandable') ? 'expandable_blockquote' : 'blockquote', ...base };
    case 'tg-emoji': {
      const id = open.attributes.get('emoji-id');
      return id === undefined ? undefined : { type: 'custom_emoji', ...base, custom_emoji_id: id };
    }
    default:
      return { type: TAG_TYPES[open.name]!, ...base };
  }
}
