import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { count, eq } from "drizzle-orm";
import { coupons, creditLedger, orders, users } from "@/drizzle/schema";
import { defaultWaitingRoom } from "@/contract/admin";
import { env } from "@/server/env";
import { waitingRoomColumns } from "@/server/features/admin/waiting-room-columns";
import { invalidateCoupon } from "@/server/features/catalogue/catalogue";
import { couponKeys } from "@/server/keys/coupon-keys";
import { closeConnections } from "@/server/infra/close-connections";
import { db } from "@/server/infra/db";
import { redis } from "@/server/infra/redis";

/**
 * Demo data, idempotent: twelve coupons with fixed ids 1..12 and the four realm users with credit.
 * A demo coupon that nobody has ordered yet is re-based on every run (window relative to now, stock reset), so a
 * restart the next day still shows a live sale. Coupons with orders (settled in MySQL or still pending in Redis), and
 * rows that are not demo coupons, are left alone. Each coupon gets an SVG card uploaded to the bucket; `imageKey` points at it.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface DemoCoupon {
  id: number;
  name: string;
  description: string;
  /** Cents. */
  price: number;
  /** Cents, the usual price the badge's discount is taken from; left out where the deal has no usual price. */
  listPrice?: number;
  totalStock: number;
  stock?: number;
  /** Offsets from now, in ms. */
  startsIn: number;
  endsIn: number;
  /** A demo sale behind a waiting room, with the room's default settings (the rate from the config). */
  hasWaitingRoom?: boolean;
  badge: string;
  card: { title: string; from: string; to: string };
}

const demoCoupons: DemoCoupon[] = [
  {
    id: 1,
    name: "Two Flat Whites for One",
    description: "Bring a friend to Corner Roasters: buy one flat white, the second is on us. Any branch, any day.",
    price: 350,
    totalStock: 200,
    startsIn: -10 * MINUTE,
    endsIn: 4 * HOUR,
    badge: "2 FOR 1",
    card: { title: "Flat White", from: "#6f4e37", to: "#c08552" },
  },
  {
    id: 2,
    name: "Cinema Night for Two",
    description: "Two tickets for any evening screening at Starlight Cinemas, with a large popcorn to share.",
    price: 1200,
    listPrice: 2200,
    totalStock: 150,
    startsIn: -30 * MINUTE,
    endsIn: 3 * HOUR,
    badge: "-45%",
    card: { title: "Cinema Night", from: "#1e1b4b", to: "#7c3aed" },
  },
  {
    id: 3,
    name: "Trail Runners, 40% Off",
    description: "Forty percent off any pair of trail running shoes at Stride & Co. One pair per coupon.",
    price: 2500,
    listPrice: 4200,
    totalStock: 100,
    startsIn: -5 * MINUTE,
    endsIn: 2 * HOUR,
    badge: "40% OFF",
    card: { title: "Trail Runners", from: "#065f46", to: "#34d399" },
  },
  {
    id: 4,
    name: "Weekend Spa Day Pass",
    description:
      "A full day at Blue Lagoon Spa on Saturday or Sunday: pools, sauna, steam room and a 30-minute massage.",
    price: 4900,
    listPrice: 9800,
    totalStock: 50,
    startsIn: -1 * HOUR,
    endsIn: 5 * HOUR,
    badge: "-50%",
    card: { title: "Spa Day", from: "#0e7490", to: "#67e8f9" },
  },
  {
    id: 5,
    name: "Omakase Dinner for Two",
    description: "Chef's twelve-course omakase at Sushi Kaze for two people, 30% below the menu price.",
    price: 3900,
    listPrice: 5600,
    totalStock: 80,
    startsIn: -15 * MINUTE,
    endsIn: 3 * HOUR,
    badge: "30% OFF",
    card: { title: "Omakase", from: "#7f1d1d", to: "#f87171" },
  },
  {
    id: 6,
    name: "Bookshop Gift Card: 25 for 15",
    description: "A 25.00 gift card for Paper Lantern Books, yours for 15.00. Valid for a year, in store and online.",
    price: 1500,
    listPrice: 2500,
    totalStock: 300,
    startsIn: -2 * HOUR,
    endsIn: 6 * HOUR,
    badge: "SAVE 40%",
    card: { title: "Bookshop", from: "#78350f", to: "#fbbf24" },
  },
  {
    id: 7,
    name: "Mechanical Keyboard at Half Price",
    description:
      "A hot-swappable 75% mechanical keyboard with tactile switches from KeyForge, half off the list price.",
    price: 4500,
    listPrice: 9000,
    totalStock: 40,
    startsIn: 2 * MINUTE,
    endsIn: 3 * HOUR,
    badge: "HALF PRICE",
    card: { title: "Keyboard", from: "#111827", to: "#6b7280" },
  },
  {
    id: 8,
    name: "Noise-Cancelling Headphones, 35% Off",
    description: "Over-ear wireless headphones with active noise cancelling and 30 hours of battery, 35% off.",
    price: 8900,
    listPrice: 13700,
    totalStock: 30,
    startsIn: 5 * MINUTE,
    endsIn: 3 * HOUR,
    hasWaitingRoom: true,
    badge: "35% OFF",
    card: { title: "Headphones", from: "#312e81", to: "#818cf8" },
  },
  {
    id: 9,
    name: "Any Large Pizza for 5.00",
    description: "Any large pizza from Forno Rosso's menu for a flat 5.00, collection or delivery.",
    price: 500,
    totalStock: 500,
    startsIn: 10 * MINUTE,
    endsIn: 4 * HOUR,
    badge: "5.00",
    card: { title: "Pizza Friday", from: "#9a3412", to: "#fb923c" },
  },
  {
    id: 10,
    name: "Festival Early-Bird Upgrade",
    description: "Upgrade a standard festival pass to the front-stage area. The early-bird batch went in minutes.",
    price: 2000,
    listPrice: 5000,
    totalStock: 60,
    stock: 0,
    startsIn: -45 * MINUTE,
    endsIn: 2 * HOUR,
    badge: "-60%",
    card: { title: "Festival Pass", from: "#831843", to: "#f472b6" },
  },
  {
    id: 11,
    name: "Unlimited Yoga, One Month",
    description: "A month of unlimited classes at Lotus Studio. This sale has ended; watch for the next one.",
    price: 2900,
    listPrice: 6500,
    totalStock: 100,
    startsIn: -3 * HOUR,
    endsIn: -1 * HOUR,
    badge: "-55%",
    card: { title: "Yoga Month", from: "#365314", to: "#a3e635" },
  },
  {
    id: 12,
    name: "Bike Tune-Up Special",
    description: "Full service at Spoke & Chain: gears, brakes, wheel truing and a chain clean. Ends within the hour.",
    price: 1900,
    listPrice: 3200,
    totalStock: 120,
    startsIn: -20 * MINUTE,
    endsIn: 1 * HOUR,
    badge: "-40%",
    card: { title: "Bike Tune-Up", from: "#1e3a8a", to: "#38bdf8" },
  },
];

/** Credit in cents. Carol's is deliberately below every price: the "not enough credit" demo. */
const demoUsers = [
  { id: "0b7e3f4e-0000-4000-8000-000000000001", email: "admin@example.com", credit: 100_000 },
  { id: "0b7e3f4e-0000-4000-8000-000000000002", email: "alice@example.com", credit: 10_000 },
  { id: "0b7e3f4e-0000-4000-8000-000000000003", email: "bob@example.com", credit: 10_000 },
  { id: "0b7e3f4e-0000-4000-8000-000000000004", email: "carol@example.com", credit: 500 },
];

const DEMO_IMAGE_PREFIX = "demo/";

function escapeXml(text: string) {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function couponCardSvg(coupon: DemoCoupon): string {
  const { title, from, to } = coupon.card;
  const gradient = `g${coupon.id}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400" viewBox="0 0 640 400" role="img" aria-label="${escapeXml(coupon.name)}">
  <defs>
    <linearGradient id="${gradient}" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="${from}"/>
      <stop offset="1" stop-color="${to}"/>
    </linearGradient>
  </defs>
  <rect width="640" height="400" rx="28" fill="url(#${gradient})"/>
  <circle cx="0" cy="200" r="26" fill="#ffffff" fill-opacity="0.9"/>
  <circle cx="640" cy="200" r="26" fill="#ffffff" fill-opacity="0.9"/>
  <line x1="470" y1="30" x2="470" y2="370" stroke="#ffffff" stroke-opacity="0.55" stroke-width="3" stroke-dasharray="10 10"/>
  <text x="40" y="72" fill="#ffffff" fill-opacity="0.85" font-family="Helvetica, Arial, sans-serif" font-size="22" font-weight="700" letter-spacing="6">FLASH SALE</text>
  <text x="40" y="200" fill="#ffffff" font-family="Helvetica, Arial, sans-serif" font-size="${coupon.badge.length > 8 ? 56 : 76}" font-weight="800">${escapeXml(coupon.badge)}</text>
  <text x="40" y="300" fill="#ffffff" font-family="Helvetica, Arial, sans-serif" font-size="38" font-weight="600">${escapeXml(title)}</text>
  <text x="555" y="215" fill="#ffffff" font-family="Helvetica, Arial, sans-serif" font-size="26" font-weight="700" text-anchor="middle" transform="rotate(-90 555 200)">COUPON</text>
</svg>
`;
}

function imageKeyOf(coupon: DemoCoupon) {
  return `${DEMO_IMAGE_PREFIX}coupon-${coupon.id}.svg`;
}

async function uploadImages(s3: S3Client) {
  await Promise.all(
    demoCoupons.map((coupon) =>
      s3.send(
        new PutObjectCommand({
          Bucket: env.S3_BUCKET,
          Key: imageKeyOf(coupon),
          Body: couponCardSvg(coupon),
          ContentType: "image/svg+xml",
          CacheControl: "public, max-age=86400",
        }),
      ),
    ),
  );
}

async function main() {
  const s3 = new S3Client({
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
  });
  try {
    await uploadImages(s3);

    const now = Date.now();
    const summary = { created: 0, rebased: 0, keptWithOrders: 0, skippedNotDemo: 0 };
    const changedIds: number[] = [];
    for (const demo of demoCoupons) {
      const values = {
        name: demo.name,
        description: demo.description,
        price: demo.price,
        listPrice: demo.listPrice ?? null,
        imageKey: imageKeyOf(demo),
        totalStock: demo.totalStock,
        stock: demo.stock ?? demo.totalStock,
        // Whole seconds keep the displayed times tidy.
        saleStart: new Date(Math.floor((now + demo.startsIn) / 1000) * 1000),
        saleEnd: new Date(Math.floor((now + demo.endsIn) / 1000) * 1000),
        saleState: "ACTIVE" as const,
        ...waitingRoomColumns({ ...defaultWaitingRoom, enabled: demo.hasWaitingRoom ?? false }),
      };
      const [existing] = await db
        .select({ imageKey: coupons.imageKey, version: coupons.version })
        .from(coupons)
        .where(eq(coupons.id, demo.id));
      if (!existing) {
        await db.insert(coupons).values({ id: demo.id, ...values });
        summary.created++;
        changedIds.push(demo.id);
        continue;
      }
      if (!existing.imageKey?.startsWith(DEMO_IMAGE_PREFIX)) {
        summary.skippedNotDemo++;
        continue;
      }
      const keys = couponKeys(demo.id);
      const [orderCount] = await db.select({ n: count() }).from(orders).where(eq(orders.couponId, demo.id));
      const [buyers, pending] = await Promise.all([redis.scard(keys.buyers), redis.hlen(keys.pending)]);
      if ((orderCount?.n ?? 0) > 0 || buyers > 0 || pending > 0) {
        summary.keptWithOrders++;
        continue;
      }
      await db
        .update(coupons)
        .set({ ...values, version: existing.version + 1 })
        .where(eq(coupons.id, demo.id));
      // The warm-up keeps a live stock key; nobody bought, so dropping it lets the warm-up load the reset stock.
      // The room goes too: its line belongs to the old window, and room-open.lua keeps a line it finds.
      await redis.del(keys.stock, keys.room, keys.roomQueue, keys.roomAdmitted);
      summary.rebased++;
      changedIds.push(demo.id);
    }

    // Pages cached before the re-base would show the old windows: retire them and drop every instance's L1.
    for (const id of changedIds) await invalidateCoupon(id);

    let usersCreated = 0;
    for (const user of demoUsers) {
      const created = await db.transaction(async (tx) => {
        const [present] = await tx.select({ id: users.id }).from(users).where(eq(users.id, user.id)).for("update");
        if (present) return false;
        await tx.insert(users).values(user);
        await tx.insert(creditLedger).values({ userId: user.id, kind: "GRANT", amount: user.credit });
        return true;
      });
      if (created) usersCreated++;
    }

    console.log(
      `seed: coupons created ${summary.created}, re-based ${summary.rebased}, kept (have orders) ${summary.keptWithOrders}, ` +
        `not demo ${summary.skippedNotDemo}; users created ${usersCreated}; ${demoCoupons.length} images uploaded`,
    );
  } finally {
    s3.destroy();
    await closeConnections();
  }
}

main().catch((error: unknown) => {
  console.error(`seeding failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
