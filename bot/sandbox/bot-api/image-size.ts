// Width and height of PNG, JPEG and GIF images from their headers: enough for Telegram's PhotoSize
// arrays without an image library. Other bytes are "not an image", as Telegram's IMAGE_PROCESS_FAILED.

/** Pixel dimensions of an image. */
export interface ImageSize {
  width: number;
  height: number;
}

/** Reads the dimensions, or undefined when the bytes are not a PNG, JPEG or GIF image. */
export function imageSize(data: Buffer): ImageSize | undefined {
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47 && data.toString('latin1', 12, 16) === 'IHDR') {
    return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  if (data.length >= 10 && data.toString('latin1', 0, 4) === 'GIF8') {
    return { width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
  }
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8) return jpegSize(data);
  return undefined;
}

function jpegSize(data: Buffer): ImageSize | undefined {
  let offset = 2;
  while (offset + 9 < data.length) {
    if (data[offset] !== 0xff) return undefined;
    const marker = data[offset + 1]!;
    // SOF0–SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: data.readUInt16BE(offset + 5), width: data.readUInt16BE(offset + 7) };
    }
    offset += 2 + data.readUInt16BE(offset + 2);
  }
  return undefined;
}

/** Telegram's photo size ladder (longest side per size letter). */
const LADDER = [90, 320, 800, 1280, 2560];

/** The PhotoSize dimensions Telegram would produce: smaller copies, then the original (capped at 2560). */
export function photoLadder(size: ImageSize): ImageSize[] {
  const longest = Math.max(size.width, size.height);
  const scaled = (limit: number): ImageSize => {
    const factor = Math.min(1, limit / longest);
    return { width: Math.max(1, Math.round(size.width * factor)), height: Math.max(1, Math.round(size.height * factor)) };
  };
  const smaller = LADDER.filter((limit) => limit < longest && limit < 2560).map(scaled);
  return [...smaller, scaled(2560)];
}
