# cronmonitor-operator: set-up, build, test and demo.
# Every target installs what it needs on a fresh Debian machine with the Swift toolchain.

SHELL        := /bin/bash
SWIFT        ?= swift
VENV         := .venv
PYTHON       := $(VENV)/bin/python
APT_PACKAGES := libcurl4-openssl-dev libyaml-dev pkg-config python3-venv
# The browser of the dashboard's test (headless Chromium driven through chromium-driver).
BROWSER_APT_PACKAGES := chromium chromium-driver
# Python tools used by the tests (pinned; installed into $(VENV)).
PIP_PACKAGES := croniter==6.0.0 helm-python-sdk==0.2.2 kubernetes-validate==1.37.0 selenium==4.40.0
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps browser-deps venv build test demo bench bench-instructions fuzz fuzz-build clean

all: build

# Installs the Debian packages $(1) that are missing (one apt-get update, only when needed).
define apt_install
	@missing=""; \
	for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

## deps: install the system libraries
deps:
	$(call apt_install,$(APT_PACKAGES))

## browser-deps: install the browser the dashboard's test drives
browser-deps:
	$(call apt_install,$(BROWSER_APT_PACKAGES))

## venv: the project's Python virtualenv with the test tools
venv: $(VENV)/.installed

$(VENV)/.installed: Makefile | deps
	@[ -x $(PYTHON) ] || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check $(PIP_PACKAGES)
	@touch $@

## build: compile everything (debug)
build: deps
	$(SWIFT) build

# Watchdogs (seconds) of the test steps: generous, so only a hang trips them. Long async tests
# also carry `.timeLimit(...)`, which names a hung test in the output.
SWIFT_TEST_TIMEOUT  ?= 1800
PYTHON_TEST_TIMEOUT ?= 1200
BROWSER_TEST_TIMEOUT ?= 600

## test: build and run every test (each test step stopped by a watchdog if it hangs)
test: deps browser-deps venv
	$(SWIFT) build --build-tests
	CRONMONITOR_PYTHON=$(abspath $(PYTHON)) scripts/watchdog.sh $(SWIFT_TEST_TIMEOUT) "swift test" $(SWIFT) test --skip-build
	scripts/watchdog.sh $(PYTHON_TEST_TIMEOUT) "python packaging tests" $(PYTHON) -m unittest discover -s Tests/packaging -v
	scripts/watchdog.sh $(BROWSER_TEST_TIMEOUT) "dashboard browser test" $(PYTHON) -m unittest discover -s Tests/dashboard -v

## demo: the operator against the embedded KubeSim (Ctrl-C stops; DEMO_DURATION=<s> stops by itself)
demo: deps
	$(SWIFT) build --product kubesim
	$(SWIFT) build --product cronmonitor-operator
	bash demo/demo.sh

## bench: release build of cronmonitor-bench, then every scenario (figures in Benchmarks.md)
bench: deps
	$(call apt_install,$(INSTRUCTIONS_APT_PACKAGES))
	$(SWIFT) build -c release --product cronmonitor-bench
	$(SWIFT) build -c release --product cronmonitor-operator
	$$($(SWIFT) build -c release --show-bin-path)/cronmonitor-bench watch-ingest $(BENCH_ARGS)
	$$($(SWIFT) build -c release --show-bin-path)/cronmonitor-bench cache-memory $(BENCH_ARGS)
	$$($(SWIFT) build -c release --show-bin-path)/cronmonitor-bench fleet $(BENCH_ARGS)
	$$($(SWIFT) build -c release --show-bin-path)/cronmonitor-bench fleet --same-second $(BENCH_ARGS)
	$$($(SWIFT) build -c release --show-bin-path)/cronmonitor-bench fleet --namespaces 1 $(BENCH_ARGS)
	$$($(SWIFT) build -c release --show-bin-path)/cronmonitor-bench fleet --namespaces 1 --with-pods $(BENCH_ARGS)
	$$($(SWIFT) build -c release --show-bin-path)/cronmonitor-bench event-memory
	$$($(SWIFT) build -c release --show-bin-path)/cronmonitor-bench pod-memory
	$$($(SWIFT) build -c release --show-bin-path)/cronmonitor-bench failover $(BENCH_ARGS)
	$$($(SWIFT) build -c release --show-bin-path)/cronmonitor-bench reconcile
	$$($(SWIFT) build -c release --show-bin-path)/cronmonitor-bench latency $(BENCH_ARGS)
	$$($(SWIFT) build -c release --show-bin-path)/cronmonitor-bench startup $(BENCH_ARGS)
	$$($(SWIFT) build -c release --show-bin-path)/cronmonitor-bench instructions

## bench-instructions: instruction counts under callgrind (readers vs JSONDecoder, reconcile); load-independent
# Each case runs twice under `valgrind --tool=callgrind`, with N and 2N steps after the same set-up;
# the difference of the totals over N is one step (see Sources/cronmonitor-bench/InstructionCounts.swift).
# INSTRUCTIONS_ARGS="--count N" sets N for every case; BENCH_SCRATCH=.build-release builds beside a
# debug build in another scratch path.
INSTRUCTIONS_APT_PACKAGES := valgrind binutils
BENCH_SCRATCH ?= .build
bench-instructions: deps
	$(call apt_install,$(INSTRUCTIONS_APT_PACKAGES))
	$(SWIFT) build -c release --product cronmonitor-bench --scratch-path $(BENCH_SCRATCH)
	$$($(SWIFT) build -c release --scratch-path $(BENCH_SCRATCH) --show-bin-path)/cronmonitor-bench instructions $(INSTRUCTIONS_ARGS)

## fuzz: build the libFuzzer targets (Fuzz/) and run each for FUZZ_SECONDS; prints runs and crashes
# Not part of `test` (too slow for CI). The fuzz targets exist in Package.swift only when
# CRONMONITOR_FUZZ=1, so the normal build never sees them; they build in .build-fuzz with
# AddressSanitizer and libFuzzer's coverage instrumentation. `-sanitize=fuzzer` would also link
# libFuzzer's `main`, which clashes with the entry point SwiftPM gives every executable, so each
# target's `@main` calls libFuzzer's driver (Fuzz/FuzzSupport) from libclang_rt.fuzzer_no_main.
# Seeds are generated from FUZZ_FIXTURES and Fuzz/seeds; crash inputs land in
# .build-fuzz/artifacts/<target>/ (see README, "Fuzzing").
FUZZ_SECONDS  ?= 60
FUZZ_TARGETS  ?= fuzz-watch fuzz-kubeconfig fuzz-cron fuzz-patch fuzz-projection
FUZZ_SCRATCH  := .build-fuzz
FUZZ_FIXTURES ?= ../shared/fixtures/kubernetes-api
LIBFUZZER_NO_MAIN = $(realpath $(firstword $(wildcard $(dir $(realpath $(shell command -v swiftc)))../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-$(shell uname -m).a)))
FUZZ_BUILD_FLAGS  = --scratch-path $(FUZZ_SCRATCH) \
	-Xswiftc -sanitize=address \
	-Xswiftc -sanitize-coverage=edge,trace-cmp,indirect-calls,inline-8bit-counters,pc-table \
	-Xlinker $(LIBFUZZER_NO_MAIN) -Xlinker -lstdc++

fuzz-build: deps
	@[ -n "$(LIBFUZZER_NO_MAIN)" ] || { echo "libclang_rt.fuzzer_no_main not found in the Swift toolchain"; exit 1; }
	for target in $(FUZZ_TARGETS); do CRONMONITOR_FUZZ=1 $(SWIFT) build $(FUZZ_BUILD_FLAGS) --product $$target || exit 1; done

fuzz: fuzz-build
	python3 Fuzz/make_seeds.py $(FUZZ_FIXTURES) Fuzz/seeds $(FUZZ_SCRATCH)/seeds
	@bin=$$(CRONMONITOR_FUZZ=1 $(SWIFT) build $(FUZZ_BUILD_FLAGS) --show-bin-path); failed=0; \
	for target in $(FUZZ_TARGETS); do Fuzz/run_target.sh $$bin/$$target $(FUZZ_SCRATCH) $(FUZZ_SECONDS) || failed=1; done; \
	exit $$failed

clean:
	rm -rf .build .build-fuzz $(VENV)
