# cronmonitor-operator container image.
#
#   docker build -t ghcr.io/cronmonitor-io/cronmonitor-operator:0.1.0 .
#
# Stage 1 builds the release binary with the Swift standard library and Foundation linked
# statically; stage 2 is a slim Debian with only the shared libraries the binary loads
# (libcurl, libyaml) and the CA bundle, running as the non-root user 65532.

ARG SWIFT_VERSION=6.3
ARG DEBIAN_RELEASE=bookworm

FROM swift:${SWIFT_VERSION}-${DEBIAN_RELEASE} AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libcurl4-openssl-dev libyaml-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Resolve dependencies in their own layer, so source edits do not fetch them again.
COPY Package.swift ./
RUN swift package resolve
COPY . .
RUN swift build -c release --product cronmonitor-operator --static-swift-stdlib \
 && install -D -m 0755 "$(swift build -c release --show-bin-path)/cronmonitor-operator" \
      /staging/cronmonitor-operator

FROM debian:${DEBIAN_RELEASE}-slim
# libstdc++6, libgcc-s1 and zlib1g, which the static Swift runtime still links, are part of the base.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libcurl4 libyaml-0-2 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /staging/cronmonitor-operator /usr/local/bin/cronmonitor-operator
USER 65532:65532
EXPOSE 8080 8081
ENTRYPOINT ["/usr/local/bin/cronmonitor-operator"]
