import { describe, expect, it } from 'vitest';
import { toChatItem } from '../../../bot/sandbox/sandbox-view.js';
import type { TgMessage } from '../../../bot/sandbox/bot-api/index.js';

const base: TgMessage = {
  message_id: 7,
  from: { id: 1, is_bot: true, first_name: 'Contactd' },
  chat: { id: 100001, type: 'private', first_name: 'Alice' },
  date: 1_790_000_000,
};

describe('the page view of a Telegram message', () => {
  it('shows a photo with its caption entities and marks edits', () => {
    const item = toChatItem(
      {
        ...base,
        edit_date: 1_790_000_100,
        caption: 'Scan this QR code',
        caption_entities: [{ type: 'bold', offset: 5, length: 4 }],
        photo: [
          { file_id: 'small', file_unique_id: 's', width: 90, height: 90, file_size: 10 },
          { file_id: 'big', file_unique_id: 'b', width: 320, height: 320, file_size: 300 },
        ],
      },
      true,
    );
    expect(item).toEqual({
      id: 7,
      fromBot: true,
      date: 1_790_000_000,
      text: 'Scan this QR code',
      entities: [{ type: 'bold', offset: 5, length: 4 }],
      buttons: [],
      file: { kind: 'photo', name: 'photo-7', size: 300 },
      edited: true,
    });
  });

  it('keeps callback data and links of inline buttons, and a document the user sent', () => {
    const item = toChatItem(
      {
        ...base,
        text: 'Done',
        document: { file_id: 'd', file_unique_id: 'u', file_name: 'export.csv', mime_type: 'text/csv', file_size: 42 },
        reply_markup: { inline_keyboard: [[{ text: 'Open', callback_data: 'x:1' }], [{ text: 'Site', url: 'https://example.org' }]] },
      },
      false,
    );
    expect(item.fromBot).toBe(false);
    expect(item.file).toEqual({ kind: 'document', name: 'export.csv', size: 42 });
    expect(item.buttons).toEqual([[{ text: 'Open', data: 'x:1' }], [{ text: 'Site', url: 'https://example.org' }]]);
    expect(item.edited).toBe(false);
  });
});
