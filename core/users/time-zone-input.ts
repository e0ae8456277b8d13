import { DateTime, IANAZone } from 'luxon';

/** Cities people type that are not the name of their IANA zone. */
const CITY_ALIASES: Readonly<Record<string, string>> = {
  'saint petersburg': 'Europe/Moscow', 'st petersburg': 'Europe/Moscow', 'санкт-петербург': 'Europe/Moscow',
  'питер': 'Europe/Moscow', 'москва': 'Europe/Moscow', 'moscow': 'Europe/Moscow', 'киев': 'Europe/Kyiv',
  'київ': 'Europe/Kyiv', 'kiev': 'Europe/Kyiv', 'минск': 'Europe/Minsk', 'алматы': 'Asia/Almaty',
  'новосибирск': 'Asia/Novosibirsk', 'екатеринбург': 'Asia/Yekaterinburg', 'washington': 'America/New_York',
  'boston': 'America/New_York', 'miami': 'America/New_York', 'san francisco': 'America/Los_Angeles',
  'seattle': 'America/Los_Angeles', 'munich': 'Europe/Berlin', 'frankfurt': 'Europe/Berlin',
  'hamburg': 'Europe/Berlin', 'barcelona': 'Europe/Madrid', 'milan': 'Europe/Rome', 'beijing': 'Asia/Shanghai',
  'mumbai': 'Asia/Kolkata', 'delhi': 'Asia/Kolkata', 'new delhi': 'Asia/Kolkata', 'bangalore': 'Asia/Kolkata',
  'dubai': 'Asia/Dubai', 'tel aviv': 'Asia/Jerusalem', 'sydney': 'Australia/Sydney', 'toronto': 'America/Toronto',
  'vancouver': 'America/Vancouver', 'london': 'Europe/London', 'берлин': 'Europe/Berlin', 'лондон': 'Europe/London',
  'utc': 'UTC', 'gmt': 'UTC',
};

let cityIndex: Map<string, string> | undefined;

function zonesByCity(): Map<string, string> {
  if (!cityIndex) {
    cityIndex = new Map();
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const city = zone.split('/').pop();
      if (city) cityIndex.set(city.replaceAll('_', ' ').toLowerCase(), zone);
    }
  }
  return cityIndex;
}

const OFFSET = /^(?:utc|gmt)?\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?$/i;

/**
 * Reads a time zone the way people type it: a city ("Berlin", "New York", "Москва"), an IANA name
 * ("Europe/Berlin") or a UTC offset ("+3", "UTC-05:30", "GMT+2"). Returns an IANA name or a fixed offset
 * zone like `UTC+3`, or `null` when it cannot tell.
 */
export function parseTimeZoneInput(input: string): string | null {
  const text = input.trim().replace(/\s+/g, ' ');
  if (text === '' || text.length > 64) return null;
  const offset = OFFSET.exec(text);
  if (offset) {
    const sign = offset[1] === '+' ? 1 : -1;
    const hours = Number(offset[2]);
    const minutes = Number(offset[3] ?? '0');
    if (hours > 14 || minutes >= 60 || (hours === 14 && minutes > 0) || ![0, 30, 45].includes(minutes)) return null;
    const total = sign * (hours * 60 + minutes);
    if (total === 0) return 'UTC';
    const h = Math.trunc(Math.abs(total) / 60);
    const m = Math.abs(total) % 60;
    return `UTC${sign > 0 ? '+' : '-'}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
  }
  if (text.includes('/') && IANAZone.isValidZone(text)) return IANAZone.create(text).name;
  const key = text.toLowerCase();
  return CITY_ALIASES[key] ?? zonesByCity().get(key) ?? null;
}

/** The local time now in `zone`, e.g. `14:05`, to let the user confirm the zone is right. */
export function localTimeIn(zone: string, now: Date): string {
  return DateTime.fromJSDate(now).setZone(zone).toFormat('HH:mm');
}
