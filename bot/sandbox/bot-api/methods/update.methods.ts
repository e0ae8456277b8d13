// getUpdates and the webhook methods.
import { badRequest, telegramError } from '../api-error.js';
import { optionalBool, optionalInt, optionalString } from '../params.js';
import { Described, type MethodHandler } from '../state.js';

const SECRET_TOKEN = /^[A-Za-z0-9_-]*$/;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function allowedUpdates(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw badRequest("can't parse allowed updates JSON object");
  }
  return value;
}

const getUpdates: MethodHandler = (state, { params, signal }) => {
  if (state.webhook.current !== undefined) throw telegramError('webhookActive');
  return state.queue.poll(
    {
      offset: optionalInt(params, 'offset'),
      limit: optionalInt(params, 'limit'),
      timeoutSeconds: optionalInt(params, 'timeout'),
      allowedUpdates: allowedUpdates(params.allowed_updates),
    },
    signal,
  );
};

function webhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw telegramError('invalidWebhookUrl');
  }
  // Telegram wants HTTPS; the emulator also takes plain HTTP on loopback, where tests run their bots.
  const loopbackHttp = url.protocol === 'http:' && (LOOPBACK_HOSTS.has(url.hostname) || url.hostname.startsWith('127.'));
  if (url.protocol !== 'https:' && !loopbackHttp) throw telegramError('webhookNeedsHttps');
  return raw;
}

const setWebhook: MethodHandler = (state, { params }) => {
  const raw = optionalString(params, 'url') ?? '';
  if (raw === '') return deleteWebhook(state, { params, files: new Map(), signal: new AbortController().signal });
  const url = webhookUrl(raw);
  const secretToken = optionalString(params, 'secret_token');
  if (secretToken !== undefined && secretToken.length > 256) throw telegramError('secretTokenTooLong');
  if (secretToken !== undefined && !SECRET_TOKEN.test(secretToken)) throw telegramError('secretTokenInvalid');
  const config = { url, secretToken: secretToken || undefined, maxConnections: optionalInt(params, 'max_connections') ?? 40 };
  if (optionalBool(params, 'drop_pending_updates')) state.queue.clear();
  state.queue.setAllowedUpdates(allowedUpdates(params.allowed_updates));
  state.queue.terminateWaiter(telegramError('terminatedBySetWebhook'));
  const current = state.webhook.current;
  const unchanged = current !== undefined && JSON.stringify(current) === JSON.stringify(config);
  state.webhook.configure(config);
  return new Described(true, unchanged ? 'Webhook is already set' : 'Webhook was set');
};

const deleteWebhook: MethodHandler = (state, { params }) => {
  if (optionalBool(params, 'drop_pending_updates')) state.queue.clear();
  const existed = state.webhook.current !== undefined;
  state.webhook.configure(undefined);
  return new Described(true, existed ? 'Webhook was deleted' : 'Webhook is already deleted');
};

const getWebhookInfo: MethodHandler = (state) => {
  const config = state.webhook.current;
  const error = state.webhook.lastError;
  const allowed = state.queue.allowedUpdates();
  return {
    url: config?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: state.queue.size,
    ...(config === undefined ? {} : { max_connections: config.maxConnections, ip_address: '127.0.0.1' }),
    ...(config !== undefined && allowed !== undefined ? { allowed_updates: allowed } : {}),
    ...(error === undefined ? {} : { last_error_date: error.date, last_error_message: error.message }),
  };
};

/** Handlers by method name. */
export const updateMethods: Record<string, MethodHandler> = { getUpdates, setWebhook, deleteWebhook, getWebhookInfo };
