# syntax=docker/dockerfile:1
# One image for every Node process of the stack (app instances, payment worker, setup job, local S3 server);
# docker-compose.yml picks the command. Build: docker build -t flash-sale:local .

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npx next build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000
COPY --from=build --chown=node:node /app ./
RUN mkdir -p .run/s3 && chown -R node:node .run
USER node
EXPOSE 3000
# --heap-growing-percent=20: flat memory under a sale's load (see infra/lib/stack.sh).
CMD ["node_modules/.bin/tsx", "--heap-growing-percent=20", "server/index.ts"]
