// Development users of the embedded issuer and their Keycloak-shaped claims.

export interface DevUser {
  username: string;
  email: string;
  name: string;
  realmRoles: string[];
  groups: string[];
}

export const DEV_USERS: DevUser[] = [
  {
    username: "admin",
    email: "admin@modelport.local",
    name: "Ada Admin",
    realmRoles: ["modelport-admin"],
    groups: [],
  },
  {
    username: "alice",
    email: "alice@modelport.local",
    name: "Alice (tenant-a member)",
    realmRoles: [],
    groups: ["/tenants/tenant-a/member"],
  },
  {
    username: "bob",
    email: "bob@modelport.local",
    name: "Bob (tenant-b member)",
    realmRoles: [],
    groups: ["/tenants/tenant-b/member"],
  },
  {
    username: "victor",
    email: "victor@modelport.local",
    name: "Victor (tenant-a viewer)",
    realmRoles: [],
    groups: ["/tenants/tenant-a/viewer"],
  },
];

export interface UserClaims {
  sub: string;
  email: string;
  email_verified: true;
  name: string;
  preferred_username: string;
  groups: string[];
  realm_access: { roles: string[] };
}

// Which claims each scope releases; groups and realm_access ride on openid so that
// "openid email profile" yields every claim, as Modelport's Keycloak realm does.
export const CLAIMS_BY_SCOPE: Record<string, (keyof UserClaims)[]> = {
  openid: ["sub", "groups", "realm_access"],
  email: ["email", "email_verified"],
  profile: ["name", "preferred_username"],
};

export function userClaims(user: DevUser): UserClaims {
  return {
    sub: user.username,
    email: user.email,
    email_verified: true,
    name: user.name,
    preferred_username: user.username,
    groups: [...user.groups],
    realm_access: { roles: [...user.realmRoles] },
  };
}

export function claimsForScopes(user: DevUser, scopes: Iterable<string>): Partial<UserClaims> {
  const all = userClaims(user);
  const released: Partial<UserClaims> = { sub: all.sub };
  for (const scope of scopes) {
    for (const claim of CLAIMS_BY_SCOPE[scope] ?? []) {
      Object.assign(released, { [claim]: all[claim] });
    }
  }
  return released;
}

// Keycloak stores usernames lower-cased, so sign-in is case-insensitive there too.
export function findUser(users: DevUser[], username: string): DevUser | undefined {
  const wanted = username.trim().toLowerCase();
  return users.find((user) => user.username.toLowerCase() === wanted);
}
