import { CorruptWorkbookError } from './import.errors.js';
import { runText } from './sheet-xml.js';
import { StringSpool } from './string-spool.js';
import { xmlText } from './xml-text.js';

// A shared string larger than this is not something Excel writes (it caps a cell at 32,767 characters).
const MAX_ITEM_BYTES = 4 * 1024 * 1024;
// A plain item (`<si><t>Acme</t></si>`, most of them), then any other.
const ITEM = /<si><t>([^<]*)<\/t><\/si>|<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g;
// Texts looked up lately, kept decoded: the same company or city in many rows, or one string in every cell.
const RECENT = 4096;

/**
 * A workbook's shared strings (the texts its cells refer to by number), kept in a {@link StringSpool} so
 * that memory stays bounded however many there are.
 */
export class SharedStrings {
  private readonly spool = new StringSpool();
  private readonly recent = new Map<number, string>();

  /**
   * Reads a (unprefixed) shared strings part: every item in order, its text runs joined, phonetic runs left out.
   * The part is read as latin1 (one character per byte), so the spool holds the UTF-8 bytes as they are, and
   * the XML text as it is (entities are decoded on lookup).
   */
  async read(chunks: AsyncIterable<Buffer>): Promise<void> {
    let held = '';
    for await (const chunk of chunks) {
      const text = held + chunk.toString('latin1');
      ITEM.lastIndex = 0;
      let end = 0;
      for (let match = ITEM.exec(text); match !== null; match = ITEM.exec(text)) {
        this.spool.add(match[1] ?? runText(match[2] ?? ''));
        end = ITEM.lastIndex;
      }
      const open = text.indexOf('<si', end);
      // Without an item begun, only the end of a tag that may turn out to be `<si` needs keeping.
      held = open >= 0 ? text.slice(open) : text.slice(Math.max(end, text.length - 3));
      if (held.length > MAX_ITEM_BYTES) throw new CorruptWorkbookError(`shared string ${this.spool.count} does not end within ${MAX_ITEM_BYTES} bytes`);
    }
    if (held.includes('<si')) throw new CorruptWorkbookError(`shared string ${this.spool.count} does not end`);
  }

  /** The text of string `index` (from 0); empty when there is no such string. */
  text(index: number): string {
    const known = this.recent.get(index);
    if (known !== undefined) return known;
    const raw = this.spool.get(index);
    const text = raw === null ? '' : xmlText(raw);
    if (this.recent.size >= RECENT) this.recent.clear();
    this.recent.set(index, text);
    return text;
  }

  /** Frees the memory and the temporary file. */
  close(): void {
    this.spool.close();
    this.recent.clear();
  }
}
