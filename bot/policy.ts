import { readFileSync } from 'node:fs';
import path from 'node:path';

type Translate = (key: string, vars?: Record<string, string | number>) => string;

let cached: Buffer | undefined;

/** The privacy policy's full text, sent as a document when no public URL is configured. */
export function policyDocument(): Buffer {
  cached ??= readFileSync(path.join(import.meta.dirname, 'i18n', 'policy', 'privacy-policy.en.md'));
  return cached;
}

/** The policy's URL when configured, else a pointer to the "Full text" button. */
export function policyLink(t: Translate, url?: string): string {
  return url ?? t('privacy-policy-link');
}
