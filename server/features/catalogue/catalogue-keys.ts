/**
 * Redis keys of the read caches. Content keys carry the catalogue's version: an admin edit bumps it, so every
 * page and detail written before the edit becomes unreachable at once — including ones a rebuild still in
 * flight writes after the edit (a delete would miss those and leave stale text for a whole TTL).
 * The prefix is injectable so tests and benchmarks never share keys with the running app.
 */
export function catalogueKeys(prefix: string) {
  return {
    version: `${prefix}:version`,
    channel: `${prefix}:invalidate`,
    /**
     * Redis LIST of the page's coupon JSON entries, newest first. The list and its meta share a hash tag: they
     * are written in one MULTI, which a Redis Cluster allows within one slot only.
     */
    pageList: (version: number, size: number, page: number) => `${prefix}:{v${version}:page:${size}:${page}}`,
    /** `{"total":N,"count":k}`: exists iff the page is cached (an empty list cannot exist in Redis). */
    pageMeta: (version: number, size: number, page: number) => `${prefix}:{v${version}:page:${size}:${page}}:meta`,
    coupon: (version: number, id: number) => `${prefix}:v${version}:coupon:${id}`,
    maxId: (version: number) => `${prefix}:v${version}:max-id`,
    total: (version: number) => `${prefix}:v${version}:total`,
    lock: (contentKey: string) => `${prefix}:lock:${contentKey.slice(prefix.length + 1)}`,
  };
}

export type CatalogueKeys = ReturnType<typeof catalogueKeys>;
