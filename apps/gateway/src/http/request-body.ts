import { isAscii } from 'node:buffer';
import type { Context } from 'hono';

const utf8 = new TextDecoder();

/**
 * A request body as the bytes it came in, with two views made on demand. `text` is the body decoded
 * from UTF-8, as a JSON parser reads it. `keyText` has one character per byte, so its indices are
 * byte offsets and two equal key texts are equal bytes; JSON's structure reads the same in it, since
 * every byte of a multi-byte UTF-8 character is 0x80 or above. Decoding non-ASCII UTF-8 costs about
 * three parses of the same text on Node 20, the key text a tenth of one: a request whose parts were
 * seen before is told apart, and looked up, without decoding them. An ASCII body (most of them) is
 * its own key text.
 *
 * The bytes are let go once the text is decoded, or once the ingress has read its parts (`parsed`),
 * so a request waiting on its upstream keeps one copy of its body, not two; a view asked for later
 * is made from the other one (each holds every byte, the text once decoded).
 */
export class RequestBody {
  private bytes: Buffer | undefined;
  private decoded: string | undefined;
  private key: string | undefined;
  private readonly ascii: boolean;
  readonly byteLength: number;

  constructor(bytes: Buffer) {
    this.bytes = bytes;
    this.byteLength = bytes.length;
    this.ascii = isAscii(bytes);
  }

  get text(): string {
    if (this.decoded === undefined) {
      this.decoded = this.ascii ? this.keyText : utf8.decode(this.heldBytes());
      this.bytes = undefined;
    }
    return this.decoded;
  }

  get keyText(): string {
    if (this.key === undefined) this.key = this.heldBytes().toString('latin1');
    return this.key;
  }

  /**
   * The text of the bytes from `start` to `end`, offsets of structural characters in the key text:
   * the same characters as that part of `text`, since no UTF-8 sequence spans an ASCII byte.
   */
  textOf(start: number, end: number): string {
    if (this.ascii) return this.keyText.slice(start, end);
    const part = this.bytes?.subarray(start, end) ?? Buffer.from(this.keyText.slice(start, end), 'latin1');
    return utf8.decode(part);
  }

  /** The ingress has read every part it needs from the bytes: later views come from the key text. */
  parsed(): void {
    if (this.key !== undefined) this.bytes = undefined;
  }

  private heldBytes(): Buffer {
    return this.bytes ?? Buffer.from(this.key ?? this.decoded!, this.key === undefined ? 'utf8' : 'latin1');
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
