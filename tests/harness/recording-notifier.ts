import { readFile } from 'node:fs/promises';
import type { NotificationKind, NotificationMap, Notifier } from '../../core/notifier.js';

function isFileRef(data: unknown): data is { path: string } {
  return typeof data === 'object' && data !== null && typeof (data as { path?: unknown }).path === 'string';
}

/** A Notifier that records what it was asked to send; `failFor` chats throw like a blocked bot. */
export class RecordingNotifier implements Notifier {
  readonly sent: { chatId: number; kind: NotificationKind; data: unknown }[] = [];
  readonly edits: { chatId: number; messageId: number; kind: NotificationKind; data: unknown }[] = [];
  readonly failFor = new Set<number>();

  async send<K extends NotificationKind>(chatId: number, kind: K, data: NotificationMap[K]): Promise<{ messageId: number }> {
    if (this.failFor.has(chatId)) throw new Error('Forbidden: bot was blocked by the user');
    // A document given by path is read now, as the Bot API upload would: the sender deletes it afterwards.
    const recorded = isFileRef(data) ? { ...data, content: await readFile(data.path) } : data;
    this.sent.push({ chatId, kind, data: recorded });
    return { messageId: this.sent.length };
  }

  async edit<K extends NotificationKind>(chatId: number, messageId: number, kind: K, data: NotificationMap[K]): Promise<void> {
    this.edits.push({ chatId, messageId, kind, data });
    return Promise.resolve();
  }
}
