import { describe, expect, it } from 'vitest';
import { csvSafeCell } from '../../../core/contacts/csv-safe-cell.js';

describe('csvSafeCell', () => {
  it('prefixes cells a spreadsheet would run as a formula with a quote', () => {
    expect(['=1+2', '+SUM(A1)', '-2+3+cmd|calc!A1', '@SUM(1)', '\t=1', '\r=1'].map(csvSafeCell)).toEqual([
      "'=1+2",
      "'+SUM(A1)",
      "'-2+3+cmd|calc!A1",
      "'@SUM(1)",
      "'\t=1",
      "'\r=1",
    ]);
  });

  it('leaves plain text and plain numbers such as E.164 phones readable', () => {
    expect(['Anna', '+14155550100', '-15', '+1 (415) 555-0100', 'a=b', ''].map(csvSafeCell)).toEqual([
      'Anna',
      '+14155550100',
      '-15',
      '+1 (415) 555-0100',
      'a=b',
      '',
    ]);
  });
});
