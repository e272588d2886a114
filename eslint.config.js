import nextPlugin from "@next/eslint-plugin-next";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
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
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            {
              from: "package",
              package: "node:test",
              name: ["describe", "it", "suite", "test", "only", "skip", "todo"],
            },
          ],
        },
      ],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration from server/env.ts only." },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Custom hooks live in .ts files beside the components that use them.
    files: ["app/**/*.tsx", "components/**/*.ts", "components/**/*.tsx"],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ["app/**/*.tsx", "components/**/*.tsx"],
    ...jsxA11y.flatConfigs.recommended,
  },
  {
    files: ["app/**/*.ts", "app/**/*.tsx", "components/**/*.ts", "components/**/*.tsx"],
    plugins: { "@next/next": nextPlugin },
    rules: { ...nextPlugin.configs.recommended.rules, ...nextPlugin.configs["core-web-vitals"].rules },
  },
  {
    // Test doubles implement async interfaces with bodies that have nothing to await; `async` there says what the
    // double stands for, so the rule would only add noise in tests.
    files: ["**/*.test.ts", "tests/**"],
    rules: { "@typescript-eslint/require-await": "off" },
  },
  {
    // contract/ runs in the browser and on the server: it imports zod and contract/ only.
    files: ["contract/**/*.ts"],
    ignores: ["contract/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/server/*",
                "@/components/*",
                "@/app/*",
                "@/drizzle/*",
                "@/bench/*",
                "@/infra/*",
                "next",
                "next/*",
                "react",
                "react-dom",
                "node:*",
              ],
              message: "contract/ is shared with the browser: import zod and @/contract/* only.",
            },
          ],
        },
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
