// Callback queries the users sent and the answers the bot gave. A query can be answered once; after
// that (or for an unknown id) Telegram answers QUERY_ID_INVALID in its Bot API wording.
import { telegramError } from './api-error.js';
import type { CallbackAnswer } from './types.js';

interface PendingQuery {
  chatId: number | undefined;
  messageId: number | undefined;
  data: string | undefined;
  answered: boolean;
}

/** The answer fields of answerCallbackQuery. */
export type AnswerFields = Pick<CallbackAnswer, 'text' | 'showAlert' | 'url' | 'cacheTime'>;

/** Issues callback query ids and keeps the answers. */
export class CallbackRegistry {
  private readonly queries = new Map<string, PendingQuery>();
  private readonly answers: CallbackAnswer[] = [];
  private sequence = 0;

  /** A new query id for a press in a chat. */
  issue(chatId: number | undefined, messageId: number | undefined, data: string | undefined): string {
    this.sequence += 1;
    // Real ids are large decimal numbers in a string; keep that shape.
    const id = String(4_000_000_000_000_000_000n + BigInt(this.sequence));
    this.queries.set(id, { chatId, messageId, data, answered: false });
    return id;
  }

  /** Records the bot's answer; throws when the id is unknown or already answered. */
  answer(callbackQueryId: string, fields: AnswerFields): CallbackAnswer {
    const query = this.queries.get(callbackQueryId);
    if (query === undefined || query.answered) throw telegramError('queryIdInvalid');
    query.answered = true;
    const answer: CallbackAnswer = {
      callbackQueryId,
      chatId: query.chatId,
      messageId: query.messageId,
      data: query.data,
      ...fields,
    };
    this.answers.push(answer);
    return answer;
  }

  /** Whether the bot has answered this query. */
  isAnswered(callbackQueryId: string): boolean {
    return this.queries.get(callbackQueryId)?.answered ?? false;
  }

  /** Answers given in one chat, oldest first. */
  answersIn(chatId: number): CallbackAnswer[] {
    return this.answers.filter((answer) => answer.chatId === chatId);
  }
}
