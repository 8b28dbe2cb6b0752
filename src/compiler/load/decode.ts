/**
 * Strict UTF-8 decoding that can say where a file stops being UTF-8, so the diagnostic points at
 * the offending byte instead of just rejecting the file.
 */
export type DecodeResult =
  { ok: true; text: string } | { ok: false; byteOffset: number; validPrefix: string };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeUtf8(bytes: Uint8Array): DecodeResult {
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const byteOffset = firstInvalidByte(bytes);
    return { ok: false, byteOffset, validPrefix: decoder.decode(bytes.subarray(0, byteOffset)) };
  }
}

function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    try {
      decoder.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}
