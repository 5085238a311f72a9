import { isAscii } from 'node:buffer';
import type { Context } from 'hono';

const utf8 = new TextDecoder();

/**
 * A request body as the bytes it came in, and the text decoded from them on demand, as a JSON parser
 * reads it. Parts are told apart, and looked up, in *key text*: bytes read one character a byte
 * (`keyTextOf`), so its indices are byte offsets and two equal key texts are equal bytes; JSON's
 * structure reads the same in it, since every byte of a multi-byte UTF-8 character is 0x80 or above.
 * Decoding non-ASCII UTF-8 costs about three parses of the same text on Node 20, key text a tenth
 * of one: a request whose parts were seen before is told apart, and looked up, without decoding
 * them.
 *
 * The bytes are kept (the ingress keeps them for the conversation's next request to compare with),
 * unless the body is ASCII and its text was decoded: that text then is its bytes, one a character.
 */
export class RequestBody {
  private held: Buffer | undefined;
  private decoded: string | undefined;
  private readonly ascii: boolean;
  readonly byteLength: number;

  constructor(bytes: Buffer) {
    this.held = bytes;
    this.byteLength = bytes.length;
    this.ascii = isAscii(bytes);
  }

  get text(): string {
    if (this.decoded === undefined) {
      this.decoded = this.ascii ? this.bytes.toString('latin1') : utf8.decode(this.bytes);
      if (this.ascii) this.held = undefined;
    }
    return this.decoded;
  }

  get bytes(): Buffer {
    return this.held ?? Buffer.from(this.decoded!, 'latin1');
  }

  /** The key text of the bytes from `start` to `end` (the end of the body by default). */
  keyTextOf(start: number, end = this.byteLength): string {
    return this.held ? this.held.toString('latin1', start, end) : this.decoded!.slice(start, end);
  }

  /**
   * The text of the bytes from `start` to `end`, offsets of structural characters in the key text:
   * the same characters as that part of `text`, since no UTF-8 sequence spans an ASCII byte.
   */
  textOf(start: number, end: number): string {
    return this.ascii ? this.keyTextOf(start, end) : utf8.decode(this.bytes.subarray(start, end));
  }
}

export type RequestBodyEnv = { Variables: { body: RequestBody | undefined } };

/** The body, read once (size already bounded by the body-limit middleware, which may have read it). */
export async function readRequestBody(c: Context): Promise<RequestBody> {
  let body = c.get('body') as RequestBody | undefined;
  if (!body) {
    body = new RequestBody(Buffer.from(await c.req.arrayBuffer()));
    c.set('body', body);
  }
  return body;
}
