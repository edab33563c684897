import { describe, expect, it } from 'vitest';
import { verifierKeyLines } from './verifierKeyLines.js';

describe('verifierKeyLines', () => {
  it('given a key file with comments, blank lines, spaces and CRLF endings, then only the keys remain, in order', () => {
    const text =
      '# pinned 2026-12-01\r\n\r\n  mir.ledger/a+01020304+AQID  \r\n\n#old\nmir.ledger/b+05060708+BAUG\n';
    expect(verifierKeyLines(text)).toEqual(['mir.ledger/a+01020304+AQID', 'mir.ledger/b+05060708+BAUG']);
  });

  it('given only comments and blanks, then no key', () => {
    expect(verifierKeyLines('# none\n\n   \n')).toEqual([]);
  });
});
