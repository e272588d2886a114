/** Who is calling, as proven by a verified Keycloak access token. */
export interface AuthUser {
  /** Keycloak subject; also users.id in MySQL. */
  id: string;
  email: string;
  roles: string[];
}

export function isAdmin(user: AuthUser): boolean {
  return user.roles.includes("admin");
}
