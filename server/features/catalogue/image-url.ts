import { env } from "@/server/env";

/** Where browsers fetch a coupon's image (NGINX → bucket locally, a CDN in production); null without one. */
export function couponImageUrl(imageKey: string | null, base: string = env.IMAGES_PUBLIC_URL): string | null {
  return imageKey ? `${base.replace(/\/+$/, "")}/${imageKey}` : null;
}
