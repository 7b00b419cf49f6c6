/** What the evidence readers take in and give back: raw bytes in, clean document text out. */

export type SourceFormat = 'text' | 'html' | 'pdf' | 'feed';

/** Bytes as loaded from a file or a URL, before any decoding. */
export interface RawSource {
  /** File path or URL. */
  origin: string;
  bytes: Buffer;
  /** The HTTP Content-Type when fetched; null for local files. */
  contentType: string | null;
}

export interface ExtractedDocument {
  /** File path or URL; for feed entries the entry link (or `origin#n`). */
  origin: string;
  /** Format of the input the text came from. */
  format: SourceFormat;
  title: string | null;
  /** Clean text: paragraphs separated by "\n\n", whitespace normalised, NFC. */
  text: string;
  /** ISO yyyy-mm-dd when the input states it, else null. */
  publishedOn: string | null;
  /** Site name, host without www., or feed title; null for local text. */
  publisher: string | null;
  url: string | null;
}

export interface Limits {
  /** Largest input accepted, in bytes (file size or response body). */
  maxBytes: number;
  /** Whole fetch, redirects included. */
  timeoutMs: number;
  maxRedirects: number;
  /** Deepest tag nesting parsed; deeper HTML is refused before parsing. */
  maxHtmlDepth: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxBytes: 20 * 1024 * 1024,
  timeoutMs: 15_000,
  maxRedirects: 5,
  maxHtmlDepth: 500,
});

export function resolveLimits(partial: Partial<Limits> = {}): Limits {
  return { ...DEFAULT_LIMITS, ...partial };
}
