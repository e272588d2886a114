// A plain <img>: images come from NGINX/S3 with cache headers, and next/image optimisation is off in next.config.
// The placeholder lives outside /images/, which NGINX sends to the S3 bucket.
export function CouponImage({ src, alt, className }: { src: string | null; alt: string; className?: string }) {
  return (
    // eslint-disable-next-line @next/next/no-img-element -- optimisation is off (see above), so next/image would add nothing
    <img
      src={src ?? "/coupon-placeholder.svg"}
      alt={alt}
      className={className}
      loading="lazy"
      data-testid="coupon-image"
    />
  );
}
