import { describe, expect, it } from 'vitest';
import { neutraliseCell } from '../../../core/shared/csv-safe.js';

describe('neutraliseCell', () => {
  it('prefixes cells a spreadsheet would run as a formula with a quote', () => {
    expect(['=1+2', '+SUM(A1)', '-2+3+cmd|calc!A1', '@SUM(1)', '\t=1', '\r=1'].map(neutraliseCell)).toEqual([
      "'=1+2",
      "'+SUM(A1)",
      "'-2+3+cmd|calc!A1",
      "'@SUM(1)",
      "'\t=1",
      "'\r=1",
    ]);
  });

  it('leaves text that does not start like a formula as it is', () => {
    expect(['Anna', 'a=b', '4155550100', ''].map(neutraliseCell)).toEqual(['Anna', 'a=b', '4155550100', '']);
  });

  it('leaves plain numbers with a sign, such as E.164 phones, readable: they cannot run anything', () => {
    expect(['+14155550100', '-15', '+1 (415) 555-0100'].map(neutraliseCell)).toEqual(['+14155550100', '-15', '+1 (415) 555-0100']);
  });
});
