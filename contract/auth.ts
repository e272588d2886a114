import { z } from "zod";

/** Keycloak's end-session URL, read before the session cookie (which holds the id token) is cleared. */
export const federatedLogoutAnswer = z.object({ url: z.string() });
export type FederatedLogoutAnswer = z.infer<typeof federatedLogoutAnswer>;
