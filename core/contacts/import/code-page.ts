import iconv from 'iconv-lite';

// chardet's guess between single-byte code pages is a statistical one that small files (a few dozen names) often
// get wrong: a short Russian list in Windows-1251 comes out as Hebrew (ISO-8859-8) or Greek. And it does not know
// the Mac's own code pages, in which Excel for Mac saves "Comma Separated Values" (Mac Roman for Western
// languages, Mac Cyrillic for Russian), naming instead the Windows code page of the script, whose letters sit
// elsewhere ("Prénom" reads "PrŽnom", "Анна" reads "Ђнна"). So its candidates, with the Mac twins, are weighed
// by how much the text each makes reads like words.
const MAC_TWINS: Record<string, string> = { 'windows-1252': 'macintosh', 'windows-1251': 'maccyrillic' };
// chardet's first few candidates hold the right one; weighing more only costs time.
const CANDIDATES = 6;
// Punctuation and signs of ordinary text outside ASCII (neither for nor against).
const TEXT_SIGNS = /[\u00a0«»°·×‘’‚“”„–—…•€№]/;
const WORD = /\p{L}+/gu;
const SCRIPT = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Hebrew}/u, /\p{Script=Arabic}/u, /\p{Script=Thai}/u];

/**
 * The single-byte code page the text's first bytes (`head`) read best in, of `candidates` (chardet's, best
 * first, in iconv-lite spelling) and the Mac twins of those that have one; a tie goes to the earlier candidate.
 */
export function mostPlausibleCodePage(head: Buffer, candidates: readonly string[]): string {
  const weighed = candidates.slice(0, CANDIDATES).flatMap((name) => (MAC_TWINS[name] === undefined ? [name] : [name, MAC_TWINS[name]]));
  let best = weighed[0]!;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const name of new Set(weighed)) {
    const score = plausibility(iconv.decode(head, name));
    if (score > bestScore) [best, bestScore] = [name, score];
  }
  return best;
}

/**
 * How much a text's non-ASCII characters read like words of one script. A word's non-ASCII letters count for it
 * when the word is cased as words are (`anna`, `Anna`, `ANNA`) and keeps to one script, against it otherwise
 * ("PrŽnom", "MŸller", "юННЮ": letters of the wrong code page); signs of ordinary text count for nothing, other
 * symbols against, replacement and control characters twice.
 */
export function plausibility(text: string): number {
  let score = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80 || TEXT_SIGNS.test(text[i]!) || /\p{L}/u.test(text[i]!)) continue;
    score -= code === 0xfffd || code < 0xa0 ? 2 : 1;
  }
  for (const [word] of text.matchAll(WORD)) {
    let foreign = 0;
    for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) >= 0x80) foreign += 1;
    if (foreign > 0) score += wordLike(word) ? foreign : -foreign;
  }
  return score;
}

function wordLike(word: string): boolean {
  const rest = word.slice(1);
  const cased = rest === rest.toLowerCase() || word === word.toUpperCase();
  if (!cased) return false;
  const script = SCRIPT.find((pattern) => pattern.test(word[0]!));
  for (const c of word) if (c.charCodeAt(0) >= 0x80 && script !== undefined && !script.test(c)) return false;
  return true;
}
