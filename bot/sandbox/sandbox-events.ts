// Server-sent events for one chat pane: a snapshot first, then every change of that chat as it happens
// (messages sent and edited in place, deletions, callback answers as toasts, the command menu).
import type http from 'node:http';
import type { BotApiEmulator, CallbackAnswer, CallRecord, EmulatorEvents, TgUpdate } from './bot-api/index.js';
import { chatHistory, commandMenu, toChatItem } from './sandbox-view.js';

/** Keeps proxies and the browser from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

type Listener<K extends keyof EmulatorEvents> = (...args: EmulatorEvents[K]) => void;

/** Streams the chat of `userId` to `response` until the client goes away; returns the cleanup. */
export function streamChat(emulator: BotApiEmulator, userId: number, language: string, response: http.ServerResponse): () => void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  const send = (event: string, data: unknown): void => {
    if (!response.writableEnded) response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  send('snapshot', { messages: chatHistory(emulator, userId), commands: commandMenu(emulator, userId, language) });

  const fromBot = (messageId: number): boolean => emulator.chat(userId)?.messages.get(messageId)?.fromBot ?? true;
  const onMessage: Listener<'message:sent'> = ({ chatId, message }) => {
    if (chatId === userId) send('message', toChatItem(message, fromBot(message.message_id)));
  };
  const onDeleted: Listener<'message:deleted'> = ({ chatId, messageId }) => {
    if (chatId === userId) send('deleted', { id: messageId });
  };
  const onAnswer = (answer: CallbackAnswer): void => {
    if (answer.chatId === userId && answer.text) send('toast', { text: answer.text, alert: answer.showAlert });
  };
  const onUpdate = ({ update }: { update: TgUpdate }): void => {
    if (update.message && update.message.chat.id === userId) send('message', toChatItem(update.message, false));
  };
  const onCall = (call: CallRecord): void => {
    if (/^(set|delete)mycommands$/i.test(call.method)) send('commands', commandMenu(emulator, userId, language));
  };
  const onAction: Listener<'chat:action'> = ({ chatId, action }) => {
    if (chatId === userId) send('action', { action });
  };
  emulator.on('message:sent', onMessage);
  emulator.on('message:edited', onMessage);
  emulator.on('message:deleted', onDeleted);
  emulator.on('callback:answered', onAnswer);
  emulator.on('update', onUpdate);
  emulator.on('call', onCall);
  emulator.on('chat:action', onAction);
  const heartbeat = setInterval(() => {
    if (!response.writableEnded) response.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);

  const stop = (): void => {
    clearInterval(heartbeat);
    emulator.off('message:sent', onMessage);
    emulator.off('message:edited', onMessage);
    emulator.off('message:deleted', onDeleted);
    emulator.off('callback:answered', onAnswer);
    emulator.off('update', onUpdate);
    emulator.off('call', onCall);
    emulator.off('chat:action', onAction);
    if (!response.writableEnded) response.end();
  };
  response.on('close', stop);
  return stop;
}
