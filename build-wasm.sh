#!/usr/bin/env bash
# Focal Loss Explorer: one entry point for setting up, building, testing, serving and benchmarking.
#
#   ./build-wasm.sh setup   install what is missing (Debian packages, npm packages)
#   ./build-wasm.sh build   setup, then build native + wasm and assemble dist/
#   ./build-wasm.sh test    build, then every test: ctest (also under ASan + UBSan), the fuzz
#                           corpus, node --test, browser tests
#   ./build-wasm.sh fuzz [seconds]   fuzz the core for that long (default 60), growing the corpus
#   ./build-wasm.sh serve   build, then serve dist/ on http://127.0.0.1:$PORT (default 8000)
#   ./build-wasm.sh bench   build, then every benchmark (bench/), one table
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

NATIVE_BUILD="$ROOT/build-native"
WASM_BUILD="$ROOT/build-wasm"
SANITIZE_BUILD="$ROOT/build-sanitize"
FUZZ_CORPUS="$ROOT/tests/fuzz/corpus"
DIST="$ROOT/dist"
JOBS="$(nproc 2>/dev/null || echo 2)"

# Emscripten's own scripts need acorn, which Debian ships under /usr/share/nodejs; a Node.js that
# is not Debian's does not look there.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

log() { printf '\n==> %s\n' "$*"; }

# python3-torch and python3-torchvision run the page's generated PyTorch code against the core
# (tests/code/check_torch.py); they install for Debian's /usr/bin/python3.
APT_PACKAGES=(emscripten catch2 cmake chromium g++ python3 nodejs npm clang libclang-rt-14-dev python3-torch python3-torchvision libfast-float-dev)

missing_packages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    case "$pkg" in
      nodejs) command -v node >/dev/null 2>&1 && continue ;;
      npm) command -v npm >/dev/null 2>&1 && continue ;;
      python3) command -v python3 >/dev/null 2>&1 && continue ;;
      g++) command -v g++ >/dev/null 2>&1 && continue ;;
      cmake) command -v cmake >/dev/null 2>&1 && continue ;;
      chromium) [ -x /usr/bin/chromium ] && continue ;;
      emscripten) command -v em++ >/dev/null 2>&1 && continue ;;
      clang) command -v clang++ >/dev/null 2>&1 && continue ;;
    esac
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  echo "${missing[@]:-}"
}

setup() {
  local missing
  missing="$(missing_packages)"
  if [ -n "$missing" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "Missing Debian packages: $missing" >&2
      echo "Install them as root, then run this again:" >&2
      echo "  sudo apt-get update && sudo apt-get install -y $missing" >&2
      exit 1
    fi
    log "Installing Debian packages: $missing"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
  fi
  # npm ci is the reproducible install; a stamp of the lock file's hash makes a second run instant.
  local lock_hash stamp="node_modules/.focal-lock.sha256"
  lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
    log "Installing npm packages (npm ci)"
    npm ci --no-audit --no-fund
    echo "$lock_hash" > "$stamp"
  fi
}

build_native() {
  log "Building the native core and its tests"
  cmake -S "$ROOT" -B "$NATIVE_BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$NATIVE_BUILD" -j "$JOBS"
}

build_wasm() {
  log "Building the WebAssembly module"
  emcmake cmake -S "$ROOT" -B "$WASM_BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$WASM_BUILD" -j "$JOBS"
}

assemble_dist() {
  log "Assembling dist/"
  rm -rf "$DIST"
  mkdir -p "$DIST"
  cp "$WASM_BUILD/focal_core.js" "$WASM_BUILD/focal_core.wasm" "$WASM_BUILD/focal_view.js" "$WASM_BUILD/focal_view.wasm" \
     "$ROOT/cpp/bindings/focal_core.d.ts" "$DIST/"
  if [ -f "$ROOT/web/build.mjs" ]; then
    node "$ROOT/web/build.mjs" --dist "$DIST"
  else
    cp -r "$ROOT/web/." "$DIST/"
  fi
  # Values of the native core on a fixed grid, for the wasm-against-native tests.
  "$NATIVE_BUILD/focal_dump" > "$NATIVE_BUILD/native_values.json"
  "$NATIVE_BUILD/focal_simulation_dump" > "$NATIVE_BUILD/simulation_values.json"
}

# The Catch2 suite and the fuzz harness under clang with AddressSanitizer and
# UndefinedBehaviorSanitizer; any report aborts the run instead of scrolling past.
build_sanitize() {
  log "Building the native tests and the fuzz harness under ASan + UBSan (clang)"
  local flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
  cmake -S "$ROOT" -B "$SANITIZE_BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++ -DFOCAL_FUZZ=ON \
    -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
  cmake --build "$SANITIZE_BUILD" -j "$JOBS" --target focal_tests focal_fuzz_core
}

# Inputs stay small: each decodes into a handful of core calls, and a short input mutates faster.
FUZZ_MAX_LEN=512

fuzz() {
  local seconds="${1:-60}"
  setup
  build_sanitize
  log "Fuzzing the core for $seconds s (new inputs go to tests/fuzz/corpus)"
  mkdir -p "$FUZZ_CORPUS" "$SANITIZE_BUILD/fuzz-artifacts"
  "$SANITIZE_BUILD/focal_fuzz_core" -max_len="$FUZZ_MAX_LEN" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$SANITIZE_BUILD/fuzz-artifacts/" "$FUZZ_CORPUS"
  # The corpus is committed and replayed by every test run, so keep the fewest inputs that reach
  # every edge reached so far (hit counts aside: they would keep thousands of near-copies).
  log "Minimising the corpus"
  local minimised="$SANITIZE_BUILD/fuzz-corpus-minimised"
  rm -rf "$minimised"
  mkdir -p "$minimised"
  "$SANITIZE_BUILD/focal_fuzz_core" -set_cover_merge=1 -use_counters=0 -max_len="$FUZZ_MAX_LEN" \
    "$minimised" "$FUZZ_CORPUS" 2>&1 | tail -1
  rm -rf "$FUZZ_CORPUS"
  mv "$minimised" "$FUZZ_CORPUS"
  echo "tests/fuzz/corpus: $(find "$FUZZ_CORPUS" -type f | wc -l) inputs, $(du -sb "$FUZZ_CORPUS" | cut -f1) bytes"
}

build() {
  setup
  build_native
  build_wasm
  assemble_dist
}

run_tests() {
  build
  log "Native tests (ctest)"
  ctest --test-dir "$NATIVE_BUILD" --output-on-failure -j "$JOBS"
  build_sanitize
  log "Native tests under ASan + UBSan (ctest)"
  ctest --test-dir "$SANITIZE_BUILD" --output-on-failure -j "$JOBS"
  log "Replaying the fuzz corpus (tests/fuzz/corpus) under ASan + UBSan"
  "$SANITIZE_BUILD/focal_fuzz_core" -runs=0 -max_len="$FUZZ_MAX_LEN" "$FUZZ_CORPUS"
  log "WebAssembly API tests (node --test)"
  FOCAL_NATIVE_VALUES="$NATIVE_BUILD/native_values.json" FOCAL_SIMULATION_VALUES="$NATIVE_BUILD/simulation_values.json" \
    node --test "$ROOT"/tests/js/*.test.js
  log "The Code tab's snippets run with PyTorch, torchvision, g++ and Node, against the core"
  node "$ROOT/tests/code/check_snippets.mjs"
  if compgen -G "$ROOT/tests/e2e/*.test.js" >/dev/null; then
    log "Browser tests (headless Chromium)"
    node --test --test-concurrency=1 "$ROOT"/tests/e2e/*.test.js
  fi
  if [ -f "$ROOT/bench/run.mjs" ]; then
    log "Benchmark smoke run (seconds; speed is never asserted)"
    node "$ROOT/bench/run.mjs" --smoke
  fi
}

serve() {
  build
  local port="${PORT:-8000}"
  log "Serving dist/ at http://127.0.0.1:$port/  (Ctrl-C to stop)"
  exec python3 -m http.server "$port" --bind 127.0.0.1 --directory "$DIST"
}

bench() {
  build
  node "$ROOT/bench/run.mjs" "$@"
}

case "${1:-}" in
  setup) setup ;;
  build) build ;;
  test) run_tests ;;
  serve) serve ;;
  bench) shift; bench "$@" ;;
  fuzz) shift; fuzz "$@" ;;
  *)
    echo "usage: $0 setup|build|test|serve|bench|fuzz [seconds]" >&2
    exit 2
    ;;
esac
