import QRCode from 'qrcode';

/** A QR login payload as a PNG the bot can send as a photo (large enough for a phone camera on a screen). */
export function qrPng(payload: string): Promise<Buffer> {
  return QRCode.toBuffer(payload, { type: 'png', width: 512, margin: 2, errorCorrectionLevel: 'M' });
}
