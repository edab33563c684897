import { describe, expect, it } from 'vitest';

import { normalizeText } from './textNormalization.js';

describe('normalizeText', () => {
  it('given compatibility characters, when normalised, then they fold to plain letters (NFKC)', () => {
    expect(normalizeText('ｒｍ －ｒｆ ﬁle ①')).toBe('rm -rf file 1');
  });

  it('given upper and mixed case beyond ASCII, then lowercase with the locale-independent mapping', () => {
    expect(normalizeText('DROP Table ÄRGER İstanbul')).toBe('drop table ärger i̇stanbul');
  });

  it('given runs of any Unicode whitespace, then single spaces and no ends', () => {
    expect(normalizeText('\t delete\n\n all\u2003 records\u00a0 ')).toBe('delete all records');
  });

  it('given an already normalised text, then it is unchanged (idempotent)', () => {
    const once = normalizeText('  Ignore  PREVIOUS\tinstructions ');
    expect(normalizeText(once)).toBe(once);
  });

  it('given only whitespace, then the empty string', () => {
    expect(normalizeText(' \n\t ')).toBe('');
  });
});
