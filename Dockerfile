# syntax=docker/dockerfile:1
# retention-service: the prediction API (docs/api.md, "Docker").
#   docker build -t retention-service .
#   docker run -p 8080:8080 -e ADMIN_TOKEN=$(openssl rand -hex 24) \
#     -v retention-models:/app/models -v retention-var:/app/var retention-service

# --- build: install every dependency, check the app builds, then drop dev dependencies -----------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches the platform.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
COPY config ./config
COPY openapi.yaml ./
# Fails the build when the routes no longer match the committed openapi.yaml (the app must load).
RUN node --import tsx scripts/openapi.ts --check
# tsx stays: it is a runtime dependency (TypeScript is run directly, there is no emitted JS).
RUN npm prune --omit=dev

# --- runtime: slim image, non-root, models and request log on volumes ---------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    MODELS_DIR=/app/models \
    DB_PATH=/app/var/requests.sqlite \
    LOG_LEVEL=info
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/tsconfig.json ./
COPY --from=build /app/src ./src
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/config ./config
# The default models shipped with the repository; a named volume on /app/models starts as a copy.
COPY models ./models
# Owned by node, so named volumes mounted here start writable by the service.
RUN mkdir -p /app/var/models /app/data && chown -R node:node /app/models /app/var /app/data
USER node
VOLUME ["/app/models", "/app/var"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node runs directly (no npm wrapper), so SIGTERM reaches the service, which drains and flushes.
CMD ["node", "--import", "tsx", "scripts/serve.ts"]
