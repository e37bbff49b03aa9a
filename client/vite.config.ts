import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The browser talks to one origin: Vite proxies the api and the collab WebSocket, so the
// session cookie reaches both servers. Targets come from the environment for tests.
const apiTarget = process.env.API_PROXY_TARGET ?? "http://127.0.0.1:3001";
const collabTarget = process.env.COLLAB_PROXY_TARGET ?? "ws://127.0.0.1:3002";

const proxy = {
  "/api": { target: apiTarget, changeOrigin: false },
  "/collab": { target: collabTarget, ws: true, changeOrigin: false },
};

export default defineConfig({
  plugins: [react()],
  server: { port: Number(process.env.CLIENT_PORT ?? 5173), strictPort: true, host: "127.0.0.1", proxy },
  preview: { port: Number(process.env.CLIENT_PORT ?? 4173), strictPort: true, host: "127.0.0.1", proxy },
  // CLIENT_OUT_DIR lets concurrent browser-test runs each build and preview their own copy.
  build: {
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
    outDir: process.env.CLIENT_OUT_DIR ?? "dist",
    emptyOutDir: true,
  },
});
