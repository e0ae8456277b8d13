import { FixedOffsetZone, IANAZone, type Zone } from 'luxon';
import { ValidationError } from '../../errors.js';

/** A calendar date with no zone (what a wall calendar in some zone shows). */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

const zones = new Map<string, Zone>();

/**
 * The luxon zone for a zone name, cached: an IANA name, or a fixed offset as users may pick at onboarding
 * (`UTC+3`, `UTC-5:30`). Throws `ValidationError` for anything else.
 */
export function ianaZone(name: string): Zone {
  let zone = zones.get(name);
  if (zone === undefined) {
    zone = IANAZone.isValidZone(name) ? IANAZone.create(name) : (FixedOffsetZone.parseSpecifier(name) ?? undefined);
    // Real offsets lie within ±14 h; luxon would read `UTC+99` too.
    if (zone === undefined || !zone.isValid || Math.abs(zone.offset(0)) > 14 * 60) throw new ValidationError(`unknown time zone ${name}`, [name]);
    zones.set(name, zone);
  }
  return zone;
}

/** The calendar date shown in `zone` at instant `ms`. */
export function civilDateAt(ms: number, zone: Zone): CivilDate {
  const local = new Date(ms + zone.offset(ms) * MINUTE_MS);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/** The date `days` calendar days after `date` (negative for before). */
export function addDays(date: CivilDate, days: number): CivilDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: CivilDate): number {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** `yyyy-MM-dd` of a calendar date: the key of a day for daily caps. */
export function dateKey(date: CivilDate): string {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/**
 * The first instant at which the wall clock in `zone` reads at least `minuteOfDay` (0…1440) on `date`.
 *
 * This one rule settles both DST transitions: a wall time inside a spring-forward gap does not exist, so the
 * answer is the end of the gap (02:30 on a day that jumps 02:00→03:00 gives 03:00); a wall time repeated by
 * a fall-back occurs twice, and the first occurrence wins (luxon alone would pick the second).
 */
export function firstInstantAtLocal(date: CivilDate, minuteOfDay: number, zone: Zone): number {
  // Planning thousands of slots asks for the same few openings again and again; Intl offsets are not cheap.
  const key = `${zone.name}|${dateKey(date)}|${minuteOfDay}`;
  const cached = instantCache.get(key);
  if (cached !== undefined) return cached;
  if (instantCache.size >= INSTANT_CACHE_SIZE) instantCache.clear();
  const instant = computeFirstInstant(date, minuteOfDay, zone);
  instantCache.set(key, instant);
  return instant;
}

const INSTANT_CACHE_SIZE = 4096;
const instantCache = new Map<string, number>();

function computeFirstInstant(date: CivilDate, minuteOfDay: number, zone: Zone): number {
  const day = minuteOfDay >= 1440 ? addDays(date, 1) : date;
  const minute = minuteOfDay >= 1440 ? minuteOfDay - 1440 : minuteOfDay;
  const wall = Date.UTC(day.year, day.month - 1, day.day, Math.floor(minute / 60), minute % 60);
  const offsetBefore = zone.offset(wall - DAY_MS);
  const offsetAfter = zone.offset(wall + DAY_MS);

  let earliest = Number.POSITIVE_INFINITY;
  for (const offset of new Set([offsetBefore, zone.offset(wall), offsetAfter])) {
    const instant = wall - offset * MINUTE_MS;
    if (zone.offset(instant) === offset && instant < earliest) earliest = instant;
  }
  if (earliest !== Number.POSITIVE_INFINITY) return earliest;
  return transitionBetween(wall - offsetAfter * MINUTE_MS, wall - offsetBefore * MINUTE_MS, offsetAfter, zone);
}

/** The first instant of the local day containing `ms`. */
export function startOfLocalDay(ms: number, zone: Zone): number {
  return firstInstantAtLocal(civilDateAt(ms, zone), 0, zone);
}

/** The first instant of the local day after the one containing `ms`. */
export function startOfNextLocalDay(ms: number, zone: Zone): number {
  return firstInstantAtLocal(addDays(civilDateAt(ms, zone), 1), 0, zone);
}

// Binary search for the first instant in (low, high] that already uses the new offset: the end of a gap.
function transitionBetween(low: number, high: number, newOffset: number, zone: Zone): number {
  let before = low;
  let after = high;
  while (after - before > 1) {
    const middle = Math.floor((before + after) / 2);
    if (zone.offset(middle) === newOffset) after = middle;
    else before = middle;
  }
  return after;
}
