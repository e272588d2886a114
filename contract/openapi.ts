import { z } from "zod";
import {
  adminCoupons,
  adminCouponView,
  createCouponBody,
  IMAGE_UPLOAD_MAX_BYTES,
  imageUploadTypes,
  saleActionBody,
  saleStats,
  updateCouponBody,
} from "@/contract/admin";
import { federatedLogoutAnswer } from "@/contract/auth";
import { couponDetailView, couponIdParam, couponPageView, couponView, listCouponsQuery } from "@/contract/coupons";
import { errorBody, errorStatus, validationIssue, type ErrorCode } from "@/contract/errors";
import { me } from "@/contract/me";
import {
  idempotencyKey,
  myOrders,
  myOrderView,
  orderIdParam,
  orderView,
  purchaseAccepted,
  purchaseBody,
  purchaseCouponIdParam,
} from "@/contract/orders";
import { joinRoomBody, roomChallengeView, roomStatusView } from "@/contract/room";

/**
 * The HTTP API as an OpenAPI 3.1 document, generated from the same zod schemas the server validates with and
 * the browser types itself by. Served at GET /api/openapi.json.
 */

type JsonSchema = Record<string, unknown>;

/** The named schemas, under components/schemas; operations point at them by name. */
const named = {
  Coupon: couponView,
  CouponPage: couponPageView,
  CouponDetail: couponDetailView,
  PurchaseBody: purchaseBody,
  PurchaseAccepted: purchaseAccepted,
  Order: orderView,
  MyOrder: myOrderView,
  MyOrders: myOrders,
  Me: me,
  RoomStatus: roomStatusView,
  RoomChallenge: roomChallengeView,
  JoinRoomBody: joinRoomBody,
  AdminCoupon: adminCouponView,
  AdminCoupons: adminCoupons,
  CreateCouponBody: createCouponBody,
  UpdateCouponBody: updateCouponBody,
  SaleActionBody: saleActionBody,
  SaleStats: saleStats,
  FederatedLogout: federatedLogoutAnswer,
  ValidationIssue: validationIssue,
  ErrorBody: errorBody,
} as const;
type SchemaName = keyof typeof named;

const schemaRef = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });

/** JSON Schema of a parameter as the URL or header carries it (text, before the server's conversion). */
function parameterSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return rest;
}

function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  // Output mode: request bodies are transform-free in the contract, so their input and output shapes agree.
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}` });
  const cleaned: Record<string, JsonSchema> = {};
  // The dialect is the document's (jsonSchemaDialect), and an $id with a fragment is not a valid 2020-12 $id.
  for (const [id, { $schema: _dialect, $id: _id, ...schema }] of Object.entries(schemas)) cleaned[id] = schema;
  return cleaned;
}

type Access = "anyone" | "shopper" | "admin";

interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  schema: z.ZodType;
  required: boolean;
  description: string;
}

interface Operation {
  method: "get" | "post" | "patch" | "delete";
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  access: Access;
  parameters?: Parameter[];
  body?: { schema: SchemaName; required: boolean } | "image";
  success: { status: number; description: string; schema?: SchemaName; json?: JsonSchema; contentType?: string };
  /** Codes this operation answers besides the ones every operation can (INTERNAL, TRY_AGAIN_LATER). */
  errors: ErrorCode[];
}

const couponIdPath: Parameter = {
  name: "id",
  in: "path",
  schema: couponIdParam,
  required: true,
  description: "Coupon id (digits only).",
};
const jsonBodyErrors: ErrorCode[] = ["BAD_REQUEST", "PAYLOAD_TOO_LARGE"];
const adminErrors: ErrorCode[] = ["UNAUTHENTICATED", "FORBIDDEN"];

const operations: Operation[] = [
  {
    method: "get",
    path: "/api/coupons",
    operationId: "listCoupons",
    summary: "A catalogue page, with live stock.",
    tag: "catalogue",
    access: "anyone",
    parameters: [
      { name: "page", in: "query", schema: listCouponsQuery.shape.page, required: false, description: "Page, from 1." },
      {
        name: "size",
        in: "query",
        schema: listCouponsQuery.shape.size,
        required: false,
        description: "Items per page.",
      },
    ],
    success: { status: 200, description: "The page.", schema: "CouponPage" },
    errors: ["BAD_REQUEST"],
  },
  {
    method: "get",
    path: "/api/coupons/{id}",
    operationId: "getCoupon",
    summary: "One coupon, with live stock and the server's clock.",
    tag: "catalogue",
    access: "anyone",
    parameters: [couponIdPath],
    success: { status: 200, description: "The coupon.", schema: "CouponDetail" },
    errors: ["BAD_REQUEST", "NOT_FOUND"],
  },
  {
    method: "post",
    path: "/api/coupons/{id}/purchase",
    operationId: "purchaseCoupon",
    summary: "Reserve one coupon; payment settles later (the order's status tells).",
    tag: "orders",
    access: "shopper",
    parameters: [
      { ...couponIdPath, schema: purchaseCouponIdParam, description: "Coupon id." },
      {
        name: "Idempotency-Key",
        in: "header",
        schema: idempotencyKey,
        required: false,
        description: "The same key for the same coupon answers with the same order for 24 h.",
      },
    ],
    body: { schema: "PurchaseBody", required: false },
    success: { status: 202, description: "Reserved; the order is PENDING.", schema: "PurchaseAccepted" },
    errors: [
      ...jsonBodyErrors,
      "UNAUTHENTICATED",
      "FORBIDDEN",
      "SALE_NOT_STARTED",
      "SALE_ENDED",
      "SALE_PAUSED",
      "NOT_ADMITTED",
      "NOT_FOUND",
      "SOLD_OUT",
      "ALREADY_PURCHASED",
      "RATE_LIMITED",
    ],
  },
  {
    method: "post",
    path: "/api/coupons/{id}/room",
    operationId: "joinWaitingRoom",
    summary:
      "Join the sale's waiting room (once: joining again keeps the place); where the caller stands. The body is the " +
      "solved proof of work of GET …/room/challenge, required while it is switched on (ignored when off); a proof " +
      "joins once.",
    tag: "waiting room",
    access: "shopper",
    parameters: [couponIdPath],
    body: { schema: "JoinRoomBody", required: false },
    success: { status: 200, description: "The caller's place.", schema: "RoomStatus" },
    errors: [
      ...jsonBodyErrors,
      "UNAUTHENTICATED",
      "FORBIDDEN",
      "PROOF_INVALID",
      "SALE_NOT_STARTED",
      "NOT_FOUND",
      "SOLD_OUT",
    ],
  },
  {
    method: "get",
    path: "/api/coupons/{id}/room/challenge",
    operationId: "getWaitingRoomChallenge",
    summary:
      "The proof of work to solve before joining the sale's waiting room: puzzle i asks for a nonce such that " +
      "SHA-256(`${challenge}:${i}:${nonce}`) starts with `difficultyBits` zero bits. Valid a few minutes, for " +
      "the caller and this sale only, once.",
    tag: "waiting room",
    access: "shopper",
    parameters: [couponIdPath],
    success: { status: 200, description: "The challenge, or `required: false`.", schema: "RoomChallenge" },
    errors: ["BAD_REQUEST", "UNAUTHENTICATED", "NOT_FOUND"],
  },
  {
    method: "get",
    path: "/api/coupons/{id}/room",
    operationId: "getWaitingRoomStatus",
    summary: "Where the caller stands in the sale's waiting room.",
    tag: "waiting room",
    access: "shopper",
    parameters: [couponIdPath],
    success: { status: 200, description: "The caller's place.", schema: "RoomStatus" },
    errors: ["BAD_REQUEST", "UNAUTHENTICATED", "NOT_FOUND"],
  },
  {
    method: "get",
    path: "/api/orders/{orderId}",
    operationId: "getOrder",
    summary: "The caller's order: PENDING, PAID or FAILED. Anyone else's is 404.",
    tag: "orders",
    access: "shopper",
    parameters: [
      { name: "orderId", in: "path", schema: orderIdParam, required: true, description: "Order id (UUID)." },
    ],
    success: { status: 200, description: "The order.", schema: "Order" },
    errors: ["UNAUTHENTICATED", "NOT_FOUND"],
  },
  {
    method: "get",
    path: "/api/me",
    operationId: "getMe",
    summary: "The caller's profile and credit.",
    tag: "me",
    access: "shopper",
    success: { status: 200, description: "The profile.", schema: "Me" },
    errors: ["UNAUTHENTICATED", "NOT_FOUND"],
  },
  {
    method: "get",
    path: "/api/me/orders",
    operationId: "listMyOrders",
    summary: "The caller's settled orders, newest first.",
    tag: "me",
    access: "shopper",
    success: { status: 200, description: "The orders.", schema: "MyOrders" },
    errors: ["UNAUTHENTICATED"],
  },
  {
    method: "get",
    path: "/api/auth/federated-logout",
    operationId: "federatedLogout",
    summary: "Keycloak's end-session URL for the caller's session (read before signing out).",
    tag: "auth",
    access: "anyone",
    success: { status: 200, description: "Where to send the browser.", schema: "FederatedLogout" },
    errors: [],
  },
  {
    method: "get",
    path: "/api/admin/coupons",
    operationId: "listAdminCoupons",
    summary: "Every coupon, disabled ones included, newest first, with sold counts.",
    tag: "admin",
    access: "admin",
    success: { status: 200, description: "The coupons.", schema: "AdminCoupons" },
    errors: adminErrors,
  },
  {
    method: "post",
    path: "/api/admin/coupons",
    operationId: "createCoupon",
    summary: "Create a coupon with full stock; its sale is loaded at once.",
    tag: "admin",
    access: "admin",
    body: { schema: "CreateCouponBody", required: true },
    success: { status: 201, description: "Created.", schema: "AdminCoupon" },
    errors: [...jsonBodyErrors, ...adminErrors],
  },
  {
    method: "patch",
    path: "/api/admin/coupons/{id}",
    operationId: "updateCoupon",
    summary: "Edit a coupon; stock may not go below what is sold or being paid for.",
    tag: "admin",
    access: "admin",
    parameters: [couponIdPath],
    body: { schema: "UpdateCouponBody", required: true },
    success: { status: 200, description: "The coupon after the edit.", schema: "AdminCoupon" },
    errors: [...jsonBodyErrors, ...adminErrors, "NOT_FOUND", "CONFLICT"],
  },
  {
    method: "delete",
    path: "/api/admin/coupons/{id}",
    operationId: "deleteCoupon",
    summary: "Delete a coupon nothing was sold of (else disable it).",
    tag: "admin",
    access: "admin",
    parameters: [couponIdPath],
    success: { status: 204, description: "Deleted." },
    errors: ["BAD_REQUEST", ...adminErrors, "NOT_FOUND", "CONFLICT"],
  },
  {
    method: "post",
    path: "/api/admin/coupons/{id}/image",
    operationId: "uploadCouponImage",
    summary: "Upload the coupon's image (PNG, JPEG, WebP or GIF, at most 2 MB).",
    tag: "admin",
    access: "admin",
    parameters: [couponIdPath],
    body: "image",
    success: { status: 200, description: "The coupon with its new image.", schema: "AdminCoupon" },
    errors: ["BAD_REQUEST", ...adminErrors, "NOT_FOUND", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"],
  },
  {
    method: "post",
    path: "/api/admin/coupons/{id}/sale",
    operationId: "changeSale",
    summary: "Pause, resume, end or disable the coupon's sale.",
    tag: "admin",
    access: "admin",
    parameters: [couponIdPath],
    body: { schema: "SaleActionBody", required: true },
    success: { status: 200, description: "The coupon after the change.", schema: "AdminCoupon" },
    errors: [...jsonBodyErrors, ...adminErrors, "NOT_FOUND", "CONFLICT"],
  },
  {
    method: "get",
    path: "/api/admin/coupons/{id}/stats",
    operationId: "getSaleStats",
    summary: "The live sale view: outcomes by reason, backlog, Kafka lag, auditor verdict.",
    tag: "admin",
    access: "admin",
    parameters: [couponIdPath],
    success: { status: 200, description: "The stats.", schema: "SaleStats" },
    errors: ["BAD_REQUEST", ...adminErrors, "NOT_FOUND"],
  },
  {
    method: "get",
    path: "/api/openapi.json",
    operationId: "getOpenApiDocument",
    summary: "This document.",
    tag: "operations",
    access: "anyone",
    success: { status: 200, description: "The OpenAPI 3.1 document.", json: { type: "object" } },
    errors: [],
  },
  {
    method: "get",
    path: "/healthz",
    operationId: "getHealth",
    summary: "Liveness of the instance answering.",
    tag: "operations",
    access: "anyone",
    success: {
      status: 200,
      description: "Alive.",
      json: {
        type: "object",
        properties: { status: { const: "ok" }, instanceId: { type: "string" } },
        required: ["status", "instanceId"],
      },
    },
    errors: [],
  },
  {
    method: "get",
    path: "/readyz",
    operationId: "getReadiness",
    summary: "Whether the instance's dependencies (MySQL, Redis, Kafka) answer; 503 when one does not.",
    tag: "operations",
    access: "anyone",
    success: {
      status: 200,
      description: "Ready (the same body with 503 when not).",
      json: {
        type: "object",
        properties: {
          ready: { type: "boolean" },
          checks: { type: "object", additionalProperties: { type: "boolean" } },
          instanceId: { type: "string" },
        },
        required: ["ready", "checks", "instanceId"],
      },
    },
    errors: [],
  },
  {
    method: "get",
    path: "/metrics",
    operationId: "getMetrics",
    summary: "Prometheus metrics of the instance answering.",
    tag: "operations",
    access: "anyone",
    success: {
      status: 200,
      description: "Prometheus text format.",
      contentType: "text/plain",
      json: { type: "string" },
    },
    errors: [],
  },
];

/** Every operation can meet a fault of ours or a dependency that is down. */
const alwaysPossible: ErrorCode[] = ["INTERNAL", "TRY_AGAIN_LATER"];

const errorDescriptions: Record<number, string> = {
  400: "The request is not valid; validation failures list `issues`.",
  401: "Not logged in.",
  403: "Not allowed, or the sale is not open.",
  404: "Not found.",
  409: "Conflicts with the current state.",
  413: "The body is too large.",
  415: "The upload's type is not supported.",
  429: "Too many requests; honour Retry-After.",
  500: "A fault on our side.",
  503: "Busy or a dependency is down; honour Retry-After.",
};

/** One response per status, naming the codes it can carry. */
function errorResponses(codes: ErrorCode[]): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set([...codes, ...alwaysPossible])) {
    const status = errorStatus[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, unknown> = {};
  for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const retryAfter = status === 429 || status === 503;
    responses[String(status)] = {
      description: `${errorDescriptions[status] ?? "Refused."} Codes: ${statusCodes.join(", ")}.`,
      ...(retryAfter
        ? { headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer", minimum: 1 } } } }
        : {}),
      content: {
        "application/json": {
          schema: { allOf: [schemaRef("ErrorBody"), { properties: { error: { enum: statusCodes } } }] },
        },
      },
    };
  }
  return responses;
}

function requestBody(body: NonNullable<Operation["body"]>) {
  if (body === "image") {
    return {
      required: true,
      content: {
        "multipart/form-data": {
          schema: {
            type: "object",
            properties: { image: { type: "string", contentMediaType: "application/octet-stream" } },
            required: ["image"],
          },
          encoding: { image: { contentType: imageUploadTypes.join(", ") } },
        },
      },
      description: `The image in the field \`image\`, at most ${IMAGE_UPLOAD_MAX_BYTES} bytes.`,
    };
  }
  return { required: body.required, content: { "application/json": { schema: schemaRef(body.schema) } } };
}

const security: Record<Access, unknown[]> = {
  anyone: [],
  // A Keycloak access token, or the browser's session cookie (which carries one).
  shopper: [{ bearerAuth: [] }, { sessionCookie: [] }],
  admin: [{ bearerAuth: [] }, { sessionCookie: [] }],
};

function toOperationObject(operation: Operation) {
  const { success } = operation;
  const successContent =
    success.schema || success.json
      ? {
          content: {
            [success.contentType ?? "application/json"]: { schema: success.json ?? schemaRef(success.schema!) },
          },
        }
      : {};
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    tags: [operation.tag],
    ...(operation.access === "admin" ? { description: "Needs the admin role." } : {}),
    security: security[operation.access],
    ...(operation.parameters
      ? {
          parameters: operation.parameters.map((parameter) => ({
            name: parameter.name,
            in: parameter.in,
            required: parameter.required,
            description: parameter.description,
            schema: parameterSchema(parameter.schema),
          })),
        }
      : {}),
    ...(operation.body ? { requestBody: requestBody(operation.body) } : {}),
    responses: {
      [String(success.status)]: { description: success.description, ...successContent },
      ...errorResponses(operation.errors),
    },
  };
}

/** The document; built on demand (it is cheap) so a test and the route see the same thing. */
export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    paths[operation.path] = { ...paths[operation.path], [operation.method]: toOperationObject(operation) };
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Flash Sale API",
      version: "1.0.0",
      description:
        "Money is integer cents; times are UTC ISO-8601. Every error is `{ error: CODE, message }` with the " +
        "status of its code; 400s from validation add `issues`. Purchase results arrive over Socket.IO " +
        "(`payment_update`) and from GET /api/orders/{orderId}.",
    },
    servers: [{ url: "/" }],
    tags: ["catalogue", "orders", "me", "auth", "admin", "operations"].map((name) => ({ name })),
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "Keycloak access token." },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "__Secure-next-auth.session-token",
          description: "The web app's session (next-auth.session-token over plain HTTP; may be split into .0, .1 …).",
        },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
