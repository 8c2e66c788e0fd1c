# The two commands a fresh machine needs (README's first lines):
#   make example   set up, build, and run the built-in example study
#   make test      set up (with the Python reference packages), build, and run the whole test suite
.PHONY: example test setup setup-test build release format lint benchmarks

SWIFT ?= swift

example: setup release
	.build/release/isomorph run pipelines/quickstart.yaml
	.build/release/isomorph run pipelines/quickstart.yaml

test: setup-test lint
	$(SWIFT) build --build-tests
	ISOMORPH_PYTHON=$(CURDIR)/.venv/bin/python $(SWIFT) test --skip-build

setup:
	bash Scripts/setup.sh

setup-test:
	bash Scripts/setup.sh --test

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release --product isomorph

format:
	bash Scripts/format.sh

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift Benchmarks/Sources Benchmarks/Package.swift

benchmarks: setup-test
	cd Benchmarks && $(SWIFT) build -c release && ./run.sh
