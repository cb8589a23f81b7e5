# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test bench clean serve fuzz

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[web,postgres,cluster,dev,languages]'
	touch $(STAMP)

install: $(STAMP)

## Brief the bundled example story (Markdown to the terminal, HTML to out/).
demo: $(STAMP)
	$(BIN)/newsbrief brief examples/story
	$(BIN)/newsbrief brief examples/story --format html -o out/example-brief.html
	@echo "HTML brief written to out/example-brief.html"
	@echo ""
	@echo "To run newsbrief yourself, put it on your PATH:  source $(VENV)/bin/activate"
	@echo "then, e.g.:  newsbrief brief ../shared/seed-story --format html -o out/seed.html"

## The whole test suite (what CI runs).
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

## Bounded coverage-guided fuzz of the text and HTML paths (issue 9): 60 s each; a crash fails the target.
fuzz: $(STAMP)
	$(BIN)/pip install -q -e '.[fuzz]'
	$(BIN)/python benchmarks/fuzz.py text --seconds 60
	$(BIN)/python benchmarks/fuzz.py html --seconds 60

bench: $(STAMP)
	$(BIN)/python benchmarks/quality.py
	$(BIN)/python benchmarks/speed.py

## The web app on http://127.0.0.1:8000 (DB: $$NEWSBRIEF_DB or ~/.local/share/newsbrief/newsbrief.db).
serve: $(STAMP)
	$(BIN)/newsbrief serve

clean:
	rm -rf $(VENV) out .pytest_cache
