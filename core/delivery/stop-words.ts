/**
 * Stop words: a reply that consists of one of them opts the contact out of every future campaign of the user.
 *
 * Matching is deliberately strict: the whole reply, after folding case and compatibility forms and dropping
 * punctuation, symbols and emoji, must equal a stop word (or a configured multi-word phrase). "STOP!",
 * " Stop. " and "стоп 🛑" opt out; "please stop", "don't stop" or "stop by on Monday" do not. A false opt-out
 * silently loses a contact for good, while a missed one still reaches the user as a reply notification with
 * an opt-out button, so the doubtful cases are left to the user.
 */

/** The stop words used when the operator configures none (`STOP_WORDS`). */
export const DEFAULT_STOP_WORDS: readonly string[] = ['stop', 'unsubscribe', 'стоп', 'отписаться'];

/**
 * The comparable form of a reply or a stop word: NFKC, lower case, every character that is not a letter,
 * a digit or a combining mark turned into a space, spaces collapsed. Empty when nothing word-like remains.
 */
export function normaliseStopText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}

/**
 * Whether `text` is a stop reply: equal to one of `stopWords` once both are normalised. Words that normalise
 * to nothing are ignored, so an empty or emoji-only message never opts anyone out.
 */
export function isStopReply(text: string, stopWords: readonly string[]): boolean {
  const reply = normaliseStopText(text);
  if (reply === '') return false;
  return stopWords.some((word) => normaliseStopText(word) === reply);
}
