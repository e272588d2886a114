export interface ProbeAnswer {
  status: number;
  body: string;
  headers: Headers;
}

/** One GET that never throws: undefined when nothing answered in time (a probe of what the stack offers). */
export async function probe(url: string, timeoutMs = 3000): Promise<ProbeAnswer | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: await response.text(), headers: response.headers };
  } catch {
    return undefined;
  }
}
