import { createSendWindow, type SendWindow } from '../delivery/schedule/index.js';
import type { Schedule } from './campaign.types.js';

/** The campaign schedule's send window. @throws ValidationError for an invalid zone, days or hours. */
export function scheduleWindow(schedule: Schedule, zone = schedule.timeZone): SendWindow {
  return createSendWindow({ zone, days: schedule.days, hours: `${schedule.hours.from}-${schedule.hours.to}` });
}
