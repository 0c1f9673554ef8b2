/**
 * A JSON parser that keeps every number as the text the client sent ("1500.5", "1704269773524000"):
 * the signature covers that text (decisions C1), and money must never pass through a JS number.
 */
export type JsonValue = string | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export class JsonSyntaxError extends Error {}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const MAX_DEPTH = 32;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;

function isSpace(code: number): boolean {
  return code === SPACE || code === 0x09 || code === 0x0a || code === 0x0d;
}

export function parseJsonText(text: string): JsonValue {
  const parser = new Parser(text);
  const value = parser.value(0);
  parser.skipSpace();
  if (!parser.atEnd()) throw new JsonSyntaxError('trailing characters');
  return value;
}

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpace(): void {
    while (this.pos < this.text.length && isSpace(this.text.charCodeAt(this.pos))) this.pos++;
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError('nested too deep');
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === '{') return this.object(depth);
    if (ch === '[') return this.array(depth);
    if (ch === '"') return this.string();
    if (this.text.startsWith('true', this.pos)) return this.literal('true', true);
    if (this.text.startsWith('false', this.pos)) return this.literal('false', false);
    if (this.text.startsWith('null', this.pos)) return this.literal('null', null);
    return this.number();
  }

  private literal<T extends JsonValue>(word: string, value: T): T {
    this.pos += word.length;
    return value;
  }

  private number(): string {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) throw new JsonSyntaxError(`unexpected character at ${this.pos}`);
    this.pos += match[0].length;
    return match[0];
  }

  private string(): string {
    const { text } = this;
    const start = this.pos;
    let escaped = false;
    for (let at = start + 1; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code === QUOTE) {
        this.pos = at + 1;
        // Without an escape the text between the quotes is the string.
        return escaped ? (JSON.parse(text.slice(start, this.pos)) as string) : text.slice(start + 1, at);
      }
      if (code === BACKSLASH) {
        escaped = true;
        at++;
      } else if (code < SPACE) break;
    }
    throw new JsonSyntaxError('unterminated string');
  }

  private array(depth: number): JsonValue[] {
    this.pos++;
    const items: JsonValue[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return items;
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipSpace();
      const ch = this.text[this.pos++];
      if (ch === ']') return items;
      if (ch !== ',') throw new JsonSyntaxError('expected , or ]');
    }
  }

  private object(depth: number): { [key: string]: JsonValue } {
    this.pos++;
    const result: { [key: string]: JsonValue } = Object.create(null);
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') throw new JsonSyntaxError('expected a key');
      const key = this.string();
      // A repeated key would leave it open which value the signature covered.
      if (Object.hasOwn(result, key)) throw new JsonSyntaxError(`duplicate key ${key}`);
      this.skipSpace();
      if (this.text[this.pos++] !== ':') throw new JsonSyntaxError('expected :');
      result[key] = this.value(depth + 1);
      this.skipSpace();
      const ch = this.text[this.pos++];
      if (ch === '}') return result;
      if (ch !== ',') throw new JsonSyntaxError('expected , or }');
    }
  }
}
