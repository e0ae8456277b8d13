import { FIELD_KEYS } from '../contact-fields.js';

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch',
  ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi', є: 'ye', ґ: 'g',
};

/**
 * A template-friendly key for a header: ASCII lower-case words joined by `_` (Cyrillic transliterated,
 * accents dropped), e.g. "Deal Stage" → `deal_stage`, "Стадия сделки" → `stadiya_sdelki`.
 * Falls back to `column_<n>` (1-based) when nothing usable is left.
 */
export function customKey(header: string, index: number): string {
  const lower = header.normalize('NFC').toLowerCase();
  let latin = '';
  for (const ch of lower) latin += CYRILLIC[ch] ?? ch;
  const slug = latin
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48)
    .replace(/_+$/, '');
  if (slug.length === 0) return `column_${index + 1}`;
  return /^\d/.test(slug) ? `c_${slug}` : slug;
}

/**
 * Custom field keys for a table's headers: {@link customKey} of each, made unique in order (the second `phone`
 * becomes `phone_2`), and never the name of a contact's own field (a "Company" column kept as a custom field is
 * `company_2`, which templates can reach).
 */
export function customKeys(headers: readonly string[]): string[] {
  return uniqueKeys(
    headers.map((header, index) => customKey(header, index)),
    FIELD_KEYS,
  );
}

/** Makes keys unique in order: the second `phone` becomes `phone_2`; a key in `reserved` is numbered from the first. */
export function uniqueKeys(keys: readonly string[], reserved: readonly string[] = []): string[] {
  const seen = new Map<string, number>(reserved.map((key) => [key, 1]));
  const taken = new Set([...keys, ...reserved]);
  return keys.map((key) => {
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count === 1) return key;
    let n = count;
    while (taken.has(`${key}_${n}`)) n++;
    const unique = `${key}_${n}`;
    taken.add(unique);
    return unique;
  });
}
