import { Metadata } from 'libphonenumber-js';

/**
 * `new PhoneNumber('+…').isValid()` of libphonenumber-js (its default "min" metadata), answered with regular
 * expressions compiled once per calling code. The library builds a `RegExp` from its pattern text on every
 * check, which was a quarter of the time of reading a contact file; the rules here are the library's own, read
 * from the same metadata through its `Metadata` class, and a unit test compares both answers for numbers of
 * every calling code:
 *
 * - the calling code is the shortest prefix of one to three digits that the metadata knows (none starts with 0),
 *   and something must follow it;
 * - the numbering plan is the calling code's main country's (a number written with `+` names no country);
 * - the national number must match the plan's national number pattern, and, when the plan lists number types,
 *   also the pattern of one of them (fixed line, mobile, …) with a length that type allows.
 */
export function isValidE164(candidate: string): boolean {
  if (!E164.test(candidate) || candidate[1] === '0') return false;
  for (let end = 2; end <= 4 && end <= candidate.length; end += 1) {
    const rules = rulesFor(candidate.slice(1, end));
    if (rules === null) continue;
    const national = candidate.slice(end);
    return national !== '' && rules.accepts(national);
  }
  return false;
}

const E164 = /^\+\d+$/;

// The order in which the library tries the types; for validity only whether one matches counts.
const TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

// The parts of the library's `Metadata` and numbering plan objects read here (untyped in its declarations).
interface TypeDefinition {
  pattern(): string;
  possibleLengths(): number[] | undefined;
}
interface NumberingPlan {
  nationalNumberPattern(): string;
  hasTypes(): boolean;
  type(name: string): TypeDefinition | undefined;
}
interface MetadataReader {
  hasCallingCode(callingCode: string): boolean | undefined;
  selectNumberingPlan(callingCode: string): void;
  numberingPlan: NumberingPlan;
}

interface TypeRule {
  pattern: RegExp;
  lengths: readonly number[] | undefined;
}

class CallingCodeRules {
  constructor(
    private readonly nationalPattern: RegExp,
    /** Null when the plan lists no types (then the national pattern decides alone). */
    private readonly types: readonly TypeRule[] | null,
  ) {}

  accepts(national: string): boolean {
    if (!this.nationalPattern.test(national)) return false;
    if (this.types === null) return true;
    return this.types.some((type) => (type.lengths === undefined || type.lengths.includes(national.length)) && type.pattern.test(national));
  }
}

const whole = (pattern: string): RegExp => new RegExp(`^(?:${pattern})$`);
const rules = new Map<string, CallingCodeRules | null>();
const metadata = new Metadata() as unknown as MetadataReader;

function rulesFor(callingCode: string): CallingCodeRules | null {
  let found = rules.get(callingCode);
  if (found !== undefined) return found;
  found = null;
  if (metadata.hasCallingCode(callingCode) === true) {
    metadata.selectNumberingPlan(callingCode);
    const plan = metadata.numberingPlan;
    const types = plan.hasTypes()
      ? TYPES.flatMap((name) => {
          const type = plan.type(name);
          const pattern = type?.pattern();
          return type === undefined || !pattern ? [] : [{ pattern: whole(pattern), lengths: type.possibleLengths() }];
        })
      : null;
    found = new CallingCodeRules(whole(plan.nationalNumberPattern()), types);
  }
  rules.set(callingCode, found);
  return found;
}
