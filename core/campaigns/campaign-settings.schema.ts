import { z } from 'zod';
import { ValidationError } from '../errors.js';
import type { CampaignSettings, StepInput } from './campaign.types.js';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const isoInstant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO date-time');
const id = z.number().int().positive();

const schedule = z.object({
  startAt: isoInstant.nullable(),
  timeZone: z.string().min(1).max(64),
  days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  hours: z.object({ from: z.string().regex(HHMM), to: z.string().regex(HHMM) }),
  dailyCapPerAccount: z.number().int().min(1).max(1000),
  delaySeconds: z.object({ min: z.number().int().min(0).max(86_400), max: z.number().int().min(0).max(86_400) }).refine((d) => d.min <= d.max, 'min ≤ max'),
  endAt: isoInstant.nullable(),
  recipientLocalTime: z.boolean(),
});

/** The shape of a settings patch; every field optional, each one whole. */
export const settingsPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(128),
    channel: z.enum(['telegram', 'whatsapp', 'any']),
    preferredChannel: z.enum(['telegram', 'whatsapp']),
    accountIds: z.array(id).max(200),
    audience: z.object({
      listIds: z.array(id).max(200),
      tags: z.array(z.string().trim().min(1).max(64)).max(100),
      excludeTags: z.array(z.string().trim().min(1).max(64)).max(100),
    }),
    schedule,
    allowOverlap: z.boolean(),
  })
  .partial()
  .strict();

const stepsSchema = z
  .array(z.object({ template: z.string().max(10_000), delaySeconds: z.number().int().min(0).max(365 * 86_400) }).strict())
  .max(10);

function check<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ValidationError(`invalid ${what}`, result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return result.data;
}

/** @throws ValidationError naming each wrong field. */
export function parseSettingsPatch(patch: unknown): Partial<CampaignSettings> {
  return check(settingsPatchSchema, patch, 'campaign settings');
}

/** @throws ValidationError for a wrong shape or more than 10 steps. */
export function parseSteps(steps: unknown): StepInput[] {
  return check(stepsSchema, steps, 'campaign steps');
}
