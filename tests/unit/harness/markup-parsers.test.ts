import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../../bot/sandbox/bot-api/html.parser.js';
import { parseMarkdown } from '../../../bot/sandbox/bot-api/markdown.parser.js';
import { EntityParseError } from '../../../bot/sandbox/bot-api/text-entities.js';

const htmlError = (source: string): string => {
  try {
    parseHtml(source);
  } catch (error) {
    if (error instanceof EntityParseError) return error.message;
    throw error;
  }
  throw new Error(`parsed without error: ${source}`);
};

describe('HTML parse mode', () => {
  it('turns tags into entities with UTF-16 offsets and decodes character references', () => {
    const parsed = parseHtml('😀 <b>bold <i>both</i></b> &lt;tag&gt; &amp; <a href="https://example.com/?a=1&amp;b=2">link</a>');

    expect(parsed.text).toBe('😀 bold both <tag> & link');
    expect(parsed.entities).toEqual([
      { type: 'bold', offset: 3, length: 9 },
      { type: 'italic', offset: 8, length: 4 },
      { type: 'text_link', offset: 21, length: 4, url: 'https://example.com/?a=1&b=2' },
    ]);
  });

  it('merges <pre><code class="language-x"> into one pre entity with a language', () => {
    expect(parseHtml('<pre><code class="language-ts">let a;</code></pre>').entities).toEqual([
      { type: 'pre', offset: 0, length: 6, language: 'ts' },
    ]);
  });

  it('reports malformed markup with TDLib messages and UTF-8 byte offsets', () => {
    expect(htmlError('<b>open')).toBe('Can\'t find end tag corresponding to start tag "b"');
    expect(htmlError('é <div>x</div>')).toBe('Unsupported start tag "div" at byte offset 3');
    expect(htmlError('a < b')).toBe('Unsupported start tag "" at byte offset 2');
    expect(htmlError('text</b>')).toBe('Unexpected end tag at byte offset 4');
    expect(htmlError('<b>x</i>')).toBe('Unmatched end tag at byte offset 4, expected "</b>", found "</i>"');
    expect(htmlError('<a href="x')).toBe('Unclosed start tag at byte offset 0');
    expect(htmlError('<br>')).toBe('Unsupported start tag "br" at byte offset 0');
  });
});

describe('Markdown parse modes', () => {
  it('parses MarkdownV2 entities and escapes', () => {
    const parsed = parseMarkdown('*bold* _it_ __under__ ~s~ ||sp|| `c` [l](https://x.org) 1\\.5', 2);

    expect(parsed.text).toBe('bold it under s sp c l 1.5');
    expect(parsed.entities.map((e) => [e.type, e.offset, e.length])).toEqual([
      ['bold', 0, 4],
      ['italic', 5, 2],
      ['underline', 8, 5],
      ['strikethrough', 14, 1],
      ['spoiler', 16, 2],
      ['code', 19, 1],
      ['text_link', 21, 1],
    ]);
  });

  it('rejects unescaped reserved characters and unclosed entities in MarkdownV2', () => {
    expect(() => parseMarkdown('Price: 1.5', 2)).toThrow("Character '.' is reserved and must be escaped with the preceding '\\'");
    expect(() => parseMarkdown('ok *bold', 2)).toThrow("Can't find end of Bold entity at byte offset 3");
  });

  it('keeps legacy Markdown lenient about punctuation but strict about unclosed entities', () => {
    expect(parseMarkdown('1.5 - *b* [x](tg://user?id=1)', 1)).toEqual({
      text: '1.5 - b x',
      entities: [
        { type: 'bold', offset: 6, length: 1 },
        { type: 'text_link', offset: 8, length: 1, url: 'tg://user?id=1' },
      ],
    });
    expect(() => parseMarkdown('a _b', 1)).toThrow("Can't find end of the entity starting at byte offset 2");
  });
});
