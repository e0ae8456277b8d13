import { DateTime } from 'luxon';

/**
 * An instant as the recipient reads it, `2026-12-01 09:30`, in their own zone (users.time_zone: an IANA name
 * or a fixed offset like `UTC+3`, which luxon reads and Intl does not). A zone that cannot be read falls back
 * to UTC and says so, so a time is never shown in an unnamed wrong zone.
 */
export function localTime(instant: Date | string, timeZone: string): string {
  const at = DateTime.fromJSDate(new Date(instant));
  const local = at.setZone(timeZone);
  return local.isValid ? local.toFormat('yyyy-MM-dd HH:mm') : `${at.toUTC().toFormat('yyyy-MM-dd HH:mm')} UTC`;
}
