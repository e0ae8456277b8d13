import { z } from 'zod';
import type { AccountProfile, CredentialStore, Platform } from '../messenger.js';

/** The one credential key the simulated driver uses (the real adapters use their own). */
export const SIMULATED_SESSION_KEY = 'simulated.session';

/** A session the simulated platform issued to one login. */
export interface SimulatedSession {
  sessionId: string;
  platform: Platform;
  profile: AccountProfile;
}

const storedSession = z.object({
  v: z.literal(1),
  sessionId: z.string().min(1),
  platform: z.enum(['telegram', 'whatsapp']),
  profile: z.object({
    platformUserId: z.string().min(1),
    displayName: z.string(),
    phone: z.string().optional(),
    username: z.string().optional(),
  }),
});

/** Stores `session` through the (fenced, encrypted) credential store, as a real adapter stores its session. */
export async function writeSession(store: CredentialStore, session: SimulatedSession): Promise<void> {
  await store.write({ [SIMULATED_SESSION_KEY]: JSON.stringify({ v: 1, ...session }) });
}

/** The stored session, or undefined when there is none or it is unreadable (both mean: logged out). */
export async function readSession(store: CredentialStore): Promise<SimulatedSession | undefined> {
  const raw = (await store.read([SIMULATED_SESSION_KEY])).get(SIMULATED_SESSION_KEY);
  if (raw === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = storedSession.safeParse(json);
  if (!parsed.success) return undefined;
  const { sessionId, platform, profile } = parsed.data;
  return { sessionId, platform, profile };
}
