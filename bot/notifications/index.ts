import { accountRenderers } from './accounts.js';
import { campaignRenderers } from './campaigns.js';
import { contactRenderers } from './contacts.js';
import { privacyRenderers } from './privacy.js';
import { reachabilityRenderers } from './reachability.js';
import type { NotificationRenderers } from './renderer.js';

/** Every feature's notification renderers; a feature adds its own with one spread line. */
export const notificationRenderers: NotificationRenderers = {
  ...accountRenderers,
  ...campaignRenderers,
  ...contactRenderers,
  ...privacyRenderers,
  ...reachabilityRenderers,
};
