import { createHash } from 'node:crypto';
import type { CountryCode } from 'libphonenumber-js';
import type { ColumnMapping } from '../import/column-mapping.js';
import type { ExistingContactPolicy } from './import-merge.js';

/** The choices besides the file that decide what an import stores. */
export interface ImportSettings {
  /** The confirmed mapping; null when the pipeline detects it. */
  mapping: ColumnMapping | null;
  sheet: string | number | null;
  defaultCountry: CountryCode | null;
  existing: ExistingContactPolicy;
}

/**
 * SHA-256 (hex) of the settings, for idempotence: the same file with the same settings is imported once, but
 * sent again with another mapping, default country, sheet or policy (after reading the summary) it is imported
 * again, and deduplication merges it into what the first import stored.
 */
export function importSettingsDigest(settings: ImportSettings): string {
  const mapping =
    settings.mapping === null
      ? null
      : {
          hasHeader: settings.mapping.hasHeader,
          columns: [...settings.mapping.columns]
            .sort((a, b) => a.index - b.index)
            .map((column) => [column.index, column.target, column.customKey, column.priority]),
        };
  const canonical = JSON.stringify([mapping, settings.sheet, settings.defaultCountry, settings.existing]);
  return createHash('sha256').update(canonical).digest('hex');
}
