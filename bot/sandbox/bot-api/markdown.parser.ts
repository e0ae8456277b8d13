// Telegram's MarkdownV2 and legacy Markdown parse modes, strict where Telegram is strict: in V2 every
// reserved character outside an entity marker must be escaped, and unclosed entities are errors.
import { byteOffset, EntityParseError, sortEntities, type FormattedText } from './text-entities.js';
import type { TgMessageEntity } from './types.js';

const RESERVED_V2 = new Set('_*[]()~`>#+-=|{}.!'.split(''));

interface Open {
  type: 'bold' | 'italic' | 'underline' | 'strikethrough' | 'spoiler' | 'text_link' | 'code' | 'pre';
  marker: string;
  offset: number;
  at: number;
  language?: string;
}

/** One-character entity openers of MarkdownV2 (`[` opens a link that `]` closes). */
const SINGLE_MARKERS: Record<string, Open['type']> = {
  '*': 'bold',
  _: 'italic',
  '~': 'strikethrough',
  '`': 'code',
  '[': 'text_link',
};

const TYPE_NAMES: Record<Open['type'], string> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strikethrough: 'Strikethrough',
  spoiler: 'Spoiler',
  text_link: 'TextUrl',
  code: 'Code',
  pre: 'Pre',
};

/** Parses MarkdownV2 (`version` 2) or legacy Markdown (`version` 1). */
export function parseMarkdown(source: string, version: 1 | 2): FormattedText {
  return version === 2 ? parseV2(source) : parseV1(source);
}

function parseV2(source: string): FormattedText {
  let text = '';
  const entities: TgMessageEntity[] = [];
  const stack: Open[] = [];
  let quoteStart: number | undefined;
  let i = 0;
  const at = (index: number): number => byteOffset(source, index);
  while (i < source.length) {
    const char = source[i]!;
    const top = stack.at(-1);
    const verbatim = top?.type === 'code' || top?.type === 'pre';
    if (char === '\\' && i + 1 < source.length && source.charCodeAt(i + 1) <= 126) {
      text += source[i + 1];
      i += 2;
      continue;
    }
    if (verbatim) {
      if (source.startsWith(top.marker, i)) {
        stack.pop();
        entities.push(entityOf(top, text.length));
        i += top.marker.length;
      } else {
        text += char;
        i += 1;
      }
      continue;
    }
    if (char === '\n' && quoteStart !== undefined && source[i + 1] !== '>') {
      entities.push({ type: 'blockquote', offset: quoteStart, length: text.length - quoteStart });
      quoteStart = undefined;
    }
    if (!RESERVED_V2.has(char)) {
      text += char;
      i += 1;
      continue;
    }
    if (char === '>' && (i === 0 || source[i - 1] === '\n')) {
      quoteStart ??= text.length;
      i += 1;
      continue;
    }
    const closing = top !== undefined && closes(source, i, top);
    if (closing) {
      stack.pop();
      i += top.marker.length;
      if (top.type === 'text_link') {
        const link = readUrl(source, i);
        i = link.end;
        if (link.url !== '') entities.push({ ...entityOf(top, text.length), url: link.url });
      } else {
        entities.push(entityOf(top, text.length));
      }
      continue;
    }
    const opened = openV2(source, i, text.length, at(i));
    if (opened === undefined) {
      throw new EntityParseError(`Character '${char}' is reserved and must be escaped with the preceding '\\'`);
    }
    stack.push(opened.open);
    i = opened.end;
  }
  const unclosed = stack.at(-1);
  if (unclosed !== undefined) {
    throw new EntityParseError(`Can't find end of ${TYPE_NAMES[unclosed.type]} entity at byte offset ${unclosed.at}`);
  }
  if (quoteStart !== undefined) entities.push({ type: 'blockquote', offset: quoteStart, length: text.length - quoteStart });
  return { text, entities: sortEntities(entities) };
}

function closes(source: string, i: number, top: Open): boolean {
  if (top.type === 'italic' && source.startsWith('__', i)) return false;
  return source.startsWith(top.marker, i);
}

function openV2(source: string, i: number, offset: number, at: number): { open: Open; end: number } | undefined {
  const open = (type: Open['type'], marker: string, length = marker.length): { open: Open; end: number } => ({
    open: { type, marker, offset, at },
    end: i + length,
  });
  if (source.startsWith('```', i)) {
    // A first line without spaces or backticks names the language; an empty first line is skipped.
    const newline = source.indexOf('\n', i + 3);
    const firstLine = newline < 0 ? undefined : source.slice(i + 3, newline);
    if (firstLine === undefined || /[\s`]/.test(firstLine)) return open('pre', '```');
    const result = open('pre', '```', newline + 1 - i);
    if (firstLine !== '') result.open.language = firstLine;
    return result;
  }
  if (source.startsWith('__', i)) return open('underline', '__');
  if (source.startsWith('||', i)) return open('spoiler', '||');
  const single = SINGLE_MARKERS[source[i] ?? ''];
  if (single === undefined) return undefined;
  return single === 'text_link' ? open('text_link', ']', 1) : open(single, source[i]!);
}

function readUrl(source: string, i: number): { url: string; end: number } {
  if (source[i] !== '(') return { url: '', end: i };
  let url = '';
  let j = i + 1;
  while (j < source.length && source[j] !== ')') {
    if (source[j] === '\\' && j + 1 < source.length) j += 1;
    url += source[j];
    j += 1;
  }
  if (j >= source.length) throw new EntityParseError(`Can't find end of a url at byte offset ${byteOffset(source, i)}`);
  return { url, end: j + 1 };
}

function entityOf(open: Open, end: number): TgMessageEntity {
  return {
    type: open.type,
    offset: open.offset,
    length: end - open.offset,
    ...(open.language === undefined ? {} : { language: open.language }),
  };
}

const V1_MARKERS: Record<string, Open['type']> = { '*': 'bold', _: 'italic', '`': 'code', '[': 'text_link' };

function parseV1(source: string): FormattedText {
  let text = '';
  const entities: TgMessageEntity[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (char === '\\' && i + 1 < source.length && '_*`['.includes(source[i + 1]!)) {
      text += source[i + 1];
      i += 2;
      continue;
    }
    const type = source.startsWith('```', i) ? 'pre' : V1_MARKERS[char];
    if (type === undefined) {
      text += char;
      i += 1;
      continue;
    }
    const marker = type === 'pre' ? '```' : type === 'text_link' ? ']' : char;
    const start = i + (type === 'pre' ? 3 : 1);
    const end = source.indexOf(marker, start);
    if (end < 0) throw new EntityParseError(`Can't find end of the entity starting at byte offset ${byteOffset(source, i)}`);
    const offset = text.length;
    text += source.slice(start, end);
    i = end + marker.length;
    if (type === 'text_link') {
      const link = readUrl(source, i);
      i = link.end;
      if (link.url !== '') entities.push({ type, offset, length: text.length - offset, url: link.url });
    } else {
      entities.push({ type, offset, length: text.length - offset });
    }
  }
  return { text, entities: sortEntities(entities) };
}
