// Shared vocabulary of the markup parsers (HTML, Markdown) and the text rules.
import type { TgMessageEntity } from './types.js';

/** Plain text plus entities, as stored in a message. */
export interface FormattedText {
  text: string;
  entities: TgMessageEntity[];
}

/** A markup error; the API answers `Bad Request: can't parse entities: <message>`. */
export class EntityParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EntityParseError';
  }
}

/** UTF-8 byte offset of a UTF-16 index: Telegram reports positions in markup errors in bytes. */
export const byteOffset = (source: string, index: number): number => Buffer.byteLength(source.slice(0, index));

/** Orders entities as Telegram does (by offset, longer first) and drops empty ones. */
export const sortEntities = (entities: TgMessageEntity[]): TgMessageEntity[] =>
  entities.filter((e) => e.length > 0).sort((a, b) => a.offset - b.offset || b.length - a.length);
