import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

const decoders: Record<string, () => Readable & NodeJS.WritableStream> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  br: createBrotliDecompress,
  deflate: createInflate,
};

export interface DecodedBody {
  body: Readable;
  headers: Record<string, string>;
}

/**
 * Undoes the response's `content-encoding` as the bytes arrive, so that SSE stays incremental. The
 * encoding and length headers are dropped: they no longer describe the body a caller reads or forwards.
 */
export function decodeContentEncoding(body: Readable, headers: Record<string, string>): DecodedBody {
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (!encoding || encoding === 'identity') return { body, headers };
  const createDecoder = decoders[encoding];
  if (!createDecoder) throw new Error(`unsupported content-encoding "${encoding}"`);
  const { 'content-encoding': _encoding, 'content-length': _length, ...decodedHeaders } = headers;
  const decoder = createDecoder();
  // pipeline destroys the decoder with the source's error (timeout, abort), so readers see the cause.
  pipeline(body, decoder, () => {});
  return { body: decoder, headers: decodedHeaders };
}
