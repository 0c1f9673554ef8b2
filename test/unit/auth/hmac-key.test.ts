import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { HmacKey } from '../../../src/auth/hmac-key.ts';

const reference = (secret: Buffer, message: string) => createHmac('sha256', secret).update(message, 'utf8').digest('hex');

describe('HmacKey', () => {
  it('signs as createHmac does for keys shorter than, as long as and longer than a block', () => {
    for (const length of [1, 20, 63, 64, 65, 100, 200]) {
      const secret = randomBytes(length);
      const key = new HmacKey(secret);
      for (const message of ['', 'sym=BINANCE_SPOT_BTC_USDT&side=BUY&1732406400', 'x'.repeat(64)]) {
        assert.equal(key.hex(message), reference(secret, message), `key of ${length} bytes, message ${JSON.stringify(message).slice(0, 20)}`);
      }
    }
  });

  it('signs UTF-8 text beyond latin1 and messages longer than its scratch buffer', () => {
    const secret = Buffer.from('a secret of the demo user', 'utf8');
    const key = new HmacKey(secret);
    for (const message of ['name=Größe&city=東京&emoji=🚀&1', 'é'.repeat(5000), 'q'.repeat(20_000), '東'.repeat(3000)]) {
      assert.equal(key.hex(message), reference(secret, message));
    }
  });

  it('gives the RFC 4231 test case 2 signature', () => {
    const key = new HmacKey(Buffer.from('Jefe'));
    assert.equal(key.hex('what do ya want for nothing?'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('keeps each key apart when several sign in turn', () => {
    const secrets = [randomBytes(32), randomBytes(64), randomBytes(90)];
    const keys = secrets.map((secret) => new HmacKey(secret));
    for (let round = 0; round < 3; round++) {
      keys.forEach((key, i) => assert.equal(key.hex(`round ${round}`), reference(secrets[i], `round ${round}`)));
    }
  });
});
