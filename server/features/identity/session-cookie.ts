/**
 * next-auth v4 stores its session JWT in `next-auth.session-token` (`__Secure-` prefixed over HTTPS) and splits it
 * into `.0`, `.1`, … chunks once it passes ~4 KB, which our access + refresh + id tokens do. Pure helpers, no I/O.
 */
export const sessionCookieNames = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    if (separator <= 0) continue;
    const name = part.slice(0, separator).trim();
    const raw = part.slice(separator + 1).trim();
    if (!name || cookies.has(name)) continue;
    cookies.set(name, safeDecode(raw));
  }
  return cookies;
}

/** The whole session token: the single cookie, or its chunks joined in index order (a gap means no session). */
export function readSessionToken(cookies: Map<string, string>): string | undefined {
  for (const name of sessionCookieNames) {
    const whole = cookies.get(name);
    if (whole) return whole;
    const chunks: string[] = [];
    for (let index = 0; ; index++) {
      const chunk = cookies.get(`${name}.${index}`);
      if (chunk === undefined) break;
      chunks.push(chunk);
    }
    if (chunks.length > 0) return chunks.join("");
  }
  return undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
