/** The WhatsApp (Baileys 7) adapter of the messenger port. */
export { createWhatsAppDriver, newWhatsAppMessageId, type WhatsAppDriverOptions } from './whatsapp-driver.js';
export { baileysSocketFactory, type WhatsAppSocketFactory, type WhatsAppSocketLike } from './whatsapp-socket.js';
export { loadWhatsAppAuth, type WhatsAppAuth } from './whatsapp-auth-state.js';
export { translateWhatsAppError, RATE_LIMIT_WAIT_SECONDS } from './whatsapp-errors.js';
export { RECENT_INCOMING_LIMIT } from './whatsapp-incoming.js';
