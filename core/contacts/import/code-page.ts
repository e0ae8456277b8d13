import iconv from 'iconv-lite';

// chardet's guess between single-byte code pages is a statistical one that small files (a few dozen names) often
// get wrong: a short Russian list in Windows-1251 comes out as Hebrew (ISO-8859-8) or Greek. And it does not know
// the Mac's own code pages, in which Excel for Mac saves "Comma Separated Values" (Mac Roman for Western
// languages, Mac Cyrillic for Russian), naming instead the Windows code page of the script, whose letters sit
// elsewhere ("Prénom" reads "PrŽnom", "Анна" reads "Ђнна"). So its candidates, with their twins, are weighed
// by how much the text each makes reads like words.
// Central European text is weighed in Windows-1250 before ISO-8859-2 (chardet names only the latter): they read
// most letters alike, and Excel writes the former (where š, ś, ź, ť, ą sit elsewhere).
const TWINS: Record<string, readonly string[]> = {
  'windows-1252': ['windows-1252', 'macintosh'],
  'windows-1251': ['windows-1251', 'maccyrillic'],
  'ISO-8859-2': ['windows-1250', 'ISO-8859-2'],
};
// chardet's first few candidates hold the right one; weighing more only costs time.
const CANDIDATES = 6;
// Punctuation and signs of ordinary text outside ASCII (neither for nor against).
const TEXT_SIGNS = /[\u00a0«»°·×‘’‚“”„–—…•€№]/;
const WORD = /\p{L}+/gu;
const SCRIPT = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Hebrew}/u, /\p{Script=Arabic}/u, /\p{Script=Thai}/u];

/**
 * The single-byte code page the text's first bytes (`head`) read best in, of `candidates` (chardet's, best
 * first, in iconv-lite spelling) and the twins of those that have one; a tie goes to the earlier candidate.
 */
export function mostPlausibleCodePage(head: Buffer, candidates: readonly string[]): string {
  const weighed = candidates.slice(0, CANDIDATES).flatMap((name) => TWINS[name] ?? [name]);
  let best = weighed[0]!;
  let bestScore = Number.NEGATIVE_INFINITY;
  let bestOneLanguage = false;
  for (const name of new Set(weighed)) {
    const text = iconv.decode(head, name);
    const score = plausibility(text);
    // Between readings as plausible word by word, one whose letters are all one language's ("Győr", "Ödön":
    // Hungarian) beats one whose are no language's together ("Gyõr", "Ödön": õ is Portuguese or Estonian, ö neither).
    const oneLanguage = inOneAlphabet(text);
    if (score > bestScore || (score === bestScore && oneLanguage && !bestOneLanguage)) [best, bestScore, bestOneLanguage] = [name, score, oneLanguage];
  }
  return best;
}

/**
 * How much a text's non-ASCII characters read like words of one script. A word's non-ASCII letters count for it
 * when the word is cased as words are (`anna`, `Anna`, `ANNA`), keeps to one script and, in Latin script, to the
 * letters of one language, against it otherwise ("PrŽnom", "MŸller", "юННЮ", "Dvoøák": letters of the wrong code page); signs of ordinary text count for nothing, other
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

// The letters beyond ASCII of the languages written in Latin script with the single-byte code pages (Western,
// Central European, Baltic, Turkish), each language's own. A Latin word whose letters no one of them has together
// is a misreading: "Dvoøák" (Czech "Dvořák" read as Windows-1252; ø with á is no language's), while "Dvořák" is Czech.
const LATIN_ALPHABETS = [
  'àâæçéèêëîïôœùûüÿ', // French
  'äöüß', // German
  'áéíñóúü', // Spanish
  'áâãàçéêíóôõú', // Portuguese
  'àèéìíîòóùú', // Italian
  'áäéëíïóöúüèàâêîôû', // Dutch
  'æøåéóü', // Danish, Norwegian
  'åäöéü', // Swedish, Finnish
  'áðéíóúýþæö', // Icelandic
  'àçéèíïòóúü', // Catalan
  'äöõüšž', // Estonian
  'çë', // Albanian
  'áčďéěíňóřšťúůýž', // Czech
  'áäčďéíĺľňóôŕšťúýž', // Slovak
  'ąćęłńóśźż', // Polish
  'áéíóöőúüű', // Hungarian
  'čćđšž', // Slovenian, Croatian, Bosnian, Serbian
  'ăâîșțşţ', // Romanian
  'çğıöşüâî', // Turkish
  'āčēģīķļņšūž', // Latvian
  'ąčęėįšųūž', // Lithuanian
];

function inOneAlphabet(text: string): boolean {
  const letters = new Set([...text.toLowerCase()].filter((c) => c.charCodeAt(0) >= 0x80 && /\p{Script=Latin}/u.test(c)));
  return LATIN_ALPHABETS.some((alphabet) => [...letters].every((c) => alphabet.includes(c)));
}

function wordLike(word: string): boolean {
  const rest = word.slice(1);
  const cased = rest === rest.toLowerCase() || word === word.toUpperCase();
  if (!cased) return false;
  const script = SCRIPT.find((pattern) => pattern.test(word[0]!));
  for (const c of word) if (c.charCodeAt(0) >= 0x80 && script !== undefined && !script.test(c)) return false;
  return script !== SCRIPT[0] || inOneAlphabet(word);
}
