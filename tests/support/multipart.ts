import { request } from 'node:http';

/** One part of a hand-built multipart body: a text field, or a file when `filename` is given. */
export interface RawPart {
  readonly name: string;
  readonly value: string | Uint8Array;
  /** Sent verbatim inside `filename="…"`, so tests can put NULs, quotes or paths in it. */
  readonly filename?: string;
  /** Extra header lines for the part, verbatim. */
  readonly headers?: readonly string[];
}

export const BOUNDARY = '----tandem-test-boundary-7MA4YWxkTrZu0gW';

/** A `multipart/form-data` body built byte by byte (no FormData), for bodies a browser would never send. */
export function multipartBody(parts: readonly RawPart[], boundary = BOUNDARY): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `Content-Disposition: form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const lines = [
      `--${boundary}`,
      disposition,
      ...(part.filename === undefined ? [] : ['Content-Type: text/markdown']),
      ...(part.headers ?? []),
    ];
    chunks.push(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), Buffer.from(part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/**
 * POST headers that announce a body of `declaredBytes`, send only `firstChunk` of it and wait for the answer with the
 * rest of the body never sent; then drop the connection. A server that reads the body before answering never answers
 * (the test times out); one that refuses first answers at once. Resolves to the status and whether the body was still
 * open when the answer came.
 */
export function postWithBodyLeftOpen(
  url: string,
  path: string,
  headers: Readonly<Record<string, string>>,
  declaredBytes: number,
  firstChunk: Uint8Array,
): Promise<{ status: number; bodyOpen: boolean }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(new URL(path, url), {
      method: 'POST',
      agent: false,
      headers: { ...headers, 'content-length': String(declaredBytes) },
    });
    req.on('response', (res) => {
      answered = true;
      resolve({ status: res.statusCode ?? 0, bodyOpen: !req.writableEnded });
      res.resume();
      req.destroy();
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.write(firstChunk);
  });
}

/** POST a raw body with exactly the given headers (Content-Length from the body unless `chunked`). */
export function postRaw(
  url: string,
  path: string,
  headers: Readonly<Record<string, string>>,
  body: Uint8Array,
  options: { readonly chunked?: boolean } = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), {
      method: 'POST',
      agent: false,
      headers: { ...headers, ...(options.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(body.byteLength) }) },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
