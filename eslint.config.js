import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", "dist/**", ".run/**", "bench/results/**", "drizzle/migrations/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
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
    files: ["components/**/*.tsx", "app/**/*.client.tsx"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/server/*", "!@/server/**/types"], message: "Client code must not import server modules." }] }],
    },
  },
);
