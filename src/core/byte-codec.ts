/**
 * A minimal binary layout for derived data saved next to its source (the translation memory's index): unsigned
 * 32-bit integers, length-prefixed strings and runs of 32-bit integers aligned to 4 bytes, so a reader can view them
 * in place instead of copying. Platform byte order (little-endian on every platform Node supports); a file written
 * with another order fails the header check and is rebuilt. A reader that runs past the end throws RangeError.
 */

/** Written first by every writer; a reader checks it to refuse a file of another byte order. */
const BYTE_ORDER_MARK = 0x01020304;

export class ByteWriter {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;

  constructor() {
    this.u32(BYTE_ORDER_MARK);
  }

  u32(value: number): void {
    this.#push(new Uint8Array(new Uint32Array([value >>> 0]).buffer));
  }

  /** UTF-16 code units, length-prefixed (lone surrogates survive, unlike UTF-8). */
  string(value: string): void {
    this.u32(value.length);
    this.#push(Buffer.from(value, 'utf16le'));
    this.#align();
  }

  /** Raw bytes, length-prefixed, padded to 4. */
  bytes(value: Uint8Array): void {
    this.u32(value.byteLength);
    this.#push(value);
    this.#align();
  }

  /** The first `count` integers of `values` (no length prefix: the reader must know the count). */
  int32s(values: Int32Array | Uint32Array, count = values.length): void {
    this.#push(new Uint8Array(values.buffer, values.byteOffset, count * 4));
  }

  /** Everything written, in one array. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.#length);
    let at = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, at);
      at += chunk.byteLength;
    }
    return out;
  }

  #push(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#length += chunk.byteLength;
  }

  #align(): void {
    const pad = (4 - (this.#length % 4)) % 4;
    if (pad > 0) this.#push(new Uint8Array(pad));
  }
}

export class ByteReader {
  readonly #bytes: Uint8Array;
  #at = 0;

  /** Throws RangeError when `bytes` does not start with this platform's byte-order mark. */
  constructor(bytes: Uint8Array) {
    // Views of 32-bit integers need a 4-byte aligned start; a pooled Buffer slice may not have one.
    this.#bytes = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
    if (this.u32() !== BYTE_ORDER_MARK) throw new RangeError('bytes: not written by ByteWriter on this byte order');
  }

  /** Whether every byte has been read. */
  get done(): boolean {
    return this.#at === this.#bytes.byteLength;
  }

  u32(): number {
    return this.uint32s(1)[0]!;
  }

  string(): string {
    const length = this.u32();
    const text = Buffer.from(this.#bytes.buffer, this.#take(length * 2), length * 2).toString('utf16le');
    this.#align();
    return text;
  }

  bytes(): Uint8Array {
    const length = this.u32();
    const out = new Uint8Array(this.#bytes.buffer, this.#take(length), length);
    this.#align();
    return out;
  }

  /** `count` signed integers, viewed in place (not copied). */
  int32s(count: number): Int32Array {
    return new Int32Array(this.#bytes.buffer, this.#take(count * 4), count);
  }

  /** `count` unsigned integers, viewed in place (not copied). */
  uint32s(count: number): Uint32Array {
    return new Uint32Array(this.#bytes.buffer, this.#take(count * 4), count);
  }

  /** The absolute offset of the next `length` bytes in the buffer, which are then consumed. */
  #take(length: number): number {
    if (!Number.isInteger(length) || length < 0 || this.#at + length > this.#bytes.byteLength) {
      throw new RangeError(`bytes: ${length} bytes asked at ${this.#at} of ${this.#bytes.byteLength}`);
    }
    const start = this.#bytes.byteOffset + this.#at;
    this.#at += length;
    return start;
  }

  #align(): void {
    this.#take((4 - (this.#at % 4)) % 4);
  }
}
