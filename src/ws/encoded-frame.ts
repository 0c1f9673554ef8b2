/**
 * A text push encoded once, WebSocket framing included, for every session that receives it: each
 * session then writes the same bytes to its socket, with no per-connection framing or copying
 * (RFC 6455 §5.2: server frames are unmasked, so the frame is the same for every connection).
 */
export class EncodedFrame {
  private constructor(readonly wire: Buffer) {}

  static text(payload: string): EncodedFrame {
    const length = Buffer.byteLength(payload);
    const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
    const wire = Buffer.allocUnsafe(headerLength + length);
    wire[0] = 0x81; // FIN, text
    if (headerLength === 2) wire[1] = length;
    else if (headerLength === 4) {
      wire[1] = 126;
      wire.writeUInt16BE(length, 2);
    } else {
      wire[1] = 127;
      wire.writeBigUInt64BE(BigInt(length), 2);
    }
    wire.write(payload, headerLength, 'utf8');
    return new EncodedFrame(wire);
  }
}
