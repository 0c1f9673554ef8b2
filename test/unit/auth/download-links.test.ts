import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DownloadLinks } from '../../../src/auth/download-links.ts';

const KEY = 'ab'.repeat(32);

describe('download links', () => {
  const links = new DownloadLinks(KEY);
  const signature = links.sign('1732406400000001', 2000);

  it('serves its own export until it expires', () => {
    assert.equal(links.check('1732406400000001', 2000, signature, 2000), 'valid');
    assert.equal(links.check('1732406400000001', 2000, signature, 2001), 'expired');
  });

  it('is forged when anything signed differs, or another server key signed it', () => {
    assert.equal(links.check('1732406400000002', 2000, signature, 0), 'forged');
    assert.equal(links.check('1732406400000001', 2001, signature, 0), 'forged');
    assert.equal(links.check('1732406400000001', 2000, signature.slice(2), 0), 'forged');
    assert.equal(links.check('1732406400000001', 2000, 'not hex', 0), 'forged');
    assert.equal(new DownloadLinks('cd'.repeat(32)).check('1732406400000001', 2000, signature, 0), 'forged');
  });
});
