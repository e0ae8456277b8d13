/**
 * Parsers for what users type while composing a campaign. Each returns null for input it cannot read, so
 * the conversation can explain the expected shape and ask again.
 */
import { DateTime } from 'luxon';

const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/u;

function clock(text: string): string | null {
  const match = TIME.exec(text.trim());
  if (!match) return null;
  return `${match[1]!.padStart(2, '0')}:${match[2]!}`;
}

/** `09:00-18:00` (also `9:00 – 18:00`, `9.00-18.00`); `to` must be after `from` (`24:00` allowed as end). */
export function parseHours(input: string): { from: string; to: string } | null {
  const parts = input.split(/\s*[-–—]\s*/u);
  if (parts.length !== 2) return null;
  const from = clock(parts[0]!);
  const to = parts[1]!.trim() === '24:00' ? '24:00' : clock(parts[1]!);
  if (from === null || to === null || to <= from) return null;
  return { from, to };
}

/** `45-120` seconds: 1 ≤ min ≤ max ≤ 86400; a single number means a fixed pause. */
export function parseDelayRange(input: string): { min: number; max: number } | null {
  const parts = input.trim().split(/\s*[-–—]\s*/u);
  if (parts.length > 2 || parts.some((part) => !/^\d{1,6}$/u.test(part))) return null;
  const min = Number(parts[0]);
  const max = Number(parts[1] ?? parts[0]);
  if (min < 1 || max < min || max > 86_400) return null;
  return { min, max };
}

/** A whole number within [min, max]. */
export function parseWholeNumber(input: string, min: number, max: number): number | null {
  const text = input.trim();
  if (!/^\d{1,7}$/u.test(text)) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

/** A follow-up delay in seconds: `3` (days, 1–60) or `12h` (hours, 1–1440). */
export function parseFollowUpDelay(input: string): number | null {
  const text = input.trim().toLowerCase();
  const hours = /^(\d{1,4})\s*h$/u.exec(text);
  if (hours) {
    const value = Number(hours[1]);
    return value >= 1 && value <= 1440 ? value * 3600 : null;
  }
  const days = parseWholeNumber(text.replace(/\s*d(ays?)?$/u, ''), 1, 60);
  return days === null ? null : days * 86_400;
}

/** A campaign name: 1 to 64 characters after collapsing whitespace. */
export function parseCampaignName(input: string): string | null {
  const name = input.replace(/\s+/gu, ' ').trim();
  return name.length >= 1 && name.length <= 64 ? name : null;
}

/**
 * `2026-12-01 09:30` (or `2026-12-01T09:30`, `01.12.2026 09:30`) in `timeZone`, as an ISO instant; null
 * when it cannot be read, does not exist in that zone, or is not after `notBefore`.
 */
export function parseLocalDateTime(input: string, timeZone: string, notBefore: Date): string | null {
  const text = input.trim().replace(/\s+/gu, ' ');
  for (const format of ["yyyy-MM-dd H:mm", "yyyy-MM-dd'T'H:mm", 'dd.MM.yyyy H:mm', 'yyyy-MM-dd']) {
    const parsed = DateTime.fromFormat(text, format, { zone: timeZone });
    if (!parsed.isValid) continue;
    // A wall time skipped by a DST jump is silently shifted by luxon; refuse it instead.
    if (parsed.toFormat(format) !== DateTime.fromFormat(text, format, { zone: 'UTC' }).toFormat(format)) return null;
    return parsed.toMillis() > notBefore.getTime() ? parsed.toUTC().toISO() : null;
  }
  return null;
}
