import type { ContactField } from './contact-draft.js';

/** A header rule: the field it names and how strongly (higher wins among columns of one field). */
export interface HeaderMatch {
  field: ContactField;
  priority: number;
}

type Rule = readonly [ContactField, number, readonly (string | RegExp)[]];

// Headers are compared after headerKey(): lower case, ё→е, punctuation to spaces, spaces collapsed.
// Priorities order columns of one field: a "Mobile Phone" beats "Business Phone"; "Job Title" beats the
// Outlook "Title" (which there is Mr./Ms., and elsewhere often the job title).
const RULES: readonly Rule[] = [
  ['firstName', 3, ['first name', 'firstname', 'first', 'given name', 'givenname', 'forename', 'name first', 'имя', 'имя контакта', 'vorname', 'prenom', 'prénom', 'nombre']],
  ['lastName', 3, ['last name', 'lastname', 'last', 'surname', 'family name', 'familyname', 'фамилия', 'nachname', 'nom', 'apellido', 'apellidos']],
  ['fullName', 3, ['full name', 'fullname', 'name', 'display name', 'contact name', 'contact', 'person', 'фио', 'ф и о', 'полное имя', 'имя фамилия', 'фамилия имя', 'фамилия имя отчество', 'контакт', 'контактное лицо', 'клиент', 'наименование', 'file as']],
  ['phone', 4, ['mobile phone', 'mobile', 'cell', 'cell phone', 'cellphone', 'mobile number', 'mobile phone number', 'мобильный', 'мобильный телефон', 'моб телефон', 'сотовый', 'сотовый телефон', 'whatsapp', 'whatsapp number', 'номер whatsapp']],
  ['phone', 3, ['phone', 'phones', 'phone number', 'phone numbers', 'phonenumber', 'telephone', 'tel', 'number', 'msisdn', 'телефон', 'номер телефона', 'номер', 'тел', 'контактный телефон', /^phone \d+ value$/, /^телефон \d+$/, /^phone \d+$/]],
  ['phone', 2, ['primary phone', 'business phone', 'home phone', 'other phone', 'work phone', 'company main phone', 'car phone', 'радиотелефон', 'рабочий телефон', 'домашний телефон', /^business phone \d+$/, /^home phone \d+$/]],
  ['username', 3, ['telegram', 'telegram username', 'telegram user', 'telegram nick', 'telegram handle', 'telegram link', 'tg', 'tg username', 'username', 'user name', 'nick', 'nickname telegram', 'handle', 'телеграм', 'телеграмм', 'телеграм ник', 'ник в телеграм', 'ник в телеграмм', 'ник телеграм', 'юзернейм', 'логин телеграм', 'тг', 'ник в telegram', 'ник telegram', 'telegram account', 'аккаунт telegram', 'аккаунт в телеграм', 'аккаунт в telegram']],
  ['email', 3, ['email', 'emails', 'e mail', 'email address', 'email addresses', 'e mail address', 'mail', 'email 1', 'primary email', 'эл почта', 'электронная почта', 'почта', 'емейл', 'имейл', 'e mail 1 value', /^e ?mail \d+ value$/, /^e ?mail \d+ address$/, 'адрес электронной почты', 'адрес эл почты']],
  ['company', 3, ['company', 'company name', 'organization', 'organisation', 'organization name', 'org', 'employer', 'компания', 'организация', 'название компании', 'фирма', 'работодатель', 'место работы', 'firma', 'empresa', /^organi[sz]ation \d+ name$/]],
  ['company', 2, ['account name']],
  ['position', 3, ['position', 'job title', 'jobtitle', 'job', 'role', 'occupation', 'designation', 'organization title', 'должность', 'позиция', 'роль', /^organi[sz]ation \d+ title$/]],
  ['position', 1, ['title']],
  ['country', 3, ['country', 'country region', 'country code', 'страна', 'land', 'pais', 'país', /^address \d+ country$/]],
  ['country', 2, ['business country region', 'home country region', 'other country region']],
  ['city', 3, ['city', 'town', 'locality', 'город', 'населенный пункт', 'stadt', 'ciudad', /^address \d+ city$/]],
  ['city', 2, ['business city', 'home city', 'other city']],
];

const EXACT = new Map<string, HeaderMatch>();
const PATTERNS: Array<{ pattern: RegExp; match: HeaderMatch }> = [];
for (const [field, priority, names] of RULES) {
  for (const name of names) {
    if (typeof name === 'string') EXACT.set(headerKey(name), { field, priority });
    else PATTERNS.push({ pattern: name, match: { field, priority } });
  }
}

/** A header in comparable form: lower case, ё→е, NFC, punctuation and underscores as single spaces. */
export function headerKey(header: string): string {
  return header
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// Headers that name something else: their values must not be taken for phones by their look.
const NOT_CONTACT = /\bfax\b|факс|birth|рождени|\bdate\b|дата|\bid\b|postal|zip|индекс|\bnotes?\b|заметк|примечани|комментари|comment/;

/** True for headers (fax, dates, ids, notes …) whose column is never detected from its content. */
export function namesNonContactData(header: string): boolean {
  return NOT_CONTACT.test(headerKey(header));
}

// Full-name headers that put the surname first, by their very name: "ФИО" (фамилия, имя, отчество), "Фамилия Имя".
const SURNAME_FIRST = /^(?:ф и о|фио|фамилия( и)? имя( отчество)?|last name first name|surname (?:first )?name)$/;

/** True for a full-name header whose names come surname first ("ФИО": "Петрова Анна" is Анна Петрова). */
export function namesSurnameFirst(header: string): boolean {
  return SURNAME_FIRST.test(headerKey(header));
}

// Words that qualify a field without changing what it is, as CRMs write them: "Person - Phone" (Pipedrive),
// "Mailing City" (Salesforce), "Рабочий e-mail" (Bitrix24), "Компания контакта" and "Должность (контакт)" (amoCRM),
// "address city" (a JSON contact's nested address).
const QUALIFIER_BEFORE =
  /^(?:person|contact|lead|customer|client|primary|main|mailing|billing|shipping|work|business|home|personal|private|other|address|location|рабочий|рабочая|рабочее|личный|личная|домашний|основной|основная|другой)\s+/;
const QUALIFIER_AFTER = /\s+(?:контакта|контакт|клиента|contact)$/;

/**
 * The field a header names, or null; a header matched only once qualifiers are taken off ranks one lower than the
 * plain name. Fax numbers are never phones.
 */
export function matchHeader(header: string): HeaderMatch | null {
  const key = headerKey(header);
  if (key.length === 0 || /\bfax\b|факс/.test(key)) return null;
  const direct = matchKey(key);
  if (direct !== null) return direct;
  const bare = key.replace(QUALIFIER_AFTER, '').replace(QUALIFIER_BEFORE, '');
  const qualified = bare === key || bare.length === 0 ? null : matchKey(bare);
  return qualified === null ? null : { field: qualified.field, priority: Math.max(1, qualified.priority - 1) };
}

function matchKey(key: string): HeaderMatch | null {
  const exact = EXACT.get(key);
  if (exact !== undefined) return exact;
  for (const { pattern, match } of PATTERNS) if (pattern.test(key)) return match;
  return null;
}
