# voipguard — one-command build, run, test, bench and fuzz. Every target first installs what is
# missing (scripts/install-deps, idempotent).
SHELL := /bin/bash
.PHONY: all build run test test-release test-asan bench fuzz deps clean

BUILD_DIR ?= build
ASAN_DIR ?= build-asan
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := sip_message sip_framer sdp
JOBS ?= $(shell nproc)
CMAKE_GEN := -G Ninja

all: build

deps:
	@scripts/install-deps

build: deps
	cmake -S . -B $(BUILD_DIR) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Starts the gateway in the foreground on the embedded default configuration: registrar mode on
# 127.0.0.1:5060 (UDP and TCP) with two demo accounts whose passwords are generated on first start
# (printed once; kept in var/generated-credentials.txt, mode 0600). Ctrl-C stops it.
run: build
	$(BUILD_DIR)/voipguard run

test: test-release test-asan

test-release: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# Unit tests, corpus replays and the end-to-end suite again under AddressSanitizer + UBSan.
test-asan: deps
	cmake -S . -B $(ASAN_DIR) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DVG_SANITIZE=ON -DVG_BENCH=OFF
	cmake --build $(ASAN_DIR) -j $(JOBS)
	cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -L 'unit|e2e' -j $(JOBS)

# Benchmarks print figures and ratios against a peer measured in the same run: the SIP parser
# against libosip2, country lookup (full tor-geoipdb data) against a std::map of the same entries,
# the store's events/s against one commit per event, the proxy core with a security event per
# message against none (bench/README.md), then the proxy against Kamailio under SIPp load (several
# minutes; see bench/proxy_vs_kamailio/README.md for the BENCH_* knobs).
bench: build
	bench/run_parser_bench.sh $(BUILD_DIR)
	cmake --build $(BUILD_DIR) --target filters_bench >/dev/null
	$(BUILD_DIR)/filters_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
	cmake --build $(BUILD_DIR) --target geo_lookup >/dev/null
	$(BUILD_DIR)/geo_lookup --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
	cmake --build $(BUILD_DIR) --target store_events >/dev/null
	$(BUILD_DIR)/store_events tests/support/pg_cluster.sh 200000
	cmake --build $(BUILD_DIR) --target proxy_events_bench >/dev/null
	$(BUILD_DIR)/proxy_events_bench
	cmake --build $(BUILD_DIR) --target fraud_policy_bench >/dev/null
	$(BUILD_DIR)/fraud_policy_bench
	cmake --build $(BUILD_DIR) --target proxy_core_bench >/dev/null
	$(BUILD_DIR)/proxy_core_bench 50000 5
	bench/proxy_vs_kamailio/run.sh $(BUILD_DIR)
	cmake --build $(BUILD_DIR) --target media_bench >/dev/null
	bench/media_vs_rtpengine/run.sh $(BUILD_DIR)

# Each libFuzzer target runs FUZZ_SECONDS with ASan+UBSan; new inputs go to $(FUZZ_DIR)/corpus, the
# checked-in seeds in fuzz/corpus/ are read only. Any crash, leak, timeout or sanitizer report fails.
fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DVG_FUZZ=ON -DVG_SANITIZE=ON -DVG_TESTS=OFF -DVG_BENCH=OFF
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target $(addsuffix _fuzz,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/artifacts/$$t; \
		echo "== fuzzing $$t for $(FUZZ_SECONDS) s"; \
		$(FUZZ_DIR)/$${t}_fuzz -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=70000 \
			-print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/artifacts/$$t/ \
			$(FUZZ_DIR)/corpus/$$t fuzz/corpus/$$t 2>&1 | tail -n 25; \
		status=$${PIPESTATUS[0]}; \
		if [ $$status -ne 0 ]; then echo "fuzz target $$t FAILED (exit $$status)"; exit 1; fi; \
	done

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(FUZZ_DIR)
