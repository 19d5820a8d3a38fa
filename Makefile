# The two set-up commands in README.md: `make demo` and `make test`. Each one installs what
# it needs first (uv, then the locked dependencies into .venv), so a fresh clone needs only python3.
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)

.PHONY: demo test bench clean

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet 'uv>=0.5,<1'

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	touch $@

demo: .venv/.synced
	.venv/bin/posts-etl run

test: .venv/.synced
	.venv/bin/pytest

bench: .venv/.synced
	.venv/bin/python benchmarks/bench_pipeline.py -n 10000

clean:
	rm -rf data bench-data .venv .tools
