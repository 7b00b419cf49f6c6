/** True when an origin is an http(s) URL rather than a file path. */
export function isUrl(origin: string): boolean {
  return /^https?:\/\//i.test(origin);
}

/** The host of an http(s) URL without a leading "www."; null for file paths and bad URLs. */
export function hostOf(origin: string): string | null {
  if (!isUrl(origin)) return null;
  try {
    return new URL(origin).hostname.replace(/^www\./i, '') || null;
  } catch {
    return null;
  }
}
