import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The server (dotnet run) listens on 127.0.0.1:5080 by default; `npm run dev` proxies the API to it so the app can be
// developed with hot reload while the server runs.
const server = process.env.CASEFLOW_URL ?? 'http://127.0.0.1:5080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/health': { target: server, changeOrigin: false },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
