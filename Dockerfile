# picket's container image: the npm package (`npm pack`) installed on Node.js 20, run as a non-root
# user. Build it from the repository root after packing (docs/install.md):
#
#   npm ci && npm pack
#   docker build -t picket:0.1.0 --build-arg REVISION="$(git rev-parse HEAD)" .
#
# Both bases are pinned by digest, and the build refuses a base given by tag only. They default to
# the official Node.js images (node:20-bookworm to compile better-sqlite3, node:20-bookworm-slim to
# run); refresh a digest with `docker buildx imagetools inspect node:20-bookworm-slim`, or point
# BUILD_IMAGE / RUNTIME_IMAGE at your mirror's copies (docs/air-gap.md builds them from a Debian
# mirror when Docker Hub is out of reach). Only the package tarball (and an optional npm cache) is
# sent as the build context: see .dockerignore.

ARG BUILD_IMAGE=docker.io/library/node:20-bookworm@sha256:8f693eaa7e0a8e71560c9a82b55fd54c2ae920a2ba5d2cde28bac7d1c01c9ba5
ARG RUNTIME_IMAGE=docker.io/library/node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0

FROM ${BUILD_IMAGE} AS build
ARG BUILD_IMAGE
ARG RUNTIME_IMAGE
ARG PICKET_VERSION=0.1.0
RUN for ref in "$BUILD_IMAGE" "$RUNTIME_IMAGE"; do \
      case "$ref" in \
        *@sha256:????????????????????????????????????????????????????????????????) ;; \
        *) echo "base image $ref is not pinned by digest: give BUILD_IMAGE and RUNTIME_IMAGE as NAME@sha256:DIGEST" >&2; exit 1 ;; \
      esac; \
    done
WORKDIR /build
# npm-cache/ is optional: an npm cache holding picket's dependencies, for a build with no network
# (`docker build --network none`); without it npm fetches them from the registry.
COPY picket-${PICKET_VERSION}.tgz npm-cach[e] /build/
# No install script runs but better-sqlite3's, compiled from source (no prebuilt binary download);
# the versions installed are the ones npm-shrinkwrap.json in the package pins.
ENV npm_config_nodedir=/usr/local \
    npm_config_build_from_source=true \
    npm_config_jobs=max \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
RUN npm install --global --prefix /opt/picket --cache /build --prefer-offline --ignore-scripts \
      "/build/picket-${PICKET_VERSION}.tgz"
WORKDIR /opt/picket/lib/node_modules/picket
# Only the compiled module stays: not the sources, objects and static library of its build.
RUN npm rebuild better-sqlite3 --cache /build --prefer-offline \
 && sqlite=node_modules/better-sqlite3 \
 && rm -rf "$sqlite/deps" "$sqlite/src" "$sqlite/build/deps" "$sqlite/build/Release/obj" "$sqlite/build/Release/obj.target" \
      "$sqlite/build/Release/.deps" "$sqlite/build/Release/sqlite3.a" "$sqlite/build/Release/test_extension.node" \
 && /opt/picket/bin/picket --version \
 && mkdir -p /stage/home/picket/.cache

FROM ${RUNTIME_IMAGE}
ARG RUNTIME_IMAGE
ARG PICKET_VERSION=0.1.0
ARG REVISION=unknown
ARG SOURCE_URL=https://github.com/OWNER/picket
LABEL org.opencontainers.image.title="picket" \
      org.opencontainers.image.description="Security scanner for container images, filesystems, repositories and configuration; trivy-compatible" \
      org.opencontainers.image.version="${PICKET_VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.url="${SOURCE_URL}" \
      org.opencontainers.image.documentation="${SOURCE_URL}/blob/v${PICKET_VERSION}/docs/install.md" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.base.name="${RUNTIME_IMAGE}"
COPY --from=build /opt/picket/ /opt/picket/
COPY --from=build --chown=65532:65532 /stage/home/ /home/
ENV PATH=/opt/picket/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/home/picket
# A fixed numeric user, with no login and no entry in /etc/passwd: nothing in the image runs as root.
USER 65532:65532
WORKDIR /home/picket
# The image runs the CLI and `picket operator`; in Kubernetes the operator is probed on /healthz and
# /readyz (deploy/). This check proves the runtime and the package load in either use.
HEALTHCHECK --interval=5m --timeout=30s --start-period=10s --retries=3 CMD ["picket", "--version"]
ENTRYPOINT ["picket"]
CMD ["--help"]
