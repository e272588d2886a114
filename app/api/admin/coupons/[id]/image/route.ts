import { readImageUpload } from "@/server/http/read-image-upload";
import { uploadCouponImage } from "@/server/features/admin/upload-coupon-image";
import { parseCouponId } from "@/server/features/catalogue/catalogue-query";
import { authenticate } from "@/server/features/identity/authenticate-request";
import { route } from "@/server/http/next-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = route<{ id: string }>(async (request, params) => {
  await authenticate(request.headers, { admin: true });
  const couponId = parseCouponId(params.id);
  return uploadCouponImage(couponId, await readImageUpload(request));
});
