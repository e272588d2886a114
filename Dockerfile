# syntax=docker/dockerfile:1
# One image for the app instances, the payment worker and the setup job (migrations, topics): the command picks
# the process. Build: docker build -t flash-sale:local .
#   app:     (default command)
#   worker:  node dist/workers/payment-worker.js
#   setup:   node dist/scripts/migrate.js && node dist/scripts/create-topics.js
# The target `local-s3` is the S3 stand-in docker-compose.yml runs; production uses S3 itself.
# What runs is JavaScript compiled by `npm run build:server` (infra/docker/build-server.ts explains how) and the
# Next.js build, on plain node with production dependencies only.

ARG NODE_IMAGE=node:24-bookworm-slim

# Every dependency: Next.js and the server build need TypeScript, esbuild and the type packages.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# Production dependencies only, installed from the same lock file.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
# next build's own cache (.next/cache) only speeds up the next build: not shipped.
RUN npx next build && rm -rf .next/cache && npm run build:server

FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: forwards SIGTERM to node (which drains and disconnects, server/infra/shutdown.ts) and reaps
# zombies, so `docker stop` and a pod's termination end the process cleanly instead of after the kill timeout.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    WORKER_HOST=0.0.0.0 \
    WORKER_PORT=3100
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json next.config.ts ./
COPY lua ./lua
COPY drizzle/migrations ./drizzle/migrations
COPY public ./public
COPY --from=build /app/dist ./dist
# Next.js writes its runtime cache under .next: the image's user owns it; everything else stays root's, read-only.
COPY --from=build --chown=node:node /app/.next ./.next
USER node
EXPOSE 3000 3100
ENTRYPOINT ["/usr/bin/tini", "--"]
# Liveness of the default command (an app instance); the worker's compose service and the Kubernetes probes
# set their own.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The app's node flags and the ports above are infra/topology.json's, as in the local stack (why this flag:
# infra/topology.ts; tests/deploy/topology.test.ts holds this file to it).
CMD ["node", "--heap-growing-percent=20", "dist/server/index.js"]

# docker-compose.yml's S3-compatible server (s3rver is a devDependency: never in the runtime image).
FROM runtime AS local-s3
USER root
COPY --from=deps /app/node_modules ./node_modules
RUN mkdir -p .run/s3 && chown -R node:node .run
USER node
EXPOSE 4569
HEALTHCHECK --interval=5s --timeout=3s --retries=30 \
  CMD ["node", "-e", "require('net').connect(4569, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))"]
CMD ["node", "dist/infra/s3/s3-server.js"]

# The default target is the production image.
FROM runtime
