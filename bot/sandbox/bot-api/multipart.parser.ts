// multipart/form-data as grammY writes it. Node's own `Request#formData()` rejects grammY's parts
// (`content-disposition:form-data;name="x";filename=report.csv`: no space, unquoted UTF-8 file name),
// so the emulator parses the format itself, leniently, as Telegram's server does.

/** One uploaded file part. */
export interface UploadedFile {
  /** The part name (`attach://<name>` refers to it). */
  field: string;
  fileName: string | undefined;
  contentType: string | undefined;
  data: Buffer;
}

/** The decoded body: text fields and file parts. */
export interface MultipartBody {
  fields: Record<string, string>;
  files: Map<string, UploadedFile>;
}

/** Thrown when the body is not well-formed multipart. */
export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

/** The `boundary` parameter of a multipart content type, if any. */
export function multipartBoundary(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** Splits a multipart body into fields and files. */
export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const result: MultipartBody = { fields: {}, files: new Map() };
  let position = body.indexOf(delimiter);
  if (position < 0) throw new MultipartError('multipart boundary not found');
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === '--') return result;
    if (body.subarray(position, position + 2).equals(CRLF)) position += 2;
    const headerEnd = body.indexOf(HEADER_END, position);
    if (headerEnd < 0) throw new MultipartError('multipart part without header end');
    const headers = parseHeaders(body.subarray(position, headerEnd).toString('utf8'));
    const contentStart = headerEnd + HEADER_END.length;
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), contentStart);
    if (next < 0) throw new MultipartError('multipart part is not terminated');
    addPart(result, headers, body.subarray(contentStart, next));
    position = next + CRLF.length;
  }
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function addPart(result: MultipartBody, headers: Map<string, string>, data: Buffer): void {
  const disposition = headers.get('content-disposition') ?? '';
  const nameMatch = /(?:^|;)\s*name=(?:"([^"]*)"|([^;]*))/i.exec(disposition);
  const field = nameMatch?.[1] ?? nameMatch?.[2]?.trim();
  if (field === undefined) throw new MultipartError('multipart part without a name');
  const fileName = partFileName(disposition);
  if (fileName === undefined && !headers.has('content-type')) {
    result.fields[field] = data.toString('utf8');
    return;
  }
  result.files.set(field, { field, fileName, contentType: headers.get('content-type'), data: Buffer.from(data) });
}

function partFileName(disposition: string): string | undefined {
  const extended = /filename\*=(?:UTF-8|utf-8)''([^;]*)/.exec(disposition);
  if (extended?.[1] !== undefined) return decodeURIComponent(extended[1]);
  // An unquoted name runs to the end of the header: grammY writes it last and does not escape it.
  const plain = /(?:^|;)\s*filename=(?:"([^"]*)"|(.*))$/i.exec(disposition);
  return plain?.[1] ?? plain?.[2]?.trim();
}
