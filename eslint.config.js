import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "dist/**",
      ".run/**",
      "bench/results/**",
      "drizzle/migrations/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration from server/env.ts only." },
      ],
    },
  },
  {
    // The config module, and scripts that prepare child-process environments, are the places that may read it.
    files: ["server/env.ts", "infra/**", "tests/**", "bench/**", "playwright.config.ts", "scripts/**"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // Client components run in the browser: server code (connections, secrets) must never be imported there.
    files: ["app/**/*.client.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/server/*", "!@/server/**/types"], message: "Client code must not import server modules." },
          ],
        },
      ],
    },
  },
  {
    // The same wall for components/: types are erased from the browser bundle, so the API's shapes may still
    // come from the server's type modules (components/api-types.ts), as `import type` only.
    files: ["components/**/*.ts", "components/**/*.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/server", "@/server/**"],
              allowTypeImports: true,
              message: "Client code may import server types only (import type).",
            },
          ],
        },
      ],
    },
  },
  {
    // Features are the domain and know no door: server/http and server/realtime depend on them, never the reverse;
    // what a feature needs from a transport is a port it declares and the process start code wires in. The core
    // rule, so it adds to (rather than replaces) typescript-eslint's no-restricted-imports on server/**.
    files: ["server/features/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "next", message: "Features do not depend on Next.js; the route handler in app/ does." }],
          patterns: [
            {
              group: ["@/server/http", "@/server/http/**"],
              message: "Features must not know HTTP: read and map requests in server/http.",
            },
            {
              group: ["@/server/realtime", "@/server/realtime/**"],
              message: "Features must not import the socket server: declare a port and wire it at start.",
            },
            { group: ["@/bench", "@/bench/**"], message: "Features must not import bench code." },
            { group: ["next/*"], message: "Features do not depend on Next.js; the route handler in app/ does." },
          ],
        },
      ],
    },
  },
  {
    // Production code never imports the bench: its routes and door switch are added by bench/server.ts only.
    // The typescript-eslint twin of the core rule, so this object merges with, rather than replaces, the core
    // no-restricted-imports settings other objects give to the same files.
    files: ["server/**", "app/**", "workers/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/|(\\.\\.?/)+)?bench(/|$)",
              message: "Production code must not import bench/; compose it in bench/server.ts instead.",
            },
          ],
        },
      ],
    },
  },
);
