// Run by the large-file tests in a process with a small heap: reads the contact file at argv[2] through the
// import pipeline and prints how many contacts it read.
import { readContactFile } from '../../../core/contacts/import/contact-import.pipeline.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: read-contact-file.child.ts <file>');
let contacts = 0;
for await (const batch of readContactFile(path, { maxBytes: 256 << 20 })) contacts += batch.drafts.length;
console.log(JSON.stringify({ contacts }));
