import type { NotificationRenderers } from './renderer.js';

/** Every feature's notification renderers; a feature adds its own with one spread line. */
export const notificationRenderers: NotificationRenderers = {};
