# syntax=docker/dockerfile:1
# provisioner. Build from the repository root:
#   docker build -f deploy/provisioner.Dockerfile -t tenantry/provisioner:0.1.0 .
# Pin the base images by digest for reproducible builds (see deploy/README.md).
ARG BUILD_IMAGE=node:24-bookworm
ARG RUNTIME_IMAGE=node:24-bookworm-slim

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY . .
# Exactly the lockfile's packages; dev dependencies are needed to compile.
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
RUN npx tsc -b services/provisioner
# Production packages only (the embedded PostgreSQL is a dev dependency), then gather what runs.
RUN npm prune --omit=dev --no-audit --no-fund \
 && mkdir -p /out \
 && cp -a --parents package.json node_modules libs/*/package.json libs/*/dist \
      services/provisioner/package.json services/provisioner/dist /out/

# Same Debian (glibc) as the build stage, so native packages (argon2, the KurrentDB bridge) match.
FROM ${RUNTIME_IMAGE}
ENV NODE_ENV=production \
    METRICS_PORT=9464
WORKDIR /app
# Owned by root and read-only to the service user.
COPY --from=build /out/ ./
USER node
# /healthz, /readyz and /metrics
EXPOSE 9464
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.METRICS_PORT || 9464) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "services/provisioner/dist/main.js"]
