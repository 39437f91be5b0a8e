# syntax=docker/dockerfile:1
# gateway (GraphQL, REST, WebSocket notifications) and the console it serves at /.
# Build from the repository root:
#   docker build -f deploy/gateway.Dockerfile -t tenantry/gateway:0.1.0 .
# Pin the base images by digest for reproducible builds (see deploy/README.md).
ARG BUILD_IMAGE=node:24-bookworm
ARG RUNTIME_IMAGE=node:24-bookworm-slim

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY . .
# Exactly the lockfile's packages; dev dependencies are needed to compile.
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
# The services and libraries (tsc -b), then the console (Vite) into services/console/dist.
RUN npm run build
# Production packages only (the embedded PostgreSQL is a dev dependency), then gather what runs:
# the GraphQL schema files are read at start, the console is served from services/console/dist.
RUN npm prune --omit=dev --no-audit --no-fund \
 && mkdir -p /out \
 && cp -a --parents package.json node_modules libs/*/package.json libs/*/dist \
      services/gateway/package.json services/gateway/dist services/gateway/schema \
      services/console/package.json services/console/dist /out/

# Same Debian (glibc) as the build stage, so native packages (argon2, the KurrentDB bridge) match.
FROM ${RUNTIME_IMAGE}
ENV NODE_ENV=production \
    PORT=4000
WORKDIR /app
# Owned by root and read-only to the service user.
COPY --from=build /out/ ./
USER node
# GraphQL (/graphql, WebSocket too), REST (/api), the console, /healthz, /readyz, /metrics
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "services/gateway/dist/main.js"]
