import { describe, expect, it } from 'vitest';
import { readContactFile } from '../../../core/contacts/import/contact-import.pipeline.js';
import type { ImportBatch } from '../../../core/contacts/import/contact-draft.js';

const ROWS = 200_000;

// Generates a CSV of `rows` contacts in 64 KiB chunks, never as one string; every 1000th row has no identifier.
async function* generatedCsv(rows: number): AsyncGenerator<Buffer> {
  let text = 'Имя;Телефон;Email;Company;Deal stage\r\n';
  for (let i = 0; i < rows; i++) {
    const phone = i % 1000 === 999 ? '' : `+7 9${String(i % 100).padStart(2, '0')} ${String(1000000 + i).slice(-7)}`;
    text += `Name ${i};${phone};${i % 1000 === 999 ? '' : `user${i}@example.com`};"Co ${i % 50}; Ltd";stage ${i % 3}\r\n`;
    if (text.length > 64 * 1024) {
      yield Buffer.from(text);
      text = '';
    }
  }
  yield Buffer.from(text);
}

async function collect(threads: number): Promise<{ batches: ImportBatch[]; drafts: number; rejections: number; inOrder: boolean }> {
  const batches: ImportBatch[] = [];
  let drafts = 0;
  let rejections = 0;
  let last = 0;
  let inOrder = true;
  for await (const batch of readContactFile(generatedCsv(ROWS), { maxBytes: 1 << 30, batchSize: 5000, threads, defaultCountry: 'RU' })) {
    batches.push({ drafts: batch.drafts.slice(0, 1), rejections: batch.rejections.slice(0, 1) });
    for (const draft of batch.drafts) {
      if (draft.rowNumber <= last) inOrder = false;
      last = draft.rowNumber;
    }
    drafts += batch.drafts.length;
    rejections += batch.rejections.length;
  }
  return { batches, drafts, rejections, inOrder };
}

describe('streaming a large file', () => {
  it('normalises 200k generated rows in batches of the requested size, in order', async () => {
    const result = await collect(0);
    expect(result.drafts).toBe(ROWS - ROWS / 1000);
    expect(result.rejections).toBe(ROWS / 1000);
    expect(result.batches).toHaveLength(ROWS / 5000);
    expect(result.inOrder).toBe(true);
    expect(result.batches[0]?.drafts[0]).toMatchObject({ rowNumber: 2, phone: '+79001000000', company: 'Co 0; Ltd', custom: { deal_stage: 'stage 0' } });
    expect(result.batches[0]?.rejections[0]).toMatchObject({ rowNumber: 1001, reason: 'NO_IDENTIFIER' });
  }, 120_000);

  it('gives the same results, in the same order, when worker threads normalise', async () => {
    const single = await collect(0);
    const parallel = await collect(2);
    expect(parallel.drafts).toBe(single.drafts);
    expect(parallel.rejections).toBe(single.rejections);
    expect(parallel.inOrder).toBe(true);
    expect(parallel.batches).toEqual(single.batches);
  }, 180_000);
});
