// The contact file the sandbox offers for download, so an import can be tried at once. Recipients follow the
// simulated platform's rules (core/messengers/simulated/simulated-rules.ts): phones ending 8888 and usernames
// replier_… answer, 7777 and stop_… answer "STOP", 0000 and ghost… do not exist; one row has no usable
// phone or username, so the import also shows its rejected-rows file.

/** File name the page offers. */
export const SAMPLE_CONTACTS_FILE = 'sandbox-contacts.csv';

const ROWS: readonly (readonly string[])[] = [
  ['first_name', 'last_name', 'phone', 'telegram', 'company', 'city'],
  ['Anna', 'Schmidt', '+49 151 12348888', '', 'Nordlicht GmbH', 'Berlin'],
  ['Ben', 'Okafor', '', '@replier_ben', 'Okafor Design', 'London'],
  ['Chiara', 'Rossi', '+39 347 123 7777', '', 'Studio Rossi', 'Milan'],
  ['Dmitri', 'Volkov', '', '@stop_dmitri', '', 'Moscow'],
  ['Emma', 'Dubois', '+33 6 12 34 56 78', '', 'Atelier Dubois', 'Paris'],
  ['Farid', 'Haddad', '', '@farid_haddad', '', 'Dubai'],
  ['Grace', 'Kim', '+1 415 555 0142', '', 'Kim & Co', 'San Francisco'],
  ['Hugo', 'Larsen', '+45 20 12 34 56', '', '', 'Copenhagen'],
  ['Ines', 'Garcia', '', '@ghost_ines', '', 'Madrid'],
  ['Jonas', 'Weber', '+49 151 90000000', '', '', 'Munich'],
  ['Kofi', 'Mensah', 'call me maybe', '', '', 'Accra'],
  ['Lena', 'Novak', '+420 601 234 567', '', '', 'Prague'],
];

const cell = (value: string): string => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** The sample file's bytes (UTF-8 CSV). */
export function sampleContactsCsv(): Buffer {
  return Buffer.from(ROWS.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n', 'utf8');
}
