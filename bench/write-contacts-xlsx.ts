// `tsx bench/write-contacts-xlsx.ts <path> <rows>`: writes a generated workbook and prints its summary as JSON.
// A process of its own: exceljs' writer keeps every shared string in memory, which must not count against the
// memory of the import that reads the workbook.
import { writeContactsXlsx } from './contacts.generator.js';

const [file, rows] = process.argv.slice(2);
if (file === undefined || rows === undefined) throw new Error('usage: write-contacts-xlsx.ts <path> <rows>');
console.log(JSON.stringify(await writeContactsXlsx(file, Number(rows))));
