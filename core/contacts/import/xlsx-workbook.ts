import { posix } from 'node:path';
import { SheetNotFoundError } from './import.errors.js';
import { attribute, decodeXml } from './xml-text.js';
import { assertWorkbook, GuardedZip, type ZipLimits } from './zip-guard.js';

/** Sheet names of a workbook, in the order Excel shows them, and the parts that hold them. */
export interface WorkbookInfo {
  sheets: string[];
  /** Zip entry of each sheet (same order as `sheets`); null where the workbook does not say and Excel's usual name is missing. */
  sheetParts: (string | null)[];
  /** Zip entry of the shared strings, when the workbook has them. */
  sharedStrings: string | null;
  /** Zip entry of the cell styles (which say which numbers are dates), when the workbook has them. */
  styles: string | null;
  /** Dates count from 1904 (old Mac Excel) instead of 1900. */
  date1904: boolean;
}

/**
 * Checks an xlsx at `path` against zip bombs (declared sizes first, then a capped dry-run inflate of
 * every entry), lists its sheets and finds their parts. Throws ZipBombError, CorruptWorkbookError or
 * UnsupportedFormatError.
 */
export async function inspectWorkbook(path: string, limits?: ZipLimits): Promise<WorkbookInfo> {
  const zip = await GuardedZip.open(path, limits);
  try {
    assertWorkbook(zip);
    await zip.verifyAll();
    const workbookXml = (await zip.readText('xl/workbook.xml')) ?? '';
    const relations = parseRelationships((await zip.readText('xl/_rels/workbook.xml.rels')) ?? '');
    const sheets: string[] = [];
    const sheetParts: (string | null)[] = [];
    for (const [element] of workbookXml.matchAll(/<(?:[\w.-]+:)?sheet\b[^>]*>/g)) {
      sheets.push(decodeXml(attribute(element, 'name') ?? ''));
      // The relationship id is the namespaced `id` attribute (`r:id`), not `sheetId`.
      const id = attribute(element, '[\\w.-]+:id');
      // Without a relationship, the part Excel would have given the sheet at this position.
      const conventional = `xl/worksheets/sheet${sheets.length}.xml`;
      sheetParts.push((id === undefined ? undefined : relations.get(decodeXml(id))?.part) ?? (zip.entry(conventional) === undefined ? null : conventional));
    }
    const partOf = (type: string): string | null => [...relations.values()].find((relation) => relation.type.endsWith(type))?.part ?? null;
    const properties = /<(?:[\w.-]+:)?workbookPr\b[^>]*>/.exec(workbookXml)?.[0] ?? '';
    const date1904 = ['1', 'true'].includes(attribute(properties, 'date1904') ?? '');
    return { sheets, sheetParts, sharedStrings: partOf('/sharedStrings'), styles: partOf('/styles'), date1904 };
  } finally {
    await zip.close();
  }
}

/** Picks the sheet the caller asked for (name or 0-based index), or the first one; returns its index. */
export function chooseSheet(info: WorkbookInfo, sheet: string | number | undefined): number {
  const index = sheet === undefined ? 0 : typeof sheet === 'number' ? sheet : info.sheets.indexOf(sheet);
  if (!Number.isInteger(index) || index < 0 || index >= info.sheets.length) throw new SheetNotFoundError(sheet ?? 0, info.sheets);
  return index;
}

interface Relationship {
  type: string;
  /** The target as a zip entry name. */
  part: string;
}

/** The workbook's relationships by id, targets resolved against `xl/` (or absolute from the package root). */
function parseRelationships(xml: string): Map<string, Relationship> {
  const relations = new Map<string, Relationship>();
  for (const [element] of xml.matchAll(/<(?:[\w.-]+:)?Relationship\b[^>]*>/g)) {
    const id = attribute(element, 'Id');
    const target = attribute(element, 'Target');
    if (id === undefined || target === undefined) continue;
    const decoded = decodeXml(target);
    const part = decoded.startsWith('/') ? posix.normalize(decoded).slice(1) : posix.normalize(posix.join('xl', decoded));
    relations.set(decodeXml(id), { type: decodeXml(attribute(element, 'Type') ?? ''), part });
  }
  return relations;
}
