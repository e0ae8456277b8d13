// Webhook mode: POSTs pending updates to the bot's URL one at a time (max_connections 1 keeps them in
// order), with the secret token header; a failed delivery is retried after a pause and reported in
// getWebhookInfo. A JSON answer carrying `method` is executed as Telegram executes webhook replies.
import http from 'node:http';
import https from 'node:https';
import type { Clock } from '../../../core/clock.js';
import type { UpdateQueue } from './update-queue.js';
import type { TgUpdate } from './types.js';

/** The webhook as set by setWebhook. */
export interface WebhookConfig {
  url: string;
  secretToken: string | undefined;
  maxConnections: number;
}

/** Executes a method found in a webhook response body. */
export type WebhookReplyHandler = (method: string, params: Record<string, unknown>) => Promise<void>;

interface DeliveryResult {
  status: number;
  statusText: string;
  body: string;
}

/** Delivers the queue to the webhook while one is set. */
export class WebhookDeliverer {
  private config: WebhookConfig | undefined;
  private running = false;
  private closed = false;
  private pause: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  private inFlight: http.ClientRequest | undefined;
  /** Unix time and text of the last failed delivery, as getWebhookInfo reports them. */
  lastError: { date: number; message: string } | undefined;

  constructor(
    private readonly queue: UpdateQueue,
    private readonly clock: Clock,
    private readonly onReply: WebhookReplyHandler,
    private readonly retryDelayMs: number,
  ) {}

  /** The current webhook, if any. */
  get current(): WebhookConfig | undefined {
    return this.config;
  }

  /** Sets or (with undefined) removes the webhook. */
  configure(config: WebhookConfig | undefined): void {
    this.config = config;
    this.lastError = undefined;
    this.wakeUp();
    this.kick();
  }

  /** Starts delivering if there is a webhook, work, and no loop running. */
  kick(): void {
    if (this.config === undefined || this.running || this.closed) return;
    this.running = true;
    void this.run().finally(() => {
      this.running = false;
    });
  }

  /** Stops delivering for good. */
  close(): void {
    this.closed = true;
    this.config = undefined;
    this.inFlight?.destroy();
    this.wakeUp();
  }

  private async run(): Promise<void> {
    for (;;) {
      const config = this.config;
      const update = this.queue.head();
      if (config === undefined || update === undefined || this.closed) return;
      const failure = await this.deliver(config, update);
      if (failure === undefined) {
        if (this.queue.head() === update) this.queue.shift();
        continue;
      }
      this.lastError = { date: Math.floor(this.clock.now().getTime() / 1000), message: failure };
      await new Promise<void>((resolve) => {
        this.pause = { timer: setTimeout(resolve, this.retryDelayMs), resolve };
      });
      this.pause = undefined;
    }
  }

  private wakeUp(): void {
    if (this.pause === undefined) return;
    clearTimeout(this.pause.timer);
    this.pause.resolve();
  }

  /** Returns undefined on success, else Telegram's last_error_message. */
  private async deliver(config: WebhookConfig, update: TgUpdate): Promise<string | undefined> {
    let result: DeliveryResult;
    try {
      result = await this.post(config, update);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ECONNREFUSED' ? 'Connection refused' : `Connection failed: ${(error as Error).message}`;
    }
    if (result.status < 200 || result.status > 299) {
      return `Wrong response from the webhook: ${result.status} ${result.statusText}`;
    }
    await this.handleReply(result.body);
    return undefined;
  }

  private async handleReply(body: string): Promise<void> {
    let reply: unknown;
    try {
      reply = JSON.parse(body) as unknown;
    } catch {
      return;
    }
    if (typeof reply !== 'object' || reply === null) return;
    const { method, ...params } = reply as Record<string, unknown>;
    if (typeof method === 'string') await this.onReply(method, params);
  }

  private post(config: WebhookConfig, update: TgUpdate): Promise<DeliveryResult> {
    const body = JSON.stringify(update);
    const url = new URL(config.url);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<DeliveryResult>((resolve, reject) => {
      const request = transport.request(
        url,
        {
          method: 'POST',
          agent: false,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...(config.secretToken === undefined ? {} : { 'x-telegram-bot-api-secret-token': config.secretToken }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              statusText: response.statusMessage ?? '',
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      this.inFlight = request;
      request.on('error', reject);
      request.on('close', () => {
        if (this.inFlight === request) this.inFlight = undefined;
      });
      request.end(body);
    });
  }
}
