/**
 * Typed callback data for one family of buttons: `prefix:field1:field2`. Parsing returns null for data of
 * another family or of the wrong shape, so forged data never reaches a handler as trusted input.
 */
export interface CallbackData<F extends string> {
  readonly prefix: string;
  pack(values: Record<F, string | number>): string;
  unpack(data: string): Record<F, string> | null;
  /** Regex matching this family, for `bot.callbackQuery(...)`. */
  readonly filter: RegExp;
}

export function callbackData<F extends string>(prefix: string, fields: readonly F[]): CallbackData<F> {
  return {
    prefix,
    filter: new RegExp(`^${prefix}(:|$)`),
    pack(values) {
      const parts = fields.map((f) => {
        const v = String(values[f]);
        if (v.includes(':')) throw new Error(`callback value for ${f} contains ':'`);
        return v;
      });
      const data = [prefix, ...parts].join(':');
      if (Buffer.byteLength(data) > 64) throw new Error(`callback data over 64 bytes: ${prefix}`);
      return data;
    },
    unpack(data) {
      const parts = data.split(':');
      if (parts[0] !== prefix || parts.length !== fields.length + 1) return null;
      return Object.fromEntries(fields.map((f, i) => [f, parts[i + 1] ?? ''])) as Record<F, string>;
    },
  };
}
