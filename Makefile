# The petition ledger (信访台账): set up, run and test on Debian 12 / Ubuntu.
#
#   make run    install what is missing, build the UI, start the desktop app
#   make test   install what is missing, run every test (Rust, UI, end-to-end)
#
# Every step is idempotent and quick when already done. Honours
# CARGO_TARGET_DIR; TOOLS_DIR is where tauri-driver is installed.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT       := $(CURDIR)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(ROOT)/target)
TOOLS_DIR  ?= $(TARGET_DIR)/tools
TAURI_DRIVER := $(TOOLS_DIR)/bin/tauri-driver
APP_BIN    := $(TARGET_DIR)/debug/xinfang-app
DEB_DIR    := $(TARGET_DIR)/debug/bundle/deb
# Where the Debian package puts the app (tauri.conf.json's mainBinaryName).
INSTALLED_APP := /usr/bin/xinfang-app
VENV       := $(ROOT)/tests/.venv
UI         := $(ROOT)/ui

APT_PACKAGES := libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev \
	libayatana-appindicator3-dev librsvg2-dev libxdo-dev xvfb xauth \
	webkit2gtk-driver fonts-noto-cjk imagemagick python3-venv poppler-utils
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
APT  := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600

.PHONY: help setup apt ui-deps tauri-driver venv ui-build run test build-all test-rust \
	bindings-check test-ui e2e package-deb install-deb \
	e2e-installed bench-quick fuzz clean-e2e windows-setup windows test-windows

help:
	@echo "make run   - set up and start the desktop app (信访台账)"
	@echo "make test  - set up and run every test, end-to-end included"
	@echo "make setup - only install what is missing"

## ---- setup -------------------------------------------------------------

setup: apt ui-deps tauri-driver venv

apt:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "apt: installing$$missing"; \
	  $(APT) update -q; \
	  $(APT) install -y -q $$missing; \
	else echo "apt: all packages present"; fi

ui-deps: $(UI)/node_modules/.xinfang-installed
$(UI)/node_modules/.xinfang-installed: $(UI)/package.json $(UI)/package-lock.json
	cd $(UI) && npm ci --no-audit --no-fund
	touch $@

tauri-driver: $(TAURI_DRIVER)
$(TAURI_DRIVER):
	cargo install tauri-driver --version '^2' --locked --root $(TOOLS_DIR)

venv: $(VENV)/.xinfang-installed
$(VENV)/.xinfang-installed: tests/e2e/requirements.txt
	test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check -r tests/e2e/requirements.txt
	touch $@

## ---- run ---------------------------------------------------------------

ui-build: ui-deps
	cd $(UI) && npm run build

run: setup ui-build
	cargo run -p xinfang-app

## ---- test --------------------------------------------------------------

# One feature resolution for every crate and target, so the heavy dependencies
# (typst, image, tauri…) are compiled once: `build-all` builds every binary and
# test of the workspace in one invocation, and `cargo test --workspace`, which
# resolves features the same way, then compiles nothing new. (Building the
# crates' tests and the app's apart resolved features twice and compiled typst
# and friends twice, which made a cold CI run take 70 minutes.) The app embeds
# ui/dist, so the UI is built first, against the committed bindings; the tests
# regenerate them, and the check after the tests fails if they changed.
test: setup
	$(MAKE) --no-print-directory test-ui build-all test-rust bindings-check e2e e2e-installed bench-quick

# Every crate's binaries (the app, the CLI, the benchmarks) and tests.
BUILD_ALL := cargo build --workspace --bins --tests

build-all: ui-build
	$(BUILD_ALL)

test-rust:
	cargo test --workspace

bindings-check:
	@git diff --exit-code --stat -- ui/src/bindings || \
	  { echo "ui/src/bindings is out of date: run 'cargo test --workspace' and commit the result." >&2; exit 1; }
	@untracked="$$(git ls-files --others --exclude-standard -- ui/src/bindings)"; \
	if [ -n "$$untracked" ]; then echo "untracked generated bindings (commit them):" >&2; echo "$$untracked" >&2; exit 1; fi
	@echo "bindings: up to date"

test-ui: ui-deps
	cd $(UI) && npm test

e2e: venv tauri-driver
	XINFANG_APP="$(APP_BIN)" TAURI_DRIVER="$(TAURI_DRIVER)" \
	  $(VENV)/bin/python -m pytest tests/e2e -v -rA

# The installable package: the Tauri bundler's .deb (menu entry, icon, version,
# the print assets under /usr/share/xinfang), from the debug profile and the
# same feature resolution as `build-all`, so CI reuses that build (only tauri
# and the shell are built again, serving the embedded UI as a release does);
# a release package is `tauri build --bundles deb`.
package-deb: ui-build
	$(BUILD_ALL) --features xinfang-app/custom-protocol
	cd src-tauri && $(UI)/node_modules/.bin/tauri bundle --debug --bundles deb --ci

# Installs the package on this machine as a user would (apt resolves its
# dependencies), replacing any earlier install of it.
install-deb: package-deb
	deb="$$(ls -t $(DEB_DIR)/*.deb | head -1)"; echo "install: $$deb"; \
	$(APT) install -y -q --reinstall "$$deb"

# The first start, screen by screen, on the installed app (screenshots in
# tests/artifacts); the package's contents are checked from the .deb itself.
e2e-installed: install-deb venv tauri-driver
	XINFANG_APP="$(INSTALLED_APP)" XINFANG_CLI="$(TARGET_DIR)/debug/xinfang" TAURI_DRIVER="$(TAURI_DRIVER)" \
	  XINFANG_DEB="$$(ls -t $(DEB_DIR)/*.deb | head -1)" XINFANG_ARTIFACT_PREFIX=installed- \
	  $(VENV)/bin/python -m pytest tests/e2e/test_first_run.py -v -rA

# Every benchmark figure at a small size, the app's cold start included, from
# the debug build the steps above made (BENCHMARKS.md; no speed is asserted).
bench-quick: venv tauri-driver
	$(TARGET_DIR)/debug/xinfang-bench --quick --app "$(APP_BIN)" --driver "$(TAURI_DRIVER)" \
	  --python "$(VENV)/bin/python"

# Long fuzzing runs under libFuzzer (nightly Rust, cargo-fuzz), one target after
# another, FUZZ_SECONDS each, from the committed seeds; what they find goes to
# src-tauri/crates/fuzz/libfuzzer/artifacts/<target>/ and, minimised, belongs in
# regressions/<target>/, which `cargo test` replays on every change. Not part of
# `make test`: CI replays the corpus and brief mutations (tests/replay.rs).
FUZZ_DIR     := $(ROOT)/src-tauri/crates/fuzz
FUZZ_TARGETS ?= bundle_open bundle_signed enrolment_read keyring_read dispatch_json sheet_read http_request http_signed
FUZZ_SECONDS ?= 600
CARGO_FUZZ   := $(TOOLS_DIR)/bin/cargo-fuzz

$(CARGO_FUZZ):
	rustup toolchain install nightly --profile minimal
	cargo install cargo-fuzz --locked --root $(TOOLS_DIR)

fuzz: $(CARGO_FUZZ)
	cd $(FUZZ_DIR) && for t in $(FUZZ_TARGETS); do \
	  mkdir -p libfuzzer/work/$$t; \
	  PATH="$(TOOLS_DIR)/bin:$$PATH" cargo +nightly fuzz run --fuzz-dir libfuzzer $$t libfuzzer/work/$$t corpus/$$t \
	    -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -malloc_limit_mb=1024 -close_fd_mask=3 \
	    > libfuzzer/fuzz-$$t.log 2>&1 || { tail -40 libfuzzer/fuzz-$$t.log; exit 1; }; \
	  echo "$$t: $$(grep -E '^#[0-9]+[[:space:]]+DONE' libfuzzer/fuzz-$$t.log | tail -1)"; \
	done

## ---- Windows, built and tested from this Linux machine (docs/windows.md) --

WIN_TARGET    := x86_64-pc-windows-gnu
WIN_APT       := gcc-mingw-w64-x86-64 nsis wine wine64
# debug: the same build the tests run on (CI); release: what goes to villages.
WIN_PROFILE   ?= debug
WIN_BIN       := $(TARGET_DIR)/$(WIN_TARGET)/$(WIN_PROFILE)
WIN_OUT       := $(TARGET_DIR)/windows
VERSION       := $(shell sed -n 's/^version = "\(.*\)"/\1/p' $(ROOT)/Cargo.toml | head -1)
WIN_INSTALLER := $(WIN_OUT)/xinfang-ledger_$(VERSION)_x64-$(WIN_PROFILE)-installer.exe
# One feature resolution for the app, the CLI and every crate's tests, as on
# Linux, so nothing is compiled twice; the app serves its embedded UI.
WIN_CARGO     := cargo build --target $(WIN_TARGET) --features xinfang-app/custom-protocol
WIN_BUILD     := $(WIN_CARGO) $(if $(filter release,$(WIN_PROFILE)),--release -p xinfang-app -p xinfang-cli,--workspace --bins --tests)

windows-setup:
	@$(MAKE) --no-print-directory apt APT_PACKAGES="$(WIN_APT)"
	rustup target add $(WIN_TARGET)

# The desktop app and the `xinfang` CLI for Windows 10/11 (x64), with the UI
# embedded, the print assets and WebView2Loader.dll beside them, and the
# installer that carries them (NSIS, src-tauri/windows/installer.nsi).
windows: windows-setup ui-build
	$(WIN_BUILD)
	rm -rf $(WIN_OUT)/stage && mkdir -p $(WIN_OUT)/stage
	cp $(WIN_BIN)/xinfang-app.exe $(WIN_BIN)/xinfang.exe $(WIN_OUT)/stage/
	cp "$$(ls -t $(WIN_BIN)/build/webview2-com-sys-*/out/x64/WebView2Loader.dll | head -1)" $(WIN_OUT)/stage/
	cp -r $(ROOT)/assets $(WIN_OUT)/stage/assets
	makensis -V2 -DVERSION=$(VERSION) -DSTAGE=$(WIN_OUT)/stage -DOUT=$(WIN_INSTALLER) \
	  -DICON=$(ROOT)/src-tauri/icons/icon.ico src-tauri/windows/installer.nsi
	@echo "windows: $(WIN_OUT)/stage/xinfang-app.exe, $(WIN_OUT)/stage/xinfang.exe, $(WIN_INSTALLER)"

# The core, sync, print, sheets, router and CLI tests as Windows programs under
# Wine, then the installer: install, record, export, the Linux township
# imports, uninstall (tests/windows).
test-windows: windows venv
	$(BUILD_ALL)
	$(VENV)/bin/python tests/windows/run_tests.py \
	  $(subst cargo build,cargo test,$(WIN_BUILD)) --no-run --message-format=json
	XINFANG_WIN_INSTALLER="$(WIN_INSTALLER)" XINFANG_CLI="$(TARGET_DIR)/debug/xinfang" \
	  $(VENV)/bin/python -m pytest tests/windows -v -rA

clean-e2e:
	rm -rf tests/artifacts
