#!/usr/bin/env bash
# image-cropper-wasm: the one entry point.
#   ./build.sh          install what is missing, build the wasm core, the component and pkg/
#   ./build.sh test     build, then run every test (fails if any fails)
#   ./build.sh bench    build, then run the benchmarks (they print figures)
# Installs are idempotent and need only the package registries (Rust crates, npm and, for the
# browser and JavaScriptCore test suites, Debian's apt).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

CRATE=image_cropper_wasm
WASM_TARGET=wasm32-unknown-unknown
BINDGEN_DIR=target/bindgen

log() { printf '\n== %s\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- tools
lock_version() { # version of a package in Cargo.lock
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

install_tools() {
  command -v cargo >/dev/null || die "cargo is missing: install Rust with rustup first"
  command -v node >/dev/null || die "node is missing: install Node.js >= 18 first"
  if ! rustup target list --installed | grep -qx "$WASM_TARGET"; then
    log "rustup target add $WASM_TARGET"
    rustup target add "$WASM_TARGET"
  fi
  local component
  for component in rustfmt clippy; do
    if ! rustup component list --installed | grep -q "^$component"; then
      log "rustup component add $component"
      rustup component add "$component"
    fi
  done
  [ -f Cargo.lock ] || cargo generate-lockfile
  local want
  want=$(lock_version wasm-bindgen)
  [ -n "$want" ] || die "wasm-bindgen not found in Cargo.lock"
  # wasm-bindgen-cli must match the library exactly; wasm-pack then uses it instead of
  # downloading one. (No --locked: the registry mirror may lack the exact versions it pins.)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    log "cargo install wasm-bindgen-cli $want"
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
  if ! command -v wasm-pack >/dev/null; then
    log "cargo install wasm-pack"
    cargo install wasm-pack --locked || cargo install wasm-pack
  fi
  # JS dev dependencies: binaryen's wasm-opt, jest + miniprogram-simulate, WeChat's compilers.
  # By content, not mtime: a fresh checkout or worktree has a newer lock file than an
  # up-to-date node_modules.
  local lock_hash
  lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ "$(cat node_modules/.installed-lock-sha256 2>/dev/null)" != "$lock_hash" ]; then
    log "npm ci"
    npm ci --no-audit --no-fund
    echo "$lock_hash" > node_modules/.installed-lock-sha256
  fi
  command -v wasm-opt >/dev/null || die "wasm-opt missing after npm ci (npm package binaryen)"
}

# The system packages the test suites need: headless Chrome for the wasm browser tests, and
# JavaScriptCore (the engine of WeChat on iOS) for the glue check and the interpreter bench.
SYSTEM_PACKAGES=(chromium chromium-driver libjavascriptcoregtk-4.0-bin)
missing_system_packages() {
  local missing=()
  command -v chromium >/dev/null || command -v google-chrome >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v jsc >/dev/null || missing+=(libjavascriptcoregtk-4.0-bin)
  [ ${#missing[@]} -eq 0 ] || printf '%s\n' "${missing[@]}"
}

# Installs them with apt-get when that is possible (root, or passwordless sudo); otherwise
# stops before any test runs, naming the packages and the command.
install_system_packages() {
  local missing
  mapfile -t missing < <(missing_system_packages)
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=(sudo -n); else sudo=(none); fi
  fi
  if [ "${sudo[0]:-}" = none ] || ! command -v apt-get >/dev/null; then
    die "the tests need the system packages ${missing[*]} (of: ${SYSTEM_PACKAGES[*]}); install them as root: apt-get install -y ${missing[*]}"
  fi
  log "apt-get install ${missing[*]}"
  "${sudo[@]+"${sudo[@]}"}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]+"${sudo[@]}"}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  mapfile -t missing < <(missing_system_packages)
  [ ${#missing[@]} -eq 0 ] || die "still missing after apt-get install: ${missing[*]}"
}

# ---------------------------------------------------------------- build
build_wasm() {
  log "cargo build --release --target $WASM_TARGET"
  # IMAGE_CROPPER_FEATURES=webp adds WebP input (over the size budget: see README).
  cargo build --release --target "$WASM_TARGET" --lib ${IMAGE_CROPPER_FEATURES:+--features "$IMAGE_CROPPER_FEATURES"}
  rm -rf "$BINDGEN_DIR"
  wasm-bindgen --target bundler --out-dir "$BINDGEN_DIR" --out-name "$CRATE" \
    "target/$WASM_TARGET/release/$CRATE.wasm"
  local wasm="$BINDGEN_DIR/${CRATE}_bg.wasm"
  # WeChat on iOS does not support exported Globals; wasm-bindgen's runtime exports two that
  # nothing reads. Before wasm-opt, so the globals can go if no code uses them.
  node scripts/strip-global-exports.js "$wasm"
  if [ "${IMAGE_CROPPER_SKIP_MVP_LOWERING:-}" = 1 ]; then
    # Only for showing that the MVP test catches a non-MVP module.
    log "wasm-opt skipped (IMAGE_CROPPER_SKIP_MVP_LOWERING=1): the module is NOT MVP-only"
  else
    # WeChat on iOS takes MVP wasm only. std is precompiled with sign-ext, bulk-memory and
    # non-trapping float-to-int: lower them, then optimize again with those features *off* so
    # nothing re-introduces them (wasm-opt fails if any remain).
    log "wasm-opt: lower post-MVP features, optimize for size"
    # Binaryen inlines every function that has one caller, whatever its size: the per-row and
    # per-symbol loops we keep out of line (V8 optimises a function on a later call, so a loop
    # left inside a once-called giant runs unoptimised through the first export) would be
    # merged back. Size 0: only the usual small-function inlining.
    local NO_ONE_CALLER_INLINING="--one-caller-inline-max-function-size 0"
    wasm-opt "$wasm" -o "$wasm" --enable-bulk-memory --enable-sign-ext \
      --enable-nontrapping-float-to-int --enable-mutable-globals -Oz $NO_ONE_CALLER_INLINING \
      --signext-lowering --llvm-memory-copy-fill-lowering --llvm-nontrapping-fptoint-lowering
    wasm-opt "$wasm" -o "$wasm" --mvp-features --enable-mutable-globals -Oz $NO_ONE_CALLER_INLINING --strip-producers
  fi
  log "package: component core/ and pkg/"
  node scripts/package.js
}

# ---------------------------------------------------------------- test
PASSED=0
FAILED=0
FAILED_NAMES=()
step() { # step NAME COMMAND...: runs one suite, records the result, goes on
  local name=$1
  shift
  log "test: $name"
  if "$@"; then
    PASSED=$((PASSED + 1))
  else
    FAILED=$((FAILED + 1))
    FAILED_NAMES+=("$name")
  fi
}

# Every tests/wasm_*.rs runs in wasm (Node and Chrome); other tests/*.rs are native only.
# Without the shipped global allocator: tests/wasm_bad_inputs.rs installs a counting one (the
# shipped one runs in the component, jsc and benchmark tests, which load the built wasm).
wasm_test_args() {
  local f
  printf -- '--no-default-features '
  for f in tests/wasm_*.rs; do printf -- '--test %s ' "$(basename "$f" .rs)"; done
}

run_tests() {
  step "cargo fmt --check (crate and fuzz targets)" \
    bash -c 'cargo fmt --check && cd fuzz && cargo fmt --check'
  step "cargo clippy -D warnings (native, all targets and features)" \
    cargo clippy --quiet --all-targets --all-features -- -D warnings
  step "cargo clippy -D warnings (wasm32: the shipped lib and the wasm tests)" \
    bash -c "cargo clippy --quiet --target $WASM_TARGET --lib -- -D warnings &&
      cargo clippy --quiet --target $WASM_TARGET --all-targets --no-default-features -- -D warnings"
  step "eslint (component, pages, scripts, bench, JS tests)" npx eslint --max-warnings 0 .
  step "cargo test (native core)" cargo test --quiet
  step "cargo test --features webp (WebP input, off in the shipped build)" \
    cargo test --quiet --features webp --test export_webp
  step "shipped wasm: MVP features only, exports/imports WeChat accepts, size budget" \
    cargo test --quiet --test shipped_wasm -- --ignored
  step "wasm-pack test --node" wasm-pack test --node --release -- $(wasm_test_args)
  step "wasm-pack test --headless --chrome" \
    env WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome --release -- $(wasm_test_args)
  step "component tests (jest + miniprogram-simulate)" \
    npx jest --config tests/component/jest.config.js --ci
  step "WXML/WXSS compile check (wcc/wcsc)" node tests/component/compile-check.js
  step "packNpm + analyseCode of pkg/" node tests/component/pack-npm-check.js
  step "tsc --noEmit over the component JS" npx tsc -p miniprogram/jsconfig.json
  step "glue under JavaScriptCore (jsc)" jsc tests/jsc/harness.js -- "$ROOT"

  echo
  echo "build.sh test summary:"
  for n in "${FAILED_NAMES[@]+"${FAILED_NAMES[@]}"}"; do echo "  FAILED: $n"; done
  echo "suites: $PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}

# ---------------------------------------------------------------- main
case "${1:-build}" in
  build) install_tools; build_wasm ;;
  test) install_system_packages; install_tools; build_wasm; run_tests ;;
  bench) install_system_packages; install_tools; build_wasm; node bench/run.js ;;
  *) die "usage: ./build.sh [build|test|bench]" ;;
esac
