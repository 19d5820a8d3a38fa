# The two set-up commands in README.md: `make demo` and `make test`. Each one installs what
# it needs first (uv, then the locked dependencies into .venv), so a fresh clone needs only python3.
# The sync compiles the installed packages' bytecode: where PYTHONDONTWRITEBYTECODE is set (as in many
# containers), nothing else ever writes it, and every command would compile Prefect afresh (3.3 s of a
# `posts-etl run`, against 1.7 s with the bytecode in place).
# The Makefile is a prerequisite of the sync: a .venv synced before a change to how it is synced
# is synced again, not left without its bytecode.
# `make stack-up` / `make stack-down`: the local Prefect server + work pool + deployments + worker
# (scripts/stack.sh; state and logs under .stack/).
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)

.PHONY: demo test bench clean stack-up stack-down stack-status

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet 'uv>=0.5,<1'

.venv/.synced: pyproject.toml uv.lock Makefile | $(UV)
	$(UV) sync --frozen --compile-bytecode
	touch $@

# The compiled quote stage (transforms/native.py): rebuilt when any transforms/ source changes;
# skipped, with one line saying why, where there is no C compiler (the code then runs as pure Python).
build/native/manifest.json: .venv/.synced scripts/build_native.py $(shell find transforms -name '*.py')
	.venv/bin/python scripts/build_native.py

demo: .venv/.synced build/native/manifest.json
	.venv/bin/posts-etl run

test: .venv/.synced build/native/manifest.json
	.venv/bin/pytest

stack-up: .venv/.synced
	scripts/stack.sh up

stack-down:
	scripts/stack.sh down

stack-status:
	scripts/stack.sh status

bench: .venv/.synced build/native/manifest.json
	.venv/bin/python benchmarks/bench_pipeline.py -n 10000

clean:
	scripts/stack.sh down
	rm -rf data bench-data build .venv .tools .stack test-artifacts
