// Lint: the layering of ../DESIGN.md ("Layers and who may import whom") as rules that fail the build, plus
// TypeScript's recommended checks. Formatting is Prettier's job, not ESLint's.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const SANDBOX = {
  group: ["@/lib/sandbox", "@/lib/sandbox/*"],
  message: "The sandbox cluster is for start-up code (lib/server) and tests only.",
};
const APP = { group: ["@/app/*"], message: "Nothing imports from app/: move shared code into lib/." };
const ADAPTERS = {
  group: [
    "@/lib/k8s/*",
    "@/db",
    "@/db/*",
    "@/lib/repository/*",
    "@/lib/storage/*",
    "@/lib/hub/*",
    "@/lib/jobs/*",
    "@/lib/secrets/*",
    "@/lib/gateway/*",
    "@/lib/litellm/*",
    "@/lib/notifications/*",
  ],
  message: "Routes and pages call lib/services; only services talk to adapters (Kubernetes, database, storage).",
};
const SERVER_ONLY = {
  group: ["@/lib/*", "!@/lib/schemas", "!@/lib/schemas/*", "!@/lib/client", "!@/lib/client/*", "!@/lib/cn", "@/db", "@/db/*"],
  message: "Components import schemas, client helpers and types only (use `import type` for server types).",
};
const EDGE = { group: ["@/lib/http/*", "next", "next/*", "@/components/*"], message: "Services are framework-free: no HTTP or UI code." };
const SERVICES = { group: ["@/lib/services/*", "@/lib/http/*"], message: "Adapters sit below services: they never call up." };

const restrict = (...patterns) => ({
  "@typescript-eslint/no-restricted-imports": ["error", { patterns: patterns.map((pattern) => ({ ...pattern, allowTypeImports: true })) }],
});

export default tseslint.config(
  { ignores: [".next/**", "dist/**", "node_modules/**", "next-env.d.ts", ".modelport*/**", "test-results/**", "playwright-report/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      "no-control-regex": "off", // refusing control characters is what some of our patterns are for
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Read configuration through lib/config.ts, the only reader of process.env.",
        },
      ],
    },
  },
  { files: ["app/**"], rules: restrict(ADAPTERS, SANDBOX, APP) },
  { files: ["components/**", "lib/client/**"], rules: restrict(SERVER_ONLY, APP) },
  { files: ["lib/services/**"], rules: restrict(EDGE, SANDBOX, APP) },
  {
    files: [
      "lib/k8s/**",
      "db/**",
      "lib/auth/**",
      "lib/schemas/**",
      "lib/observability/**",
      "lib/repository/**",
      "lib/storage/**",
      "lib/hub/**",
      "lib/jobs/**",
      "lib/secrets/**",
      "lib/hashing/**",
      "lib/gateway/**",
      "lib/litellm/**",
      "lib/notifications/**",
    ],
    rules: restrict(SERVICES, SANDBOX, APP),
  },
  { files: ["lib/http/**", "lib/contracts/**", "lib/openapi/**"], rules: restrict(SANDBOX, APP) },
  // Start-up code and tests may reach the sandbox; configuration and scripts read the environment.
  {
    files: ["lib/config.ts", "lib/server/main.ts", "scripts/**", "tests/**", "e2e/**", "bench/**", "*.config.*", "**/*.test.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    files: ["**/*.test.ts", "tests/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-restricted-imports": "off" },
  },
  {
    files: ["scripts/**/*.mjs"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        setTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        clearTimeout: "readonly",
        URL: "readonly",
      },
    },
  },
);
