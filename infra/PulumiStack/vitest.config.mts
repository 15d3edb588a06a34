import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["tests/**/*.test.ts"],
        // Loading @pulumi/aws takes seconds; every test file runs the whole program once or twice.
        testTimeout: 60_000,
        hookTimeout: 60_000,
    },
});
