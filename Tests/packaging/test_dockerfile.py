"""The Dockerfile cannot be built on the dev machines (no container engine); these tests check
its structure: a Swift build stage with the static stdlib, a slim runtime with only libcurl,
libyaml and the CA bundle, a non-root user and an exec-form ENTRYPOINT."""

import os
import re
import unittest

import support

DOCKERFILE = os.path.join(support.ROOT, "Dockerfile")
DOCKERIGNORE = os.path.join(support.ROOT, ".dockerignore")


def instructions(path):
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    with open(path, encoding="utf-8") as handle:
        lines = [line for line in handle.read().splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    result = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            result.append((keyword.upper(), " ".join(arguments.split())))
    return result


def stages(path):
    """The instructions of each stage, in order."""
    found = []
    for keyword, arguments in instructions(path):
        if keyword == "FROM":
            found.append([])
        if found:
            found[-1].append((keyword, arguments))
    return found


class DockerfileTests(unittest.TestCase):
    def test_two_stages_swift_build_then_slim_debian(self):
        build, runtime = stages(DOCKERFILE)
        self.assertRegex(build[0][1], r"^swift:\$\{SWIFT_VERSION\}-\$\{DEBIAN_RELEASE\} AS build$")
        self.assertRegex(runtime[0][1], r"^debian:\$\{DEBIAN_RELEASE\}-slim$")
        arguments = dict(a.split("=", 1) for k, a in instructions(DOCKERFILE) if k == "ARG")
        self.assertTrue(arguments["SWIFT_VERSION"].startswith("6."))
        self.assertIn(arguments["DEBIAN_RELEASE"], ("bookworm", "trixie"))

    def test_build_stage_builds_the_release_binary_with_the_static_stdlib(self):
        build, _ = stages(DOCKERFILE)
        runs = " ".join(a for k, a in build if k == "RUN")
        self.assertIn("swift build -c release --product cronmonitor-operator --static-swift-stdlib", runs)
        for package in ("libcurl4-openssl-dev", "libyaml-dev"):
            self.assertIn(package, runs)

    def test_runtime_has_only_libcurl_libyaml_and_ca_certificates(self):
        _, runtime = stages(DOCKERFILE)
        runs = [a for k, a in runtime if k == "RUN"]
        self.assertEqual(len(runs), 1)
        installed = re.search(r"apt-get install -y --no-install-recommends ([^&]+)&&", runs[0])
        self.assertIsNotNone(installed, runs[0])
        self.assertEqual(sorted(installed.group(1).split()), ["ca-certificates", "libcurl4", "libyaml-0-2"])
        self.assertIn("rm -rf /var/lib/apt/lists/*", runs[0])

    def test_runtime_runs_the_binary_as_65532(self):
        _, runtime = stages(DOCKERFILE)
        self.assertIn(("USER", "65532:65532"), runtime)
        copies = [a for k, a in runtime if k == "COPY"]
        self.assertEqual(copies, ["--from=build /staging/cronmonitor-operator /usr/local/bin/cronmonitor-operator"])
        entrypoints = [a for k, a in runtime if k == "ENTRYPOINT"]
        self.assertEqual(entrypoints, ['["/usr/local/bin/cronmonitor-operator"]'])
        keywords = [k for k, _ in runtime]
        self.assertLess(keywords.index("USER"), keywords.index("ENTRYPOINT"))

    def test_dockerignore_keeps_what_swift_build_needs(self):
        with open(DOCKERIGNORE, encoding="utf-8") as handle:
            patterns = [line.strip() for line in handle if line.strip() and not line.startswith("#")]
        for needed in ("Package.swift", "Sources", "Tests"):
            self.assertNotIn(needed, patterns)
        for excluded in (".build", ".venv", ".git"):
            self.assertIn(excluded, patterns)


if __name__ == "__main__":
    unittest.main()
